package io.purposegate.pdp.policy.wasm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OPA bundle built with {@code opa build -t wasm}: {@code /.manifest} (revision, Wasm entrypoints),
 * {@code /policy.wasm} and {@code /data.json}. Reading checks its integrity before anything is instantiated: every
 * file once, no more than the limits, the manifest's revision the one expected, each entrypoint the PDP evaluates
 * built into the module. The module and the data are identified by their SHA-256 ({@link #moduleDigest()},
 * {@link #dataVersion()}).
 *
 * @param dataVersion what every decision names as {@code data_version}: a digest of the data document
 */
public record WasmBundle(String revision, byte[] module, byte[] data, String moduleDigest, String dataVersion,
        Set<String> entrypoints) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;

    /** Reads and checks a gzipped bundle; {@code required} are the entrypoints the PDP will evaluate. */
    public static WasmBundle read(byte[] gzipped, String expectedRevision, List<String> required) throws IOException {
        Map<String, byte[]> files = untar(gzipped);
        byte[] manifestBytes = files.get(".manifest");
        byte[] module = files.get("policy.wasm");
        byte[] data = files.get("data.json");
        if (manifestBytes == null || module == null) {
            throw new IOException("the bundle has no " + (manifestBytes == null ? ".manifest" : "policy.wasm"));
        }
        if (data == null) {
            data = "{}".getBytes(StandardCharsets.UTF_8);
        }
        JsonNode manifest = JSON.readTree(manifestBytes);
        String revision = manifest.path("revision").asText("");
        if (expectedRevision != null && !expectedRevision.equals(revision)) {
            throw new IOException("the bundle's revision is " + revision + ", not the expected " + expectedRevision);
        }
        Set<String> entrypoints = new HashSet<>();
        for (JsonNode wasm : manifest.path("wasm")) {
            if (!"/policy.wasm".equals(wasm.path("module").asText())) {
                throw new IOException("the bundle names a Wasm module other than /policy.wasm");
            }
            entrypoints.add(wasm.path("entrypoint").asText());
        }
        for (String entrypoint : required) {
            if (!entrypoints.contains(entrypoint)) {
                throw new IOException("the bundle's module was not built for the entrypoint " + entrypoint);
            }
        }
        if (!JSON.readTree(data).isObject()) {
            throw new IOException("the bundle's data.json is not a JSON object");
        }
        return new WasmBundle(revision, module, data, digest(module), digest(data), Set.copyOf(entrypoints));
    }

    static String digest(byte[] bytes) {
        try {
            return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The regular files of a (ustar or PAX) tar inside gzip; names without a leading slash, each at most once. */
    private static Map<String, byte[]> untar(byte[] gzipped) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        long total = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            byte[] header = new byte[512];
            String paxPath = null;
            while (readFully(in, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = paxPath != null ? paxPath : cString(header, 0, 100);
                String prefix = cString(header, 345, 155);
                if (paxPath == null && !prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                paxPath = null;
                long size = Long.parseLong(cString(header, 124, 12).trim().isEmpty() ? "0" : cString(header, 124, 12).trim(), 8);
                total += size;
                if (size < 0 || total > MAX_BUNDLE_BYTES) {
                    throw new IOException("the bundle is larger than " + MAX_BUNDLE_BYTES + " bytes");
                }
                byte[] content = new byte[(int) size];
                if (!readFully(in, content)) {
                    throw new IOException("the bundle ends inside " + name);
                }
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
                char type = (char) header[156];
                if (type == 'x') {
                    paxPath = paxValue(content, "path");
                } else if (type == '0' || type == 0) {
                    String clean = name.replaceFirst("^/+", "");
                    if (files.put(clean, content) != null) {
                        throw new IOException("the bundle holds " + clean + " twice");
                    }
                }
            }
        }
        return files;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read == 0) {
            return false;
        }
        if (read < buffer.length) {
            throw new IOException("the bundle is truncated");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** A PAX record's value ({@code "<len> <key>=<value>\n"}), or null. */
    private static String paxValue(byte[] records, String key) {
        String text = new String(records, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            int equals = line.indexOf('=');
            if (space > 0 && equals > space && line.substring(space + 1, equals).equals(key)) {
                return line.substring(equals + 1);
            }
        }
        return null;
    }
}
