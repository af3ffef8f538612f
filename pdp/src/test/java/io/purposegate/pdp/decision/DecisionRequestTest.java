package io.purposegate.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.purposegate.pdp.problem.InputViolation;

class DecisionRequestTest {

    /** One sentence per problem, as the 400 problem lists them. */
    private static List<String> violations(DecisionRequest request) {
        return request.check("resource").stream().map(InputViolation::message).toList();
    }

    private static final DecisionRequest.Resource CUSTOMER =
            new DecisionRequest.Resource("customer", "c-1", "alice-id", List.of("name"));

    @Test
    void completeRequestHasNoViolations() {
        assertThat(violations(new DecisionRequest("read", "support", CUSTOMER, Map.of()))).isEmpty();
    }

    @Test
    void everyMissingPartIsNamed() {
        assertThat(violations(new DecisionRequest(null, " ", new DecisionRequest.Resource(null, "", null, null), null)))
                .containsExactly("action is required", "purpose is required", "resource.type is required",
                        "resource.id is required", "resource.owner is required");
        assertThat(violations(new DecisionRequest("read", "support", null, null))).containsExactly("resource is required");
    }

    @Test
    void unknownActionIsNamedWithTheKnownOnes() {
        assertThat(violations(new DecisionRequest("peek", "support", CUSTOMER, null)))
                .singleElement().asString().startsWith("action must be one of [create, delete, erase");
    }

    @Test
    void emptyFieldNamesAreRejected() {
        var resource = new DecisionRequest.Resource("customer", "c-1", "alice-id", List.of("name", ""));
        assertThat(violations(new DecisionRequest("read", "support", resource, null)))
                .containsExactly("resource.fields must not contain empty names");
    }
}
