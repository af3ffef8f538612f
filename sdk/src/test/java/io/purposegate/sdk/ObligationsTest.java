package io.purposegate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ObligationsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Masks MASKS = new Masks("k".getBytes());

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    static JsonNode apply(List<String> allowed, Map<String, String> masked, List<String> denied, String[] unguarded,
            String record) throws Exception {
        return new Obligations(new PdpDecision.Fields(allowed, masked, denied), unguarded, MASKS).apply(json(record));
    }

    @Test
    void allowedKeptMaskedMaskedDeniedAndUnnamedRemoved() throws Exception {
        JsonNode out = apply(List.of("name"), Map.of("phone", "last4"), List.of("email"), new String[] {"id"},
                "{'id':'c-1','name':'Alice','email':'a@x.org','phone':'+33 6 12 34 56 78','secret':'s','owner':'u'}");

        assertThat(out).isEqualTo(json("{'id':'c-1','name':'Alice','phone':'****5678'}"));
    }

    @Test
    void aFieldTheDecisionDoesNotMentionIsRemovedEvenIfTheAnnotationNamesIt() throws Exception {
        // the PDP was asked for name and email but only answered about name
        JsonNode out = apply(List.of("name"), Map.of(), List.of(), new String[] {"id"},
                "{'id':'c-1','name':'Alice','email':'a@x.org'}");

        assertThat(out).isEqualTo(json("{'id':'c-1','name':'Alice'}"));
    }

    @Test
    void unguardedPropertiesPassButADenialWins() throws Exception {
        assertThat(apply(List.of(), Map.of(), List.of(), new String[] {"id", "segment"},
                "{'id':'c-1','segment':'loyal','name':'Alice'}")).isEqualTo(json("{'id':'c-1','segment':'loyal'}"));
        assertThat(apply(List.of(), Map.of(), List.of("segment"), new String[] {"id", "segment"},
                "{'id':'c-1','segment':'loyal'}")).isEqualTo(json("{'id':'c-1'}"));
    }

    @Test
    void wholeNestedObjectAllowedOrMaskedLeafByLeaf() throws Exception {
        String record = "{'address':{'street':'12 rue des Lilas','city':'Paris','geo':{'lat':'48.8'}}}";
        assertThat(apply(List.of("address"), Map.of(), List.of(), new String[0], record)).isEqualTo(json(record));
        assertThat(apply(List.of(), Map.of("address", "initials"), List.of(), new String[0], record))
                .isEqualTo(json("{'address':{'street':'1. R. D. L.','city':'P.','geo':{'lat':'4.'}}}"));
        assertThat(apply(List.of(), Map.of("address", "redact"), List.of(), new String[0], record))
                .isEqualTo(json("{'address':'[redacted]'}"));
    }

    @Test
    void dottedNamesReachIntoNestedObjects() throws Exception {
        JsonNode out = apply(List.of("address.city"), Map.of("address.geo.lat", "redact"), List.of(), new String[0],
                "{'address':{'street':'12 rue des Lilas','city':'Paris','geo':{'lat':'48.8','lon':'2.3'}}}");

        assertThat(out).isEqualTo(json("{'address':{'city':'Paris','geo':{'lat':'[redacted]'}}}"));
    }

    @Test
    void dottedNamesReachThroughArraysToEveryElement() throws Exception {
        JsonNode out = apply(List.of("orders.total"), Map.of("orders.card", "last4"), List.of(), new String[] {"orders.id"},
                "{'orders':[{'id':'o-1','total':12.5,'card':'4111111111111234','note':'gift for Bob'},"
                        + "{'id':'o-2','total':3,'note':'x'},'stray']}");

        assertThat(out).isEqualTo(json("{'orders':[{'id':'o-1','total':12.5,'card':'****1234'},{'id':'o-2','total':3}]}"));
    }

    @Test
    void aListInsideARecordAllowedWholeOrMasked() throws Exception {
        assertThat(apply(List.of("tags"), Map.of(), List.of(), new String[0], "{'tags':['vip','newsletter']}"))
                .isEqualTo(json("{'tags':['vip','newsletter']}"));
        assertThat(apply(List.of(), Map.of("emails", "hash"), List.of(), new String[0], "{'emails':['a@x.org']}")
                .path("emails").get(0).asText()).hasSize(64);
    }

    @Test
    void childRulesRefineTheParentAndADeniedParentRemovesAll() throws Exception {
        String record = "{'address':{'street':'12 rue des Lilas','city':'Paris'}}";
        assertThat(apply(List.of("address"), Map.of(), List.of("address.street"), new String[0], record))
                .isEqualTo(json("{'address':{'city':'Paris'}}"));
        assertThat(apply(List.of("address.city"), Map.of(), List.of("address"), new String[0], record))
                .isEqualTo(json("{}"));
    }

    @Test
    void theStrictestTreatmentWinsForANameInSeveralLists() throws Exception {
        assertThat(apply(List.of("phone"), Map.of("phone", "last4"), List.of(), new String[0],
                "{'phone':'+33 6 12 34 56 78'}")).isEqualTo(json("{'phone':'****5678'}"));
        assertThat(apply(List.of("phone"), Map.of("phone", "last4"), List.of("phone"), new String[0],
                "{'phone':'+33 6 12 34 56 78'}")).isEqualTo(json("{}"));
    }

    @Test
    void anUnknownStrategyOrAMaskThatDoesNotFitRemovesTheField() throws Exception {
        assertThat(apply(List.of(), Map.of("birth_date", "year_only", "name", "scramble"), List.of(), new String[0],
                "{'birth_date':'April 1990','name':'Alice'}")).isEqualTo(json("{}"));
    }

    @Test
    void noFieldsAtAllLeavesOnlyTheUnguarded() throws Exception {
        assertThat(new Obligations(null, new String[] {"id"}, MASKS).apply(json("{'id':'c-1','name':'Alice'}")))
                .isEqualTo(json("{'id':'c-1'}"));
    }
}
