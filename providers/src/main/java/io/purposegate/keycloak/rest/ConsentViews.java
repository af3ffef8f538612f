package io.purposegate.keycloak.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.purposegate.keycloak.catalog.Notice;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentLedger;
import io.purposegate.keycloak.ledger.ConsentRecordEntity;
import io.purposegate.keycloak.ledger.ConsentState;
import io.purposegate.keycloak.outbox.ConsentEvents;

/** JSON views shared by the self-service and admin APIs. */
final class ConsentViews {

    private ConsentViews() {
    }

    static Map<String, Object> catalog(Notice notice, List<Purpose> purposes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("notice", notice);
        out.put("purposes", purposes);
        return out;
    }

    /** The current state: per decided purpose the latest record, plus what is granted and lawful now. */
    static Map<String, Object> state(String userId, ConsentState state, List<Purpose> catalog, String jurisdiction,
            long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", userId);
        out.put("v", state.version());
        out.put("notice", state.notice());
        out.put("jurisdiction", jurisdiction);
        Map<String, Object> consents = new LinkedHashMap<>();
        state.entries().forEach((purpose, entry) -> consents.put(purpose, entry.describe(now)));
        out.put("consents", consents);
        List<String> granted = new ArrayList<>();
        List<String> lawful = new ArrayList<>();
        for (Purpose purpose : catalog) {
            if (purpose.consentBased() && ConsentState.GIVEN.equals(state.stateAt(purpose.id, now))) {
                granted.add(purpose.id);
            }
            if (state.lawful(purpose, jurisdiction, now)) {
                lawful.add(purpose.id);
            }
        }
        out.put("granted", granted);
        out.put("lawful", lawful);
        return out;
    }

    static Map<String, Object> history(long version, List<ConsentRecordEntity> records) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (ConsentRecordEntity record : records) {
            described.add(ConsentEvents.record(record));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", version);
        out.put("records", described);
        return out;
    }

    static Map<String, Object> verification(ConsentLedger.Verification verification) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", verification.valid());
        out.put("entries", verification.entries());
        if (!verification.valid()) {
            out.put("broken_at_version", verification.brokenAtVersion());
            out.put("problem", verification.problem());
        }
        return out;
    }
}
