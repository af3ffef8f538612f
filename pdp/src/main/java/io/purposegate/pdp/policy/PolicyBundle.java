package io.purposegate.pdp.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * An OPA bundle (a gzipped tar of Rego and data files plus {@code .manifest}) built from the policy
 * directory. The revision is a digest of every file's path and content, so the same policies always give
 * the same revision and bytes (sorted entries, zero timestamps), and the ETag can be the revision.
 * Tests ({@code *_test.rego}) stay out of the bundle.
 *
 * @param revision what OPA reports as the bundle's revision, and the PDP as {@code policy_revision}
 */
public record PolicyBundle(String revision, byte[] archive, int files) {

    /** Reads {@code policiesDir} and builds the bundle with {@code roots} owned by it. */
    public static PolicyBundle build(Path policiesDir, List<String> roots) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(policiesDir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = policiesDir.relativize(file).toString().replace('\\', '/');
                boolean policy = name.endsWith(".rego") && !name.endsWith("_test.rego");
                boolean data = name.endsWith("/data.json") || name.equals("data.json");
                if (policy || data) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no policies under " + policiesDir);
        }
        String revision = digest(files);
        StringBuilder manifest = new StringBuilder("{\"revision\":\"").append(revision).append("\",\"roots\":[");
        for (int i = 0; i < roots.size(); i++) {
            manifest.append(i == 0 ? "" : ",").append('"').append(roots.get(i)).append('"');
        }
        manifest.append("]}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            writeEntry(gzip, ".manifest", manifest.toString().getBytes(StandardCharsets.UTF_8));
            for (var file : files.entrySet()) {
                writeEntry(gzip, file.getKey(), file.getValue());
            }
            gzip.write(new byte[1024]); // two empty blocks end a tar archive
        }
        return new PolicyBundle(revision, bytes.toByteArray(), files.size());
    }

    private static String digest(TreeMap<String, byte[]> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (var file : files.entrySet()) {
                sha256.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(Long.toString(file.getValue().length).getBytes(StandardCharsets.US_ASCII));
                sha256.update((byte) 0);
                sha256.update(file.getValue());
            }
            return "sha256-" + HexFormat.of().formatHex(sha256.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One ustar entry: a 512-byte header, then the content padded to 512 bytes. */
    private static void writeEntry(OutputStream out, String name, byte[] content) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IOException("policy file name too long for the bundle: " + name);
        }
        byte[] header = new byte[512];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, content.length);
        octal(header, 136, 12, 0);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = '0';
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xFF;
        }
        octal(header, 148, 7, checksum);
        out.write(header);
        out.write(content);
        int padding = (512 - content.length % 512) % 512;
        out.write(new byte[padding]);
    }

    /** A zero-padded octal number, NUL-terminated, in {@code length} bytes. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] ascii = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, header, offset, ascii.length);
        header[offset + length - 1] = 0;
    }

    /**
     * A cheap fingerprint of the directory's files (names, sizes, modification times): when it changes, the bundle
     * is built again.
     */
    public static String fingerprint(Path policiesDir) throws IOException {
        StringBuilder fingerprint = new StringBuilder();
        try (Stream<Path> walk = Files.walk(policiesDir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                fingerprint.append(file).append(':').append(Files.size(file)).append(':')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
        }
        return fingerprint.toString();
    }

    /** For callers that need the names inside, e.g. tests. */
    public static List<String> defaultRoots() {
        return new ArrayList<>(List.of("purposegate"));
    }
}
