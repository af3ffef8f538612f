package io.purposegate.pdp.decision;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * What is wrong with this request, one sentence per problem; empty when it is well-formed. Every item is checked
     * as a single request would be; its problems name the item's index ({@code resources[3].owner is required}),
     * problems of the shared action, purpose and context are named once.
     */
    public List<String> violations(int max) {
        Set<String> violations = new LinkedHashSet<>();
        List<DecisionRequest> items;
        if (resources == null || resources.isEmpty() || resources.size() > max) {
            violations.add(resources == null ? "resources is required"
                    : "resources must list 1 to " + max + " resources (got " + resources.size() + ")");
            // the shared fields are still checked, so one answer names every problem
            items = List.of(new DecisionRequest(action, purpose, new DecisionRequest.Resource("-", "-", "-", null), context));
        } else {
            items = items();
        }
        for (int i = 0; i < items.size(); i++) {
            for (String violation : items.get(i).violations()) {
                violations.add(violation.startsWith("resource")
                        ? "resources[" + i + "]" + violation.substring("resource".length())
                        : violation);
            }
        }
        return List.copyOf(violations);
    }
}
