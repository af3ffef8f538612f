package io.purposegate.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DecisionRequestTest {

    private static final DecisionRequest.Resource CUSTOMER =
            new DecisionRequest.Resource("customer", "c-1", "alice-id", List.of("name"));

    @Test
    void completeRequestHasNoViolations() {
        assertThat(new DecisionRequest("read", "support", CUSTOMER, Map.of()).violations()).isEmpty();
    }

    @Test
    void everyMissingPartIsNamed() {
        assertThat(new DecisionRequest(null, " ", new DecisionRequest.Resource(null, "", null, null), null).violations())
                .containsExactly("action is required", "purpose is required", "resource.type is required",
                        "resource.id is required", "resource.owner is required");
        assertThat(new DecisionRequest("read", "support", null, null).violations()).containsExactly("resource is required");
    }

    @Test
    void unknownActionIsNamedWithTheKnownOnes() {
        assertThat(new DecisionRequest("peek", "support", CUSTOMER, null).violations())
                .singleElement().asString().startsWith("action must be one of [create, delete, erase");
    }

    @Test
    void emptyFieldNamesAreRejected() {
        var resource = new DecisionRequest.Resource("customer", "c-1", "alice-id", List.of("name", ""));
        assertThat(new DecisionRequest("read", "support", resource, null).violations())
                .containsExactly("resource.fields must not contain empty names");
    }
}
