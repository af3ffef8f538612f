package io.purposegate.sdk;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies one decision's field obligations to one record (a JSON object): only what the PDP allowed
 * leaves.
 *
 * <ul>
 * <li>a property the decision denies is removed, one it masks is masked ({@link Masks}), one it allows
 * is kept, one the annotation declares {@code unguarded} is kept;</li>
 * <li>every other property is removed;</li>
 * <li>a dotted name ({@code address.city}, {@code orders.total}) reaches into nested objects and through
 * arrays (every element); under a named parent, what its children do not name is treated like the
 * parent ({@code address} allowed and {@code address.street} denied keeps the address without its street);</li>
 * <li>when a name is in more than one list the strictest wins: denied, then masked, then allowed or unguarded.</li>
 * </ul>
 */
final class Obligations {

    private sealed interface Treatment permits Keep, Remove, Mask {
        int strictness();
    }

    private record Keep() implements Treatment {
        public int strictness() {
            return 0;
        }
    }

    private record Mask(String strategy) implements Treatment {
        public int strictness() {
            return 1;
        }
    }

    private record Remove() implements Treatment {
        public int strictness() {
            return 2;
        }
    }

    private static final Treatment KEEP = new Keep();
    private static final Treatment REMOVE = new Remove();

    private static final class Rule {
        Treatment own;
        final Map<String, Rule> children = new HashMap<>();
    }

    private final Rule root = new Rule();
    private final Masks masks;

    Obligations(PdpDecision.Fields fields, String[] unguarded, Masks masks) {
        this.masks = masks;
        for (String name : unguarded) {
            set(name, KEEP);
        }
        if (fields != null) {
            fields.allowed().forEach(name -> set(name, KEEP));
            fields.masked().forEach((name, strategy) -> set(name, new Mask(strategy)));
            fields.denied().forEach(name -> set(name, REMOVE));
        }
    }

    private void set(String dottedName, Treatment treatment) {
        if (dottedName == null || dottedName.isEmpty()) {
            return;
        }
        Rule rule = root;
        for (String part : dottedName.split("\\.", -1)) {
            rule = rule.children.computeIfAbsent(part, p -> new Rule());
        }
        if (rule.own == null || treatment.strictness() > rule.own.strictness()) {
            rule.own = treatment;
        }
    }

    /**
     * @param record one record: an object (an array is taken as records of the same kind)
     * @return the minimised record; null when nothing of it may leave (not an object or array)
     */
    JsonNode apply(JsonNode record) {
        return treat(record, root, REMOVE);
    }

    /** @return the value to send, or null to remove it */
    private JsonNode treat(JsonNode value, Rule rule, Treatment inherited) {
        Treatment own = rule.own == null ? inherited : rule.own;
        if (rule.children.isEmpty() || rule.own instanceof Remove) {
            return apply(value, own);
        }
        if (value.isObject()) {
            ObjectNode out = ((ObjectNode) value).objectNode();
            value.properties().forEach(property -> {
                Rule child = rule.children.get(property.getKey());
                JsonNode kept = child == null ? apply(property.getValue(), own) : treat(property.getValue(), child, own);
                if (kept != null) {
                    out.set(property.getKey(), kept);
                }
            });
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = ((ArrayNode) value).arrayNode();
            for (JsonNode element : value) {
                JsonNode kept = treat(element, rule, inherited);
                if (kept != null) {
                    out.add(kept);
                }
            }
            return out;
        }
        return apply(value, own);
    }

    private JsonNode apply(JsonNode value, Treatment treatment) {
        if (treatment instanceof Keep) {
            return value;
        }
        if (treatment instanceof Mask mask) {
            return masks.mask(value, mask.strategy());
        }
        return null;
    }
}
