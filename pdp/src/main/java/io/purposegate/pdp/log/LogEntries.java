package io.purposegate.pdp.log;

import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The canonical JSON of an entry, as hashed, journaled and stored, and its way back. */
final class LogEntries {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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
