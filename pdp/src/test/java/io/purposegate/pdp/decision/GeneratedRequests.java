package io.purposegate.pdp.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Decision requests as callers might send them, near and past every documented limit, and the limits written out a
 * second time from docs/pdp.md (not from the code) to judge them.
 */
final class GeneratedRequests {

    /** Non-ASCII is escaped, so lone surrogates reach the PDP as the {@code \ud800} escapes a caller would send. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private GeneratedRequests() {
    }

    /** One {@code POST /v1/decisions} body as a JSON-ready map. */
    static Arbitrary<Map<String, Object>> single() {
        return Combinators.combine(action(), name(), resource(), context().injectNull(0.2))
                .as((action, purpose, resource, context) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("action", action);
                    body.put("purpose", purpose);
                    body.put("resource", resource);
                    if (context != null) {
                        body.put("context", context);
                    }
                    return body;
                });
    }

    static byte[] bytes(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every limit of docs/pdp.md's table, checked on the generated map. */
    @SuppressWarnings("unchecked")
    static boolean withinEveryLimit(Map<String, Object> body) {
        Map<String, Object> resource = (Map<String, Object>) body.get("resource");
        List<String> fields = (List<String>) resource.get("fields");
        Map<String, Object> context = (Map<String, Object>) body.get("context");
        return DecisionRequest.ACTIONS.contains(body.get("action"))
                && isName((String) body.get("purpose")) && isName((String) resource.get("type"))
                && isId((String) resource.get("id")) && isId((String) resource.get("owner"))
                && (fields == null || fields.size() <= 256 && fields.stream().allMatch(f -> text(f, 128)))
                && (context == null || contextWithin(context));
    }

    private static boolean contextWithin(Map<String, Object> context) {
        Object justification = context.get("justification");
        return (!context.containsKey("gpc") || context.get("gpc") instanceof Boolean) && depth(context) <= 4 && bytes(context).length <= 4096 && stringsWithin(context)
                && (justification == null || justification instanceof String j && j.length() <= 1000);
    }

    private static int depth(Object value) {
        if (value instanceof Map<?, ?> map) {
            return 1 + map.values().stream().mapToInt(GeneratedRequests::depth).max().orElse(0);
        }
        return 0;
    }

    private static boolean stringsWithin(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> clean((String) e.getKey()) && stringsWithin(e.getValue()));
        }
        return !(value instanceof String s) || clean(s);
    }

    private static byte[] bytes(Object value) {
        try {
            return new ObjectMapper().writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isName(String value) {
        return text(value, 64) && NAME.matcher(value).matches();
    }

    private static boolean isId(String value) {
        return text(value, 255);
    }

    private static boolean text(String value, int max) {
        return value != null && !value.isBlank() && value.length() <= max && clean(value);
    }

    /** Well-formed UTF-16 and no C0 control character or DEL. */
    private static boolean clean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static Arbitrary<String> action() {
        return Arbitraries.oneOf(Arbitraries.of(DecisionRequest.ACTIONS.stream().sorted().toList()), name());
    }

    /** Names and ids: mostly plausible, sometimes long, blank or with hostile characters. */
    private static Arbitrary<String> name() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789._:-").ofMinLength(1).ofMaxLength(70),
                text(0, 300));
    }

    private static Arbitrary<String> text(int min, int max) {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars(" -é€").ofMinLength(min)
                .ofMaxLength(max);
        Arbitrary<String> hostile = Arbitraries.strings()
                .withChars("ab \u0000\u0009\n\u001f\u007f\ud800\udc00\u00e9\u2028\u3000")
                .ofMinLength(min).ofMaxLength(Math.min(max, 40));
        Arbitrary<String> astral = Arbitraries.integers().between(min, max).map(n -> "\ud83d\ude00".repeat(n / 2 + 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, plain), net.jqwik.api.Tuple.of(3, hostile), net.jqwik.api.Tuple.of(1, astral));
    }

    private static Arbitrary<Map<String, Object>> resource() {
        Arbitrary<List<String>> fields = Arbitraries.oneOf(
                text(1, 20).list().ofMaxSize(10),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(140).list().ofMinSize(200).ofMaxSize(300));
        Arbitrary<String> id = Arbitraries.oneOf(text(0, 300),
                Arbitraries.strings().withCharRange('a', 'f').withChars("0123456789-").ofMinLength(250).ofMaxLength(260));
        return Combinators.combine(name(), id, id, fields.injectNull(0.1)).as((type, resourceId, owner, names) -> {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("type", type);
            resource.put("id", resourceId);
            resource.put("owner", owner);
            if (names != null) {
                resource.put("fields", new ArrayList<>(names));
            }
            return resource;
        });
    }

    private static Arbitrary<Map<String, Object>> context() {
        Arbitrary<String> justification = Arbitraries.oneOf(text(0, 100),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(990).ofMaxLength(1010));
        return Combinators.combine(Arbitraries.of(true, false), justification.injectNull(0.3), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 6000), text(0, 20))
                .as((gpc, reason, depth, padding, key) -> {
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("gpc", gpc);
                    if (reason != null) {
                        context.put("justification", reason);
                    }
                    Map<String, Object> nested = context;
                    for (int i = 1; i < depth; i++) {
                        Map<String, Object> deeper = new LinkedHashMap<>();
                        nested.put(key.isEmpty() ? "k" + i : key, deeper);
                        nested = deeper;
                    }
                    if (padding > 3000) {
                        context.put("note", "n".repeat(padding));
                    }
                    return context;
                });
    }
}
