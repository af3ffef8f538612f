package io.purposegate.democrm.customer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code sub} of the caller's bearer token, read without checking the signature. Only for methods
 * guarded with {@code subject = CALLER}: the SDK ran before them and the PDP, which does verify the
 * token, allowed this access with that very subject as the record's owner.
 */
final class CallerSubject {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallerSubject() {
    }

    static Optional<String> of(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] scheme = authorization.strip().split("\\s+", 2);
        if (scheme.length != 2 || !scheme[0].equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        String[] parts = scheme[1].split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode sub = claims == null ? null : claims.get("sub");
            return sub != null && sub.isTextual() && !sub.asText().isEmpty() ? Optional.of(sub.asText()) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }
}
