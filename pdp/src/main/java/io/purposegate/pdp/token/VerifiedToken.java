package io.purposegate.pdp.token;

import java.util.List;
import java.util.Map;

/**
 * The claims of an access token whose signature, issuer, type and lifetime were checked.
 *
 * @param claims all claims, as JSON values (times as epoch seconds), for the policy input
 */
public record VerifiedToken(String subject, String clientId, String username, List<String> realmRoles,
        Map<String, Object> claims) {
}
