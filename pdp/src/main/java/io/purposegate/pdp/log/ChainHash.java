package io.purposegate.pdp.log;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The rules that link each entry to the one before it (docs/pdp.md, "Hash chain"), by hash version:
 * <ul>
 * <li>1 (entries written before step 6): {@code SHA-256(prev_hash LF entry)} over the entry's JSON only;</li>
 * <li>2: SHA-256 of {@code "purposegate-decision-log-v2" LF} and then each stored column in a fixed order,
 * length-prefixed: {@code <byte length of its UTF-8>:<UTF-8> LF}, or {@code - LF} for a null, so that no
 * column can change, or move into another, without changing the hash.</li>
 * </ul>
 */
final class ChainHash {

    /** The previous hash of the first entry ever written. */
    static final String GENESIS = "0".repeat(64);
    /** The rule new entries are written with. */
    static final int CURRENT = 2;
    private static final byte[] V2_DOMAIN = "purposegate-decision-log-v2\n".getBytes(StandardCharsets.US_ASCII);

    private ChainHash() {
    }

    /** Version 1: {@code SHA-256(previous hash + "\n" + entry)}, lower-case hex. */
    static String of(String previousHash, String entry) {
        MessageDigest sha256 = sha256();
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) '\n');
        sha256.update(entry.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The hash of {@code row}'s stored values under its own hash version. */
    static String of(LogRow row) {
        if (row.hashVersion() == 1) {
            return row.entry() == null ? null : of(row.prevHash(), row.entry());
        }
        if (row.hashVersion() != 2) {
            return null; // a version this code does not know never matches
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (row.entry() == null ? 0 : row.entry().length()));
        bytes.writeBytes(V2_DOMAIN);
        field(bytes, row.prevHash());
        field(bytes, Long.toString(row.seq()));
        field(bytes, row.decisionId());
        field(bytes, Long.toString(row.timeMs()));
        field(bytes, row.subject());
        field(bytes, row.actorClient());
        field(bytes, row.actorUser());
        field(bytes, row.purpose());
        field(bytes, row.action());
        field(bytes, row.resourceType());
        field(bytes, row.resourceId());
        field(bytes, row.entry());
        return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
    }

    private static void field(ByteArrayOutputStream bytes, String value) {
        if (value == null) {
            bytes.writeBytes(new byte[] {'-', '\n'});
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        bytes.writeBytes(Integer.toString(utf8.length).getBytes(StandardCharsets.US_ASCII));
        bytes.write(':');
        bytes.writeBytes(utf8);
        bytes.write('\n');
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
