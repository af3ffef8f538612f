package io.purposegate.pdp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.pdp.policy.wasm.HostBuiltins;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The builtins the PDP provides to the compiled policy answer what OPA answers, over generated arguments. */
class HostBuiltinsPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** For messages: arguments with line separators and lone surrogates written as escapes. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ESCAPED = JSON.writer()
            .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);

    @Property(tries = 300)
    void sprintfIsOpas(@ForAll("formats") String format, @ForAll("values") List<Object> args) throws Exception {
        String ours = HostBuiltins.call("sprintf", JSON.writeValueAsString(format), JSON.writeValueAsString(args));
        String opas = BothEngines.shared().query("sprintf(input.f, input.a)", Map.of("f", format, "a", args));
        assertThat(ours).as("sprintf(%s, %s)", ESCAPED.writeValueAsString(format), ESCAPED.writeValueAsString(args)).isEqualTo(opas);
    }

    @Property(tries = 300)
    void parseRfc3339IsOpas(@ForAll("timestamps") String timestamp) throws Exception {
        String ours = HostBuiltins.call("time.parse_rfc3339_ns", JSON.writeValueAsString(timestamp));
        String opas = BothEngines.shared().query("time.parse_rfc3339_ns(input.t)", Map.of("t", timestamp));
        assertThat(ours).as("time.parse_rfc3339_ns(%s)", timestamp).isEqualTo(opas);
    }

    @Property(tries = 200)
    void parseDateIsOpas(@ForAll("dates") String date) throws Exception {
        String ours = HostBuiltins.call("time.parse_ns", "\"2006-01-02\"", JSON.writeValueAsString(date));
        String opas = BothEngines.shared().query("time.parse_ns(\"2006-01-02\", input.d)", Map.of("d", date));
        assertThat(ours).as("time.parse_ns(%s)", date).isEqualTo(opas);
    }

    @Property(tries = 300)
    void addDateIsOpas(@ForAll("instants") long ns, @ForAll("offsets") int years, @ForAll("offsets") int months,
            @ForAll("dayOffsets") int days) throws Exception {
        String ours = HostBuiltins.call("time.add_date", Long.toString(ns), Integer.toString(years), Integer.toString(months),
                Integer.toString(days));
        String opas = BothEngines.shared().query("time.add_date(input.n, input.y, input.m, input.d)",
                Map.of("n", ns, "y", years, "m", months, "d", days));
        assertThat(ours).as("time.add_date(%d, %d, %d, %d)", ns, years, months, days).isEqualTo(opas);
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("%v", "%s", "%q", "%d", "%%", "text ", "é", "\n", " of ", "\"").list().ofMaxSize(6)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<Object>> values() {
        Arbitrary<Object> strings = Arbitraries.strings().withChars("aZ\"\\\n\t é€\u00a0\u2028\u0007😀{}").ofMaxLength(6)
                .map(s -> (Object) s);
        Arbitrary<Object> numbers = Arbitraries.oneOf(Arbitraries.integers().between(-100_000, 100_000).map(i -> (Object) i),
                Arbitraries.of(2.5, -0.25, 1234567.5, 1e-7, 3.0).map(d -> (Object) d));
        Arbitrary<Object> scalars = Arbitraries.oneOf(strings, numbers, Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> arrays = scalars.list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> objects = Arbitraries.maps(Arbitraries.of("a", "b", "é", "Z"), scalars).ofMaxSize(3).map(m -> (Object) m);
        return Arbitraries.oneOf(scalars, arrays, objects).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<String> shaped = Combinators.combine(Arbitraries.integers().between(1600, 2300), Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32), Arbitraries.integers().between(0, 25), Arbitraries.integers().between(0, 61),
                Arbitraries.of("", ".5", ".123456789", ".1234567891234", ",5", "."),
                Arbitraries.of("Z", "z", "+02:00", "-05:30", "+24:00", "+23:59", "+25:00", "-00:60", "+0200", ""))
                .as((y, mo, d, h, s, frac, zone) -> String.format("%04d-%02d-%02dT%02d:10:%02d%s%s", y, mo, d, h, s, frac, zone));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, shaped),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "now", "2026-11-29", "2026-11-29 10:00:00Z", "2026-11-29t10:00:00Z")));
    }

    @Provide
    Arbitrary<String> dates() {
        return Combinators.combine(Arbitraries.integers().between(1600, 2300), Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32), Arbitraries.of("", "x", "T00:00:00Z"))
                .as((y, m, d, tail) -> String.format("%04d-%02d-%02d%s", y, m, d, tail));
    }

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.longs().between(-9_000_000_000_000_000_000L, 9_000_000_000_000_000_000L);
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(-300, 300);
    }

    @Provide
    Arbitrary<Integer> dayOffsets() {
        return Arbitraries.integers().between(-40_000, 40_000);
    }
}
