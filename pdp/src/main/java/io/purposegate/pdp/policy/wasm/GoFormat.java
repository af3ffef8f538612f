package io.purposegate.pdp.policy.wasm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OPA's {@code sprintf} as OPA's Go implementation computes it, for the Wasm host: each argument becomes what OPA
 * hands to Go's {@code fmt.Sprintf} (an integer, a float, a string, or for anything else the Rego term's text, such as
 * {@code ["a", "b"]}), then the verbs {@code %v %s %q %d %%} are applied with Go's rules, Go's error notation
 * included ({@code %!d(string=x)}, {@code %!v(MISSING)}, {@code %!(EXTRA ...)}).
 *
 * <p>The library's own {@code sprintf} formats arrays and {@code %q} differently, so the PDP replaces it; the
 * differential tests hold this class to OPA's answers. Flags, widths and precisions are not supported: a format
 * using them is an error the caller surfaces (the policy library uses none).
 */
final class GoFormat {

    private GoFormat() {
    }

    /** An argument as Go sees it after OPA's conversion. */
    private sealed interface Arg permits IntArg, FloatArg, StringArg {
    }

    private record IntArg(BigInteger value, boolean fitsInt64) implements Arg {
    }

    private record FloatArg(double value) implements Arg {
    }

    private record StringArg(String value) implements Arg {
    }

    /** OPA's {@code sprintf(format, args)}; {@code args} must be an array (the caller checks). */
    static String sprintf(String format, JsonNode args) {
        List<Arg> converted = new ArrayList<>(args.size());
        for (JsonNode arg : args) {
            converted.add(convert(arg));
        }
        StringBuilder out = new StringBuilder(format.length() + 32);
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i + 1);
            i += 1 + Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if ("+-# 0123456789.*[".indexOf(verb) >= 0) {
                throw new UnsupportedOperationException("sprintf: flags, widths and precisions are not supported");
            }
            if (next >= converted.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            apply(out, verb, converted.get(next++));
        }
        if (next < converted.size()) {
            out.append("%!(EXTRA ");
            for (int k = next; k < converted.size(); k++) {
                if (k > next) {
                    out.append(", ");
                }
                Arg arg = converted.get(k);
                out.append(typeName(arg)).append('=');
                apply(out, 'v', arg);
            }
            out.append(')');
        }
        return out.toString();
    }

    /** OPA's conversion: numbers to Go int (int64), *big.Int or float64; strings as they are; anything else its term text. */
    private static Arg convert(JsonNode arg) {
        if (arg.isNumber()) {
            if (arg.isIntegralNumber()) {
                BigInteger value = arg.bigIntegerValue();
                return new IntArg(value, value.bitLength() < 64);
            }
            BigDecimal decimal = arg.decimalValue();
            return new FloatArg(decimal.doubleValue());
        }
        if (arg.isTextual()) {
            return new StringArg(wellFormed(arg.textValue()));
        }
        return new StringArg(termText(arg));
    }

    private static void apply(StringBuilder out, int verb, Arg arg) {
        if (arg instanceof IntArg n && (verb == 'v' || verb == 'd')) {
            out.append(n.value());
        } else if (arg instanceof IntArg n && verb == 'q' && n.fitsInt64()) {
            out.append(quoteRune(n.value()));
        } else if (arg instanceof FloatArg f && (verb == 'v' || verb == 'g')) {
            out.append(formatG(f.value()));
        } else if (arg instanceof StringArg s && (verb == 'v' || verb == 's')) {
            out.append(s.value());
        } else if (arg instanceof StringArg s && verb == 'q') {
            out.append(quote(s.value()));
        } else {
            out.append("%!").appendCodePoint(verb).append('(').append(typeName(arg)).append('=');
            apply(out, 'v', arg);
            out.append(')');
        }
    }

    private static String typeName(Arg arg) {
        if (arg instanceof IntArg n) {
            return n.fitsInt64() ? "int64" : "*big.Int";
        }
        return arg instanceof FloatArg ? "float64" : "string";
    }

    /** The text of a Rego term, as OPA's {@code ast.Term.String()} writes it (object keys in sorted order). */
    static String termText(JsonNode value) {
        StringBuilder out = new StringBuilder();
        appendTerm(out, value);
        return out.toString();
    }

    private static void appendTerm(StringBuilder out, JsonNode value) {
        if (value == null || value.isNull()) {
            out.append("null");
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else if (value.isNumber()) {
            out.append(value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.decimalValue().toString());
        } else if (value.isTextual()) {
            out.append(quote(value.textValue()));
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendTerm(out, value.get(i));
            }
            out.append(']');
        } else {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
                keys.add(names.next());
            }
            keys.sort(GoFormat::compareUtf8);
            out.append('{');
            boolean first = true;
            for (String key : keys) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(quote(key)).append(": ");
                appendTerm(out, value.get(key));
            }
            out.append('}');
        }
    }

    /** Go's string order (bytes of UTF-8), which differs from Java's UTF-16 order above the BMP. */
    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The text as a Go string holds it: a lone surrogate (which JSON escapes can carry) becomes U+FFFD. */
    private static String wellFormed(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Go's {@code strconv.Quote}: printable characters as they are, the rest escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length();) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            appendEscaped(out, c, '"');
        }
        return out.append('"').toString();
    }

    /** Go's {@code %q} of an integer: the rune, single-quoted. */
    private static String quoteRune(BigInteger value) {
        long n = value.longValue();
        int c = n < 0 || n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF) ? 0xFFFD : (int) n;
        StringBuilder out = new StringBuilder("'");
        appendEscaped(out, c, '\'');
        return out.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder out, int c, char quote) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD; // Go strings hold no lone surrogates: JSON decoding made them U+FFFD (printable)
        }
        if (c == quote || c == '\\') {
            out.append('\\').appendCodePoint(c);
            return;
        }
        if (printable(c)) {
            out.appendCodePoint(c);
            return;
        }
        switch (c) {
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0B -> out.append("\\v");
            default -> {
                if (c < 0x20 || c == 0x7F) {
                    out.append(String.format("\\x%02x", c));
                } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.append(String.format("\\U%08x", c));
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Go's {@code %v} of a float64: the shortest digits, in exponent form below 1e-4 and from 1e6 on
     * ({@code strconv.FormatFloat(v, 'g', -1, 64)}). */
    static String formatG(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = shortest.unscaledValue().abs().toString();
            StringBuilder out = new StringBuilder();
            if (value < 0) {
                out.append('-');
            }
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            return out.append(abs).toString();
        }
        return shortest.toPlainString();
    }

    /** For tests: the argument list OPA would hand to Go, rendered with {@code %v}. */
    static Map<String, String> describe(JsonNode args) {
        Map<String, String> described = new java.util.LinkedHashMap<>();
        int i = 0;
        for (JsonNode arg : args) {
            Arg converted = convert(arg);
            StringBuilder text = new StringBuilder();
            apply(text, 'v', converted);
            described.put(i++ + ":" + typeName(converted), text.toString());
        }
        return described;
    }
}
