package io.purposegate.pdp.token;

import java.util.List;
import java.util.Map;

/**
 * The claims of an access token whose signature, issuer, type and lifetime were checked. The actor's
 * identity is derived from them on demand, so the decision path pays only for what it reads.
 *
 * @param claims all claims, as JSON values (times as epoch seconds), for the policy input
 */
public record VerifiedToken(Map<String, Object> claims) {

    public String subject() {
        return stringClaim("sub");
    }

    /** The client the token was issued to (Keycloak's {@code azp}). */
    public String clientId() {
        return stringClaim("azp");
    }

    public String username() {
        return stringClaim("preferred_username");
    }

    /** Keycloak's realm roles ({@code realm_access.roles}); empty when absent or ill-typed. */
    public List<String> realmRoles() {
        if (claims.get("realm_access") instanceof Map<?, ?> access && access.get("roles") instanceof List<?> roles) {
            return roles.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** False for a client's service account: Keycloak names its user {@code service-account-<client>}. */
    public boolean human() {
        String username = username();
        return username == null || !username.startsWith("service-account-");
    }

    public boolean hasRealmRole(String role) {
        return realmRoles().contains(role);
    }

    private String stringClaim(String name) {
        return claims.get(name) instanceof String value ? value : null;
    }
}
