package io.purposegate.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.purposegate.pdp.problem.InputViolation;

/** Each documented limit at its bound and one past it. */
class InputLimitsTest {

    private static DecisionRequest request(String owner, String id, List<String> fields, Map<String, Object> context) {
        return new DecisionRequest("read", "support", new DecisionRequest.Resource("customer", id, owner, fields), context);
    }

    private static InputViolation first(DecisionRequest request) {
        List<InputViolation> violations = request.check("resource");
        assertThat(violations).isNotEmpty();
        return violations.get(0);
    }

    @Test
    void identifiersMayHave255CodeUnitsAndNoMore() {
        assertThat(request("o".repeat(255), "i".repeat(255), List.of(), null).check("resource")).isEmpty();
        assertThat(first(request("o".repeat(256), "c-1", List.of(), null)))
                .isEqualTo(InputViolation.bounded("resource.owner", "resource.owner.length", 255,
                        "resource.owner must be at most 255 characters (got 256)"));
        assertThat(first(request("alice", "i".repeat(256), List.of(), null)).limit()).isEqualTo("resource.id.length");
        // a character outside the BMP counts twice, so no store sees more than 255 characters
        assertThat(first(request("\ud83d\ude00".repeat(128), "c-1", List.of(), null)).limit()).isEqualTo("resource.owner.length");
    }

    @Test
    void retentionFromIsAnRfc3339TimeOfAtMost64Characters() {
        DecisionRequest anchored = new DecisionRequest("read", "support",
                new DecisionRequest.Resource("customer", "c-1", "alice", List.of(), null, "2026-03-01T10:00:00Z"), null);
        assertThat(anchored.check("resource")).isEmpty();
        DecisionRequest notATime = new DecisionRequest("read", "support",
                new DecisionRequest.Resource("customer", "c-1", "alice", List.of(), null, "last tuesday"), null);
        assertThat(first(notATime).limit()).isEqualTo("resource.retention_from.format");
        DecisionRequest tooLong = new DecisionRequest("read", "support",
                new DecisionRequest.Resource("customer", "c-1", "alice", List.of(), null, "2".repeat(65)), null);
        assertThat(first(tooLong).limit()).isEqualTo("resource.retention_from.length");
    }

    @Test
    void namesFollowTheNamePatternUpTo64() {
        DecisionRequest longPurpose = new DecisionRequest("read", "p".repeat(65), request("a", "c", null, null).resource(), null);
        assertThat(first(longPurpose).limit()).isEqualTo("purpose.length");
        DecisionRequest dotted = new DecisionRequest("read", "support.v2:eu-1", request("a", "c", null, null).resource(), null);
        assertThat(dotted.check("resource")).isEmpty();
        DecisionRequest leadingDot = new DecisionRequest("read", ".support", request("a", "c", null, null).resource(), null);
        assertThat(first(leadingDot).limit()).isEqualTo("purpose.pattern");
        DecisionRequest type = new DecisionRequest("read", "support",
                new DecisionRequest.Resource("cust omer", "c", "a", null), null);
        assertThat(first(type).limit()).isEqualTo("resource.type.pattern");
    }

    @Test
    void fieldsAre256NamesOf128AtMostAndMayRepeat() {
        assertThat(request("a", "c", Collections.nCopies(256, "f".repeat(128)), null).check("resource")).isEmpty();
        assertThat(first(request("a", "c", Collections.nCopies(257, "f"), null)).limit()).isEqualTo("resource.fields.count");
        InputViolation tooLong = first(request("a", "c", List.of("name", "f".repeat(129)), null));
        assertThat(tooLong.limit()).isEqualTo("resource.fields.length");
        assertThat(tooLong.path()).isEqualTo("resource.fields[1]");
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedEverywhere() {
        assertThat(first(request("al\u007fice", "c", null, null)).limit()).isEqualTo("resource.owner.characters");
        assertThat(first(request("alice", "c\u0000", null, null)).limit()).isEqualTo("resource.id.characters");
        assertThat(first(request("alice", "c", List.of("\udc00"), null)).limit()).isEqualTo("resource.fields.characters");
        assertThat(first(request("alice", "c", null, Map.of("k\ud800", "v"))).limit()).isEqualTo("context.characters");
        assertThat(request("ålice 😀", "c", null, null).check("resource")).isEmpty();
    }

    @Test
    void contextIsFourLevelsAnd4KiBAtMost() {
        Map<String, Object> four = Map.of("a", Map.of("b", Map.of("c", List.of(1))));
        assertThat(request("a", "c", null, four).check("resource")).isEmpty();
        Map<String, Object> five = Map.of("a", Map.of("b", Map.of("c", Map.of("d", List.of()))));
        assertThat(first(request("a", "c", null, five))).isEqualTo(InputViolation.bounded("context", "context.depth", 4,
                "context must be nested at most 4 levels deep"));
        assertThat(first(request("a", "c", null, Map.of("note", "n".repeat(4100)))).limit()).isEqualTo("context.size");
        assertThat(request("a", "c", null, Map.of("justification", "j".repeat(1000))).check("resource")).isEmpty();
        assertThat(first(request("a", "c", null, Map.of("justification", "j".repeat(1001)))).limit())
                .isEqualTo("context.justification.length");
    }

    @Test
    void batchNamesTheBadItemAndRefusesTheWhole() {
        DecisionRequest.Resource good = new DecisionRequest.Resource("customer", "c", "alice", List.of("name"));
        DecisionRequest.Resource bad = new DecisionRequest.Resource("customer", "c", "b".repeat(300), List.of("name"));
        List<InputViolation> violations = new BatchDecisionRequest("list", "support", List.of(good, good, good, bad), null).check(100);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.limit()).isEqualTo("resource.owner.length");
            assertThat(v.path()).isEqualTo("resources[3].owner");
        });
        assertThat(new BatchDecisionRequest("list", "support", Collections.nCopies(101, good), null).check(100).get(0).limit())
                .isEqualTo("batch.items");
    }
}
