package io.purposegate.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The few claims the SDK reads from the caller's access token, decoded <em>without</em> verifying
 * it: the PDP verifies every token it is asked with, and nothing personal leaves without the PDP's
 * allow for that token. Used to name the caller's own record ({@code sub}) and to key the decision cache.
 *
 * @param sub the token's subject, null when absent
 * @param azp the client the token was issued to, null when absent
 * @param exp expiry in epoch seconds, null when absent
 */
record TokenClaims(String sub, String azp, Long exp) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return the claims of a JWS compact token's payload; empty when it cannot be read as one */
    static Optional<TokenClaims> decode(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(stripPadding(parts[1]));
            JsonNode claims = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
            if (claims == null || !claims.isObject()) {
                return Optional.empty();
            }
            JsonNode exp = claims.get("exp");
            return Optional.of(new TokenClaims(text(claims.get("sub")), text(claims.get("azp")),
                    exp != null && exp.canConvertToLong() && exp.isNumber() ? exp.asLong() : null));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String stripPadding(String part) {
        int end = part.length();
        while (end > 0 && part.charAt(end - 1) == '=') {
            end--;
        }
        return part.substring(0, end);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
