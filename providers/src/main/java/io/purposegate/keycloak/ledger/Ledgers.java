package io.purposegate.keycloak.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** The hash chain of the consent ledger: how one record's hash is computed. */
public final class Ledgers {

    /** The previous hash of a user's first record. */
    public static final String GENESIS = "0".repeat(64);

    private Ledgers() {
    }

    /**
     * SHA-256 over the previous hash and every field of the record, in a fixed order with
     * explicit separators, so that changing, removing or reordering any record breaks the chain.
     */
    public static String hash(String prevHash, ConsentRecordEntity r) {
        String canonical = String.join("\n",
                "purposegate-consent-record-v1",
                prevHash,
                r.getId(),
                r.getRealmId(),
                r.getUserId(),
                Long.toString(r.getVersion()),
                r.getPurposeId(),
                r.getState(),
                Objects.toString(r.getNotice(), ""),
                r.getMethod(),
                Objects.toString(r.getClientId(), ""),
                Objects.toString(r.getJurisdiction(), ""),
                Long.toString(r.getCreatedAt()),
                Objects.toString(r.getExpiresAt(), ""));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
