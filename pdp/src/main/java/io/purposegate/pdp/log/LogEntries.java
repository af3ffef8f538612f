package io.purposegate.pdp.log;

import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The canonical JSON of an entry, as hashed, journaled and stored, and its way back. */
final class LogEntries {

    /**
     * Every character outside printable ASCII is written as a JSON escape ({@code \u00e9}), so an entry's text
     * is plain ASCII whatever a decision holds (a lone surrogate, a NUL): any database and the journal keep it
     * as it is, and it reads back to the same decision.
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true);

    private LogEntries() {
    }

    static String canonicalJson(LoggedDecision decision) {
        try {
            return JSON.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision could not be serialized", e);
        }
    }

    static LoggedDecision parse(String entry) throws SQLException {
        try {
            return JSON.readValue(entry, LoggedDecision.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("a decision-log entry is not readable", e);
        }
    }
}
