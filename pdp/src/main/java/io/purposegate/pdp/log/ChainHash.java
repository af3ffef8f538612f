package io.purposegate.pdp.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The rule that links each entry to the one before it (docs/pdp.md, "Hash chain"). */
final class ChainHash {

    /** The previous hash of the first entry ever written. */
    static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    /** {@code SHA-256(previous hash + "\n" + entry)}, lower-case hex. */
    static String of(String previousHash, String entry) {
        MessageDigest sha256 = sha256();
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) '\n');
        sha256.update(entry.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
