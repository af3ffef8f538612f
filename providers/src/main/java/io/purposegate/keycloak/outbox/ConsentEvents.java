package io.purposegate.keycloak.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.purposegate.keycloak.ledger.ConsentRecordEntity;
import io.purposegate.keycloak.ledger.ConsentState;

/** The consent events of docs/interfaces.md section 3 (the {@code event} claim). */
public final class ConsentEvents {

    public static final String CHANGED = "consent.changed";
    public static final String DELETED = "user.deleted";

    private ConsentEvents() {
    }

    /** A change: the complete state after it, and the records it appended. */
    public static Map<String, Object> changed(String userId, long previousVersion, ConsentState after,
            List<ConsentRecordEntity> records, String jurisdiction, long now) {
        Map<String, Object> event = state(userId, after, jurisdiction, now);
        event.put("type", CHANGED);
        event.put("previous_v", previousVersion);
        event.put("time", Instant.ofEpochMilli(now).toString());
        List<Map<String, Object>> described = new ArrayList<>();
        for (ConsentRecordEntity record : records) {
            described.add(record(record));
        }
        event.put("records", described);
        return event;
    }

    /** The subject was erased: receivers forget it. */
    public static Map<String, Object> deleted(String userId, long previousVersion, long now) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", DELETED);
        event.put("user_id", userId);
        event.put("v", previousVersion + 1);
        event.put("previous_v", previousVersion);
        event.put("time", Instant.ofEpochMilli(now).toString());
        event.put("consents", Map.of());
        event.put("records", List.of());
        return event;
    }

    /** A user's current state as the resync API and events describe it. */
    public static Map<String, Object> state(String userId, ConsentState state, String jurisdiction, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", userId);
        out.put("v", state.version());
        out.put("jurisdiction", jurisdiction);
        out.put("notice", state.notice());
        Map<String, Object> consents = new LinkedHashMap<>();
        state.entries().forEach((purpose, entry) -> {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("state", entry.stateAt(now));
            described.put("time", Instant.ofEpochMilli(entry.time()).toString());
            if (entry.expiresAt() != null) {
                described.put("expires_at", Instant.ofEpochMilli(entry.expiresAt()).toString());
            }
            consents.put(purpose, described);
        });
        out.put("consents", consents);
        return out;
    }

    /** One ledger record as the history APIs and events show it. */
    public static Map<String, Object> record(ConsentRecordEntity record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", record.getId());
        out.put("v", record.getVersion());
        out.put("purpose", record.getPurposeId());
        out.put("state", record.getState());
        out.put("notice", record.getNotice());
        out.put("method", record.getMethod());
        out.put("client_id", record.getClientId());
        out.put("jurisdiction", record.getJurisdiction());
        out.put("time", Instant.ofEpochMilli(record.getCreatedAt()).toString());
        if (record.getExpiresAt() != null) {
            out.put("expires_at", Instant.ofEpochMilli(record.getExpiresAt()).toString());
        }
        out.put("prev_hash", record.getPrevHash());
        out.put("hash", record.getHash());
        return out;
    }
}
