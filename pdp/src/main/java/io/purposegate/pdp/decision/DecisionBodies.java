package io.purposegate.pdp.decision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.purposegate.pdp.problem.InputViolation;
import io.purposegate.pdp.problem.RequestLimitException;

/**
 * Reads the body of a decision request within its limits: at most {@code max} bytes whether the length was announced
 * or not (chunked), then one JSON object whose structure is bounded (nesting, number length, finite numbers, no
 * duplicate keys), then the typed record with no coercion between JSON types. Anything else is a 400 problem that
 * names the limit; nothing here ever becomes a 500.
 */
final class DecisionBodies {

    /** Deeper than any valid request (a batch's fields are 3 levels down, the context may add 4). */
    static final int JSON_DEPTH_MAX = 32;
    /** Longest number literal, in characters. */
    static final int JSON_NUMBER_MAX = 64;

    private static final ObjectMapper JSON = strictMapper();

    private DecisionBodies() {
    }

    /** The request in {@code body}, or null for an empty body. */
    static <T> T read(InputStream body, long max, Class<T> type) throws IOException {
        byte[] bytes = readAtMost(body, max);
        if (bytes.length == 0) {
            return null;
        }
        try {
            checkStructure(bytes);
            return JSON.readValue(bytes, type);
        } catch (MismatchedInputException e) {
            String path = path(e);
            throw new RequestLimitException("invalid-request", "Invalid decision request",
                    InputViolation.rule(path, "json.type", (path == null ? "the body" : path) + " has the wrong type"));
        } catch (JsonProcessingException e) {
            // not JSON at all, or broken inside a string (a lone surrogate in a key, invalid UTF-8)
            throw malformed("json.syntax", "the request body is not valid JSON");
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /** All of the stream, or a body-too-large problem as soon as more than {@code max} bytes have come. */
    static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > max) {
                throw RequestLimitException.bodyTooLarge(max);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** One JSON object, nesting at most {@link #JSON_DEPTH_MAX}, numbers short and finite, no key twice in an object. */
    static void checkStructure(byte[] bytes) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
            Deque<Set<String>> keys = new ArrayDeque<>();
            String topLevelKey = null;
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw malformed("json.type", "the request body must be a JSON object");
            }
            keys.push(new HashSet<>());
            while (!keys.isEmpty()) {
                token = parser.nextToken();
                if (token == null) {
                    throw malformed("json.syntax", "the request body is not valid JSON");
                }
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (keys.size() >= JSON_DEPTH_MAX) {
                            throw tooDeep(topLevelKey);
                        }
                        keys.push(token == JsonToken.START_OBJECT ? new HashSet<>() : Set.of());
                    }
                    case END_OBJECT, END_ARRAY -> keys.pop();
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        if (!keys.peek().add(name)) {
                            throw malformed("json.duplicate-key", "a key appears twice in one object");
                        }
                        if (keys.size() == 1) {
                            topLevelKey = name;
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (parser.getTextLength() > JSON_NUMBER_MAX) {
                            throw new RequestLimitException("malformed-json", "Malformed JSON",
                                    InputViolation.bounded(null, "json.number.length", JSON_NUMBER_MAX,
                                            "numbers must be at most " + JSON_NUMBER_MAX + " characters long"));
                        }
                        if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
                            throw malformed("json.number.range", "numbers must be finite");
                        }
                    }
                    default -> {
                        // strings, booleans and null: their content is checked field by field (InputLimits)
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw malformed("json.syntax", "the request body must be one JSON object");
            }
        }
    }

    private static RequestLimitException tooDeep(String topLevelKey) {
        if ("context".equals(topLevelKey)) {
            return new RequestLimitException("invalid-request", "Invalid request",
                    InputViolation.bounded("context", "context.depth", InputLimits.CONTEXT_DEPTH_MAX,
                            "context must be nested at most " + InputLimits.CONTEXT_DEPTH_MAX + " levels deep"));
        }
        return new RequestLimitException("malformed-json", "Malformed JSON", InputViolation.bounded(null, "json.depth",
                JSON_DEPTH_MAX, "the request body must be nested at most " + JSON_DEPTH_MAX + " levels deep"));
    }

    private static RequestLimitException malformed(String limit, String message) {
        return new RequestLimitException("malformed-json", "Malformed JSON", InputViolation.rule(null, limit, message));
    }

    private static ObjectMapper strictMapper() {
        JsonFactory factory = JsonFactory.builder()
                // the structure check above is the real bound; these only keep the parser from doing work past it
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(JSON_DEPTH_MAX + 1)
                        .maxNumberLength(1_000_000)
                        .build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // a number or boolean where a string belongs is a wrong type, not a string
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
