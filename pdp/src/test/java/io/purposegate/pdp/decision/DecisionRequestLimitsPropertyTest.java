package io.purposegate.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.purposegate.pdp.problem.InputViolation;
import io.purposegate.pdp.problem.RequestLimitException;
import io.purposegate.pdp.token.VerifiedToken;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every generated request is either refused naming one of the documented limits, or keeps every limit of
 * docs/pdp.md and becomes the OPA input of a normal decision. (The HTTP surface is sampled the same way in
 * {@link InputLimitsHttpTest}.)
 */
class DecisionRequestLimitsPropertyTest {

    /** The limit names docs/pdp.md documents. */
    static final Set<String> DOCUMENTED = Set.of("body.size", "json.syntax", "json.type", "json.depth", "json.number.length",
            "json.number.range", "json.duplicate-key", "action.required", "action.length", "action.characters",
            "action.pattern", "action.allowed", "purpose.required", "purpose.length", "purpose.characters",
            "purpose.pattern", "resource.required", "resource.type.required", "resource.type.length",
            "resource.type.characters", "resource.type.pattern", "resource.id.required", "resource.id.length",
            "resource.id.characters", "resource.owner.required", "resource.owner.length", "resource.owner.characters",
            "resource.fields.count", "resource.fields.required", "resource.fields.length", "resource.fields.characters",
            "resource.created_at.length", "resource.created_at.characters", "resource.created_at.format", "context.depth",
            "context.size", "context.characters", "context.gpc.type", "context.justification.length",
            "context.justification.type", "batch.items", "batch.items.required");

    @Property(tries = 400)
    void everyRequestIsRefusedNamingALimitOrKeepsEveryLimit(@ForAll("requests") Map<String, Object> body) throws Exception {
        byte[] bytes = GeneratedRequests.bytes(body);
        InputViolation refusal;
        DecisionRequest request = null;
        try {
            request = DecisionBodies.read(new ByteArrayInputStream(bytes), 64 * 1024, DecisionRequest.class);
            List<InputViolation> violations = request.check("resource");
            refusal = violations.isEmpty() ? null : violations.get(0);
        } catch (RequestLimitException e) {
            refusal = e.violation();
        }

        if (refusal != null) {
            assertThat(GeneratedRequests.withinEveryLimit(body)).as("refused (%s) though within every limit", refusal).isFalse();
            assertThat(DOCUMENTED).contains(refusal.limit());
        } else {
            assertThat(GeneratedRequests.withinEveryLimit(body)).as("admitted though past a limit").isTrue();
            // decided normally: the OPA input of the decision can be written
            VerifiedToken caller = new VerifiedToken(Map.of("sub", "u", "azp", "c", "iss", "i"));
            assertThat(new ObjectMapper().writeValueAsBytes(PolicyInput.of(Instant.now(), caller, request, Map.of("known", false))))
                    .isNotEmpty();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> requests() {
        return GeneratedRequests.single();
    }
}
