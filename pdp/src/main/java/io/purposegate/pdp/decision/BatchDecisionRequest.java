package io.purposegate.pdp.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.purposegate.pdp.problem.InputViolation;

/**
 * {@code POST /v1/decisions/batch}: one action, purpose and context for many resources (an enforcement point's
 * list). Each resource is decided as the {@link DecisionRequest} it would be on its own.
 */
public record BatchDecisionRequest(String action, String purpose, List<DecisionRequest.Resource> resources,
        Map<String, Object> context) {

    /** The single requests this batch stands for, in the order of {@code resources}. */
    public List<DecisionRequest> items() {
        if (resources == null) {
            return List.of();
        }
        List<DecisionRequest> items = new ArrayList<>(resources.size());
        for (DecisionRequest.Resource resource : resources) {
            items.add(new DecisionRequest(action, purpose, resource, context));
        }
        return items;
    }

    /**
     * Every way this batch breaks the documented input limits; one bad item refuses the whole batch. Every item is
     * checked as a single request would be and its problems name the item's index ({@code resources[3].owner});
     * problems of the shared action, purpose and context are named once.
     */
    public List<InputViolation> check(int max) {
        List<InputViolation> violations = new ArrayList<>();
        if (resources == null || resources.isEmpty() || resources.size() > max) {
            violations.add(resources == null
                    ? InputViolation.rule("resources", "batch.items.required", "resources is required")
                    : InputViolation.bounded("resources", "batch.items", max,
                            "resources must list 1 to " + max + " resources (got " + resources.size() + ")"));
        }
        // the shared fields are checked once, so one answer names every problem
        new DecisionRequest(action, purpose, null, context).checkShared(violations);
        if (resources != null && resources.size() <= max) {
            for (int i = 0; i < resources.size(); i++) {
                new DecisionRequest(action, purpose, resources.get(i), context).checkResource("resources[" + i + "]", violations);
            }
        }
        return violations;
    }
}
