package io.purposegate.pdp.policy.wasm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaBuiltin;
import com.styra.opa.wasm.OpaWasm;

/**
 * The builtins a policy compiled to Wasm asks its host for, written to OPA's semantics (Go's {@code time} and
 * {@code fmt} packages as OPA's topdown calls them). OPA's Wasm runtime implements most builtins itself; these four
 * it leaves to the host, and opa-java-wasm lacks three and formats the fourth differently from OPA.
 *
 * <p>As in OPA (without strict builtin errors), a builtin that fails answers "undefined" (address 0), never an
 * error that stops the evaluation: {@code time.parse_rfc3339_ns("yesterday")} leaves the rule that called it
 * undefined, exactly as {@code opa eval} does. What this class cannot compute the way OPA would (a time layout other
 * than a date, a format verb with flags) throws, so the decision fails closed with {@code engine.unavailable} rather
 * than differ silently from the reference.
 */
public final class HostBuiltins {

    /** The names OPA's compiler gives the builtins the PDP provides. */
    public static final java.util.Set<String> PROVIDED = java.util.Set.of("time.parse_rfc3339_ns", "time.parse_ns",
            "time.add_date", "sprintf");

    /** Numbers keep their exact text (OPA's terms print a number as it was written: 3.0 stays 3.0). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    /** Go's time range that fits int64 nanoseconds since the epoch (OPA refuses times outside it). */
    private static final BigInteger MIN_NS = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_NS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d+))?(?:(Z)|([+-])(\\d{2}):(\\d{2}))");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final String DATE_LAYOUT = "2006-01-02";

    private HostBuiltins() {
    }

    /** The builtins to register with every instance (the library's defaults stay off). */
    static OpaBuiltin.Builtin[] all() {
        return new OpaBuiltin.Builtin[] {
            new OpaBuiltin.Builtin1("time.parse_rfc3339_ns", (wasm, value) -> answer(wasm, parseRfc3339Ns(read(wasm, value)))),
            new OpaBuiltin.Builtin2("time.parse_ns",
                    (wasm, layout, value) -> answer(wasm, parseNs(read(wasm, layout), read(wasm, value)))),
            new OpaBuiltin.Builtin4("time.add_date", (wasm, ns, years, months, days) -> answer(wasm,
                    addDate(read(wasm, ns), read(wasm, years), read(wasm, months), read(wasm, days)))),
            new OpaBuiltin.Builtin2("sprintf", (wasm, format, args) -> answer(wasm, sprintf(read(wasm, format), read(wasm, args)))),
        };
    }

    /** {@code time.parse_rfc3339_ns}: Go's {@code time.Parse(time.RFC3339, s)} in nanoseconds; null for undefined. */
    static JsonNode parseRfc3339Ns(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        Matcher m = RFC3339.matcher(value.textValue());
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long offsetSeconds = 0;
        if (m.group(8) == null) {
            int offsetHours = Integer.parseInt(m.group(10));
            int offsetMinutes = Integer.parseInt(m.group(11));
            if (offsetHours > 24 || offsetMinutes > 60) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * ("-".equals(m.group(9)) ? -1 : 1);
        }
        long nanos = 0;
        if (m.group(7) != null) {
            String digits = m.group(7).length() > 9 ? m.group(7).substring(0, 9) : m.group(7);
            nanos = Long.parseLong((digits + "000000000").substring(0, 9));
        }
        long epochSeconds = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
        return nanosOrUndefined(BigInteger.valueOf(epochSeconds).multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(nanos)));
    }

    /** {@code time.parse_ns(layout, value)} for the layout of a calendar date, {@code 2006-01-02}, at 00:00 UTC. */
    static JsonNode parseNs(JsonNode layout, JsonNode value) {
        if (layout == null || !layout.isTextual() || value == null || !value.isTextual()) {
            return null;
        }
        if (!DATE_LAYOUT.equals(layout.textValue())) {
            throw new UnsupportedOperationException("time.parse_ns: only the layout " + DATE_LAYOUT + " is provided by the PDP");
        }
        Matcher m = DATE.matcher(value.textValue());
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (!validDate(year, month, day)) {
            return null;
        }
        long epochSeconds = LocalDate.of(year, month, day).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        return nanosOrUndefined(BigInteger.valueOf(epochSeconds).multiply(NANOS_PER_SECOND));
    }

    /**
     * {@code time.add_date(ns, years, months, days)}: Go's {@code Time.AddDate} in UTC, which normalises overflow
     * (31 January plus one month is 3 March, not 28 February).
     */
    static JsonNode addDate(JsonNode ns, JsonNode years, JsonNode months, JsonNode days) {
        Long start = exactLong(ns);
        Long y = exactLong(years); // a Go int (OPA's IntOperand): int64 here
        Long mo = exactLong(months);
        Long d = exactLong(days);
        if (start == null || y == null || mo == null || d == null) {
            return null;
        }
        long seconds = Math.floorDiv(start, 1_000_000_000L);
        long nanoOfSecond = Math.floorMod(start, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, (int) nanoOfSecond, ZoneOffset.UTC);
        try {
            // Go: Date(year+y, month+m, day+d, ...) normalises month, then day, overflow into the next unit
            long totalMonths = (t.getYear() + y) * 12L + (t.getMonthValue() - 1) + mo;
            LocalDateTime shifted = LocalDate.of((int) Math.floorDiv(totalMonths, 12L), (int) Math.floorMod(totalMonths, 12L) + 1, 1)
                    .plusDays(t.getDayOfMonth() - 1L + d)
                    .atTime(t.toLocalTime());
            long epochSeconds = shifted.toEpochSecond(ZoneOffset.UTC);
            return nanosOrUndefined(BigInteger.valueOf(epochSeconds).multiply(NANOS_PER_SECOND)
                    .add(BigInteger.valueOf(shifted.getNano())));
        } catch (java.time.DateTimeException | ArithmeticException outOfRange) {
            return null;
        }
    }

    /** {@code sprintf(format, values)}: see {@link GoFormat}. */
    static JsonNode sprintf(JsonNode format, JsonNode args) {
        if (format == null || !format.isTextual() || args == null || !args.isArray()) {
            return null;
        }
        return JSON.getNodeFactory().textNode(GoFormat.sprintf(format.textValue(), args));
    }

    private static boolean validDate(int year, int month, int day) {
        return month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    private static JsonNode nanosOrUndefined(BigInteger nanos) {
        if (nanos.compareTo(MIN_NS) < 0 || nanos.compareTo(MAX_NS) > 0) {
            return null; // OPA: "time outside of valid range"
        }
        return JSON.getNodeFactory().numberNode(nanos.longValueExact());
    }

    /** A number that is an exact int64 (OPA's {@code tzTime}: "timestamp too big" otherwise). */
    private static Long exactLong(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return null;
        }
        try {
            BigDecimal exact = n.decimalValue().stripTrailingZeros();
            return exact.scale() > 0 ? null : exact.longValueExact();
        } catch (ArithmeticException notExact) {
            return null;
        }
    }

    private static JsonNode read(OpaWasm wasm, int address) {
        try {
            return JSON.readTree(wasm.readString(address));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the policy passed a builtin a value that is not JSON", e);
        }
    }

    private static int answer(OpaWasm wasm, JsonNode result) {
        if (result == null) {
            return 0; // undefined
        }
        return wasm.writeResult(result.toString());
    }

    /** The JSON text of a builtin's answer for JSON arguments, or null for undefined (for tests and tools). */
    public static String call(String name, String... jsonArgs) {
        try {
            JsonNode[] args = new JsonNode[jsonArgs.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = JSON.readTree(jsonArgs[i]);
            }
            JsonNode result = switch (name) {
                case "time.parse_rfc3339_ns" -> parseRfc3339Ns(args[0]);
                case "time.parse_ns" -> parseNs(args[0], args[1]);
                case "time.add_date" -> addDate(args[0], args[1], args[2], args[3]);
                case "sprintf" -> sprintf(args[0], args[1]);
                default -> throw new IllegalArgumentException(name);
            };
            return result == null ? null : result.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
