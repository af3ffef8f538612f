package io.purposegate.keycloak.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentLedger;

/** Parses and validates {@code {"granted":[...],"refused":[...]}} against a realm's catalog. */
public final class ConsentRequests {

    static final ObjectMapper JSON = new ObjectMapper();

    private ConsentRequests() {
    }

    /** The decisions of a request body; a 400 problem for anything malformed or unknown. */
    public static List<ConsentLedger.Decision> parse(String body, Map<String, Purpose> catalog, String method) {
        JsonNode root = json(body);
        if (!root.isObject()) {
            throw Problems.invalid("the body must be a JSON object {\"granted\":[...],\"refused\":[...]}", List.of());
        }
        List<String> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("granted") && !name.equals("refused")) {
                errors.add("unknown member '" + name + "'");
            }
        });
        Set<String> granted = ids(root, "granted", errors);
        Set<String> refused = ids(root, "refused", errors);
        if (errors.isEmpty() && granted.isEmpty() && refused.isEmpty()) {
            errors.add("name at least one purpose in 'granted' or 'refused'");
        }
        for (String id : granted) {
            if (refused.contains(id)) {
                errors.add("purpose '" + id + "' is both granted and refused");
            }
        }
        List<ConsentLedger.Decision> decisions = new ArrayList<>();
        for (String id : granted) {
            check(id, catalog, errors).ifPresent(p -> decisions.add(new ConsentLedger.Decision(id, true, method)));
        }
        for (String id : refused) {
            check(id, catalog, errors).ifPresent(p -> decisions.add(new ConsentLedger.Decision(id, false, method)));
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid("the consent request is not valid", errors);
        }
        return decisions;
    }

    static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw Problems.badRequest("malformed-json", "the request has no body");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw Problems.badRequest("malformed-json", "the body is not valid JSON");
        }
    }

    private static Optional<Purpose> check(String id, Map<String, Purpose> catalog, List<String> errors) {
        Purpose purpose = catalog.get(id);
        if (purpose == null) {
            errors.add("unknown purpose '" + id + "'");
            return Optional.empty();
        }
        if (!purpose.consentBased()) {
            errors.add("purpose '" + id + "' rests on " + purpose.lawfulBasis + ", not on consent: there is nothing to grant or refuse");
            return Optional.empty();
        }
        return Optional.of(purpose);
    }

    private static Set<String> ids(JsonNode root, String member, List<String> errors) {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode node = root.get(member);
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            errors.add("'" + member + "' must be an array of purpose ids");
            return ids;
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                errors.add("'" + member + "' must contain only strings");
            } else {
                ids.add(item.asText());
            }
        }
        return ids;
    }
}
