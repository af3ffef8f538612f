package io.purposegate.pdp.decision;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.pdp.problem.InputViolation;

/**
 * The documented limits of a decision request (docs/pdp.md, "Input limits"), checked field by field at the edge,
 * before anything is decided or logged. The decision log's columns are sized to what these admit. Lengths are
 * counted in UTF-16 code units (Java's {@code String.length()}), so a character outside the Basic Multilingual
 * Plane counts twice and no admitted value is longer in characters than its limit on any store.
 */
public final class InputLimits {

    /** {@code resource.owner} (the subject id) and {@code resource.id}. */
    public static final int ID_MAX = 255;
    /** {@code resource.type}, {@code purpose}, {@code action}: also {@link #NAME}. */
    public static final int NAME_MAX = 64;
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    public static final int FIELDS_MAX = 256;
    public static final int FIELD_NAME_MAX = 128;
    /** Timestamps of the resource ({@code resource.retention_from}, {@code resource.created_at}): RFC 3339 and at most this long. */
    public static final int TIMESTAMP_MAX = 64;
    /** {@code context} serialized as JSON, in bytes. */
    public static final int CONTEXT_BYTES_MAX = 4096;
    /** {@code context} itself is level 1; {@code {"a": {"b": {"c": 1}}}} is 3 deep. */
    public static final int CONTEXT_DEPTH_MAX = 4;
    public static final int JUSTIFICATION_MAX = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputLimits() {
    }

    /** An identifier ({@code resource.owner}, {@code resource.id}): present, not blank, at most {@link #ID_MAX}. */
    static void id(String value, String path, String limitName, List<InputViolation> out) {
        if (required(value, path, limitName, out)) {
            text(value, path, limitName, ID_MAX, out);
        }
    }

    /** A name ({@code resource.type}, {@code purpose}, {@code action}): at most {@link #NAME_MAX} of {@link #NAME}. */
    static void name(String value, String path, String limitName, List<InputViolation> out) {
        if (required(value, path, limitName, out) && text(value, path, limitName, NAME_MAX, out)
                && !NAME.matcher(value).matches()) {
            out.add(InputViolation.rule(path, limitName + ".pattern",
                    path + " must match " + NAME.pattern()));
        }
    }

    static void fields(List<String> fields, String path, List<InputViolation> out) {
        if (fields == null) {
            return;
        }
        if (fields.size() > FIELDS_MAX) {
            out.add(InputViolation.bounded(path, "resource.fields.count", FIELDS_MAX,
                    path + " must name at most " + FIELDS_MAX + " fields (got " + fields.size() + ")"));
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            String at = path + "[" + i + "]";
            if (field == null || field.isBlank()) {
                out.add(InputViolation.rule(at, "resource.fields.required", path + " must not contain empty names"));
                return;
            }
            if (!text(field, at, "resource.fields", FIELD_NAME_MAX, out)) {
                return;
            }
        }
    }

    /** An optional RFC 3339 timestamp of the resource. */
    static void timestamp(String value, String path, String limitName, List<InputViolation> out) {
        if (value == null || !text(value, path, limitName, TIMESTAMP_MAX, out)) {
            return;
        }
        try {
            java.time.OffsetDateTime.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            out.add(InputViolation.rule(path, limitName + ".format", path + " must be an RFC 3339 date-time"));
        }
    }

    static void context(Map<String, Object> context, List<InputViolation> out) {
        if (context == null) {
            return;
        }
        int before = out.size();
        walk(context, "context", 1, out);
        if (out.size() > before) {
            return;
        }
        try {
            int bytes = JSON.writeValueAsBytes(context).length;
            if (bytes > CONTEXT_BYTES_MAX) {
                out.add(InputViolation.bounded("context", "context.size", CONTEXT_BYTES_MAX,
                        "context must be at most " + CONTEXT_BYTES_MAX + " bytes of JSON (got " + bytes + ")"));
                return;
            }
        } catch (JsonProcessingException e) {
            out.add(InputViolation.rule("context", "context.characters", "context cannot be written as JSON"));
            return;
        }
        if (context.containsKey("gpc") && !(context.get("gpc") instanceof Boolean)) {
            out.add(InputViolation.rule("context.gpc", "context.gpc.type", "context.gpc must be a boolean"));
        }
        if (context.containsKey("justification")) {
            if (context.get("justification") instanceof String justification) {
                if (justification.length() > JUSTIFICATION_MAX) {
                    out.add(InputViolation.bounded("context.justification", "context.justification.length", JUSTIFICATION_MAX,
                            "context.justification must be at most " + JUSTIFICATION_MAX + " characters"));
                }
            } else {
                out.add(InputViolation.rule("context.justification", "context.justification.type",
                        "context.justification must be a string"));
            }
        }
    }

    /** Depth, characters and numbers of every value under the context; stops at the first violation. */
    private static boolean walk(Object value, String path, int depth, List<InputViolation> out) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth > CONTEXT_DEPTH_MAX) {
                out.add(InputViolation.bounded("context", "context.depth", CONTEXT_DEPTH_MAX,
                        "context must be nested at most " + CONTEXT_DEPTH_MAX + " levels deep"));
                return false;
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    if (!characters(key, path, "context.characters", out)
                            || !walk(entry.getValue(), path + "." + key, depth + 1, out)) {
                        return false;
                    }
                }
            } else {
                List<?> list = (List<?>) value;
                for (int i = 0; i < list.size(); i++) {
                    if (!walk(list.get(i), path + "[" + i + "]", depth + 1, out)) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (value instanceof String text) {
            return characters(text, path, "context.characters", out);
        }
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            out.add(InputViolation.rule(path, "json.number.range", path + " must be a finite number"));
            return false;
        }
        return true;
    }

    private static boolean required(String value, String path, String limitName, List<InputViolation> out) {
        if (value == null || value.isBlank()) {
            out.add(InputViolation.rule(path, limitName + ".required", path + " is required"));
            return false;
        }
        return true;
    }

    /** Length and characters of one string; false (and one violation added) when it breaks either. */
    private static boolean text(String value, String path, String limitName, int max, List<InputViolation> out) {
        if (value.length() > max) {
            out.add(InputViolation.bounded(path, limitName + ".length", max,
                    path + " must be at most " + max + " characters (got " + value.length() + ")"));
            return false;
        }
        return characters(value, path, limitName + ".characters", out);
    }

    /** Well-formed UTF-16 (no lone surrogates) and no control characters (U+0000 to U+001F, U+007F). */
    static boolean characters(String value, String path, String limitName, List<InputViolation> out) {
        String problem = characterProblem(value);
        if (problem != null) {
            out.add(InputViolation.rule(path, limitName, path + " " + problem));
            return false;
        }
        return true;
    }

    static String characterProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "must not contain control characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return "must be well-formed Unicode (a lone surrogate)";
                }
            } else if (Character.isLowSurrogate(c)) {
                return "must be well-formed Unicode (a lone surrogate)";
            }
        }
        return null;
    }
}
