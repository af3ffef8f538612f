package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

class MasksTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Masks masks = new Masks("k3y".getBytes(StandardCharsets.UTF_8));

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void redactReplacesAnyValueWholeIncludingObjectsAndArrays() throws Exception {
        assertThat(masks.mask(TextNode.valueOf("12 rue des Lilas"), "redact")).isEqualTo(TextNode.valueOf("[redacted]"));
        assertThat(masks.mask(json("{\"street\":\"x\",\"city\":\"Paris\"}"), "redact")).isEqualTo(TextNode.valueOf("[redacted]"));
        assertThat(masks.mask(json("[\"a\",\"b\"]"), "redact")).isEqualTo(TextNode.valueOf("[redacted]"));
        assertThat(masks.mask(json("42"), "redact")).isEqualTo(TextNode.valueOf("[redacted]"));
    }

    @Test
    void last4KeepsTheLastFourLettersOrDigitsBehindFourStars() {
        assertThat(masks.mask(TextNode.valueOf("+33 6 12 34 56 78"), "last4").asText()).isEqualTo("****5678");
        assertThat(masks.mask(TextNode.valueOf("4111-1111-1111-1234"), "last4").asText()).isEqualTo("****1234");
        assertThat(masks.mask(TextNode.valueOf("12"), "last4").asText()).isEqualTo("****");
        assertThat(masks.mask(TextNode.valueOf("1234"), "last4").asText()).isEqualTo("****");
    }

    @Test
    void hashIsHmacSha256HexWithTheConfiguredKey() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("Alice Martin".getBytes(StandardCharsets.UTF_8)));

        assertThat(masks.mask(TextNode.valueOf("Alice Martin"), "hash").asText()).isEqualTo(expected).hasSize(64);
        assertThat(new Masks("other".getBytes(StandardCharsets.UTF_8)).mask(TextNode.valueOf("Alice Martin"), "hash").asText())
                .isNotEqualTo(expected);
    }

    @Test
    void hashWithoutAKeyRemovesTheValue() {
        assertThat(new Masks(null).mask(TextNode.valueOf("Alice Martin"), "hash")).isNull();
        assertThat(new Masks(new byte[0]).mask(TextNode.valueOf("Alice Martin"), "hash")).isNull();
    }

    @Test
    void yearOnlyKeepsTheYearOfAnIsoDateAndRemovesAnythingElse() throws Exception {
        assertThat(masks.mask(TextNode.valueOf("1990-04-12"), "year_only").asText()).isEqualTo("1990");
        assertThat(masks.mask(TextNode.valueOf("1990-04-12T10:15:02Z"), "year_only").asText()).isEqualTo("1990");
        assertThat(masks.mask(TextNode.valueOf("12/04/1990"), "year_only")).isNull();
        assertThat(masks.mask(TextNode.valueOf("1990-13-12"), "year_only")).isNull();
        assertThat(masks.mask(json("[1990,4,12]"), "year_only")).isEqualTo(json("[]"));
    }

    @Test
    void initialsKeepTheFirstLetterOfEachWord() {
        assertThat(masks.mask(TextNode.valueOf("Alice Martin"), "initials").asText()).isEqualTo("A. M.");
        assertThat(masks.mask(TextNode.valueOf("  élodie   de la Tour "), "initials").asText()).isEqualTo("É. D. L. T.");
    }

    @Test
    void unknownStrategyRemovesTheValue() {
        assertThat(masks.mask(TextNode.valueOf("Alice"), "rot13")).isNull();
        assertThat(masks.mask(TextNode.valueOf("Alice"), null)).isNull();
    }

    @Test
    void nonRedactMasksApplyToEveryStringLeafOfObjectsAndArrays() throws Exception {
        assertThat(masks.mask(json("{\"home\":\"+33 6 12 34 56 78\",\"work\":[\"+1 415 555 0134\"],\"zip\":75011,\"ok\":true,\"none\":null}"), "last4"))
                .isEqualTo(json("{\"home\":\"****5678\",\"work\":[\"****0134\"],\"zip\":\"****5011\",\"none\":null}"));
    }
}
