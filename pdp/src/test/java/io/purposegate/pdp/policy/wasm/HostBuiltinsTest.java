package io.purposegate.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The host builtins on cases whose answers OPA gave (see HostBuiltinsPropertyTest for the comparison with OPA itself). */
class HostBuiltinsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sprintfFormatsArraysAsRegoTermsAndQuotesAsGoDoes() {
        assertThat(HostBuiltins.call("sprintf", "\"action %v is not supported; one of %v\"", "[\"\\\"share\\\"\", [\"list\", \"read\"]]"))
                .isEqualTo("\"action \\\"share\\\" is not supported; one of [\\\"list\\\", \\\"read\\\"]\"");
        assertThat(HostBuiltins.call("sprintf", "\"purpose %q\"", "[\"sup\\\"port\"]")).isEqualTo("\"purpose \\\"sup\\\\\\\"port\\\"\"");
        assertThat(HostBuiltins.call("sprintf", "\"%d of %v\"", "[3, 2.5]")).isEqualTo("\"3 of 2.5\"");
        assertThat(HostBuiltins.call("sprintf", "\"%v %v\"", "[1]")).isEqualTo("\"1 %!v(MISSING)\"");
        assertThat(HostBuiltins.call("sprintf", "\"%d\"", "[\"x\"]")).isEqualTo("\"%!d(string=x)\"");
        assertThat(HostBuiltins.call("sprintf", "\"%v\"", "[{\"b\": 1, \"a\": [true, null]}]"))
                .isEqualTo("\"{\\\"a\\\": [true, null], \\\"b\\\": 1}\"");
    }

    @Test
    void sprintfRefusesFlagsItCannotFormatLikeGo() {
        assertThatThrownBy(() -> HostBuiltins.call("sprintf", "\"%5d\"", "[1]")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void timesParseAsGoParsesRfc3339AndAreUndefinedOtherwise() {
        assertThat(HostBuiltins.call("time.parse_rfc3339_ns", "\"2026-11-29T10:15:02.123Z\"")).isEqualTo("1795947302123000000");
        assertThat(HostBuiltins.call("time.parse_rfc3339_ns", "\"2026-11-29T12:15:02+02:00\"")).isEqualTo("1795947302000000000");
        assertThat(HostBuiltins.call("time.parse_rfc3339_ns", "\"2026-02-30T00:00:00Z\"")).isNull();
        assertThat(HostBuiltins.call("time.parse_rfc3339_ns", "\"now\"")).isNull();
        assertThat(HostBuiltins.call("time.parse_rfc3339_ns", "1")).isNull();
        assertThat(HostBuiltins.call("time.parse_ns", "\"2006-01-02\"", "\"2026-11-29\"")).isEqualTo("1795910400000000000");
        assertThat(HostBuiltins.call("time.parse_ns", "\"2006-01-02\"", "\"2026-11-31\"")).isNull();
    }

    @Test
    void addDateNormalisesOverflowAsGo() throws Exception {
        long jan31 = JSON.readTree(HostBuiltins.call("time.parse_rfc3339_ns", "\"2026-01-31T00:00:00Z\"")).longValue();
        long march3 = JSON.readTree(HostBuiltins.call("time.parse_rfc3339_ns", "\"2026-03-03T00:00:00Z\"")).longValue();
        assertThat(HostBuiltins.call("time.add_date", Long.toString(jan31), "0", "1", "0")).isEqualTo(Long.toString(march3));
        assertThat(HostBuiltins.call("time.add_date", Long.toString(jan31), "300", "0", "0")).as("past 2262").isNull();
    }

    @Test
    void termTextIsOpasForEveryKindOfValue() throws Exception {
        JsonNode value = JSON.readTree("[\"a\\u00a0b\\n\", 1.5, {\"z\": false}, []]");
        assertThat(GoFormat.termText(value)).isEqualTo("[\"a\\u00a0b\\n\", 1.5, {\"z\": false}, []]");
        assertThat(GoFormat.formatG(1234567.0)).isEqualTo("1.234567e+06");
        assertThat(GoFormat.formatG(123456.0)).isEqualTo("123456");
        assertThat(GoFormat.formatG(0.00001)).isEqualTo("1e-05");
        assertThat(GoFormat.describe(JSON.readTree("[1, \"x\"]"))).isEqualTo(Map.of("0:int64", "1", "1:string", "x"));
    }
}
