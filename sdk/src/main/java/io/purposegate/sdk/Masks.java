package io.purposegate.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The mask strategies the policies emit. A mask returns the value to send, or {@code null} when the
 * value cannot be masked by that strategy and is removed instead (fail closed).
 *
 * <ul>
 * <li>{@code redact}: the whole value, whatever its type, becomes {@code "[redacted]"};</li>
 * <li>{@code last4}: {@code "****"} followed by the last four letters or digits
 * ({@code "+33 6 12 34 56 78"} becomes {@code "****5678"}); a value with four or fewer becomes {@code "****"};</li>
 * <li>{@code hash}: HMAC-SHA256 of the UTF-8 value with the configured key, lowercase hex; without a
 * key the value is removed;</li>
 * <li>{@code year_only}: an ISO date or date-time ({@code "1990-04-12"}) becomes its year ({@code "1990"});
 * anything else is removed;</li>
 * <li>{@code initials}: {@code "Alice Martin"} becomes {@code "A. M."}.</li>
 * </ul>
 *
 * Every strategy but {@code redact} masks an object or an array leaf by leaf: strings, and numbers
 * as their text; booleans are removed; {@code null} stays {@code null}. An unknown strategy removes
 * the value.
 */
final class Masks {

    static final String REDACTED = "[redacted]";
    static final Set<String> STRATEGIES = Set.of("redact", "last4", "hash", "year_only", "initials");

    private static final Logger LOG = Logger.getLogger(Masks.class.getName());
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(?:[T ].*)?");

    private final SecretKeySpec hashKey;
    private volatile boolean warnedNoKey;

    /** @param hashKey the HMAC key of {@code hash}, or null: then hashed fields are removed */
    Masks(byte[] hashKey) {
        this.hashKey = hashKey == null || hashKey.length == 0 ? null : new SecretKeySpec(hashKey.clone(), "HmacSHA256");
    }

    /** @return the masked value, or null when it is to be removed */
    JsonNode mask(JsonNode value, String strategy) {
        if (strategy == null || !STRATEGIES.contains(strategy)) {
            return null;
        }
        if ("redact".equals(strategy)) {
            return TextNode.valueOf(REDACTED);
        }
        if ("hash".equals(strategy) && hashKey == null) {
            if (!warnedNoKey) {
                warnedNoKey = true;
                LOG.warning("a field masked by 'hash' is removed: no hash key is configured (PurposeGateConfig.hashKey)");
            }
            return null;
        }
        return leaves(value, strategy);
    }

    private JsonNode leaves(JsonNode value, String strategy) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        if (value.isObject()) {
            ObjectNode out = ((ObjectNode) value).objectNode();
            value.properties().forEach(property -> {
                JsonNode masked = leaves(property.getValue(), strategy);
                if (masked != null) {
                    out.set(property.getKey(), masked);
                }
            });
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = ((ArrayNode) value).arrayNode();
            for (JsonNode element : value) {
                JsonNode masked = leaves(element, strategy);
                if (masked != null) {
                    out.add(masked);
                }
            }
            return out;
        }
        if (value.isTextual() || value.isNumber()) {
            String masked = text(value.asText(), strategy);
            return masked == null ? null : TextNode.valueOf(masked);
        }
        return null;
    }

    String text(String value, String strategy) {
        return switch (strategy) {
            case "last4" -> last4(value);
            case "hash" -> hash(value);
            case "year_only" -> yearOnly(value);
            case "initials" -> initials(value);
            default -> null;
        };
    }

    static String last4(String value) {
        int[] kept = value.codePoints().filter(Character::isLetterOrDigit).toArray();
        if (kept.length <= 4) {
            return "****";
        }
        return "****" + new String(kept, kept.length - 4, 4);
    }

    static String yearOnly(String value) {
        Matcher date = ISO_DATE.matcher(value.strip());
        return date.matches() ? date.group(1) : null;
    }

    static String initials(String value) {
        StringBuilder out = new StringBuilder();
        for (String word : value.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.appendCodePoint(Character.toUpperCase(word.codePointAt(0))).append('.');
        }
        return out.toString();
    }

    private String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
