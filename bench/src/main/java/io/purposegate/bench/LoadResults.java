package io.purposegate.bench;

import java.util.List;
import java.util.Map;

/** Reading the load runs' results (one map per target or scenario, by name) for the reports. */
final class LoadResults {

    private LoadResults() {
    }

    /** The results of the target {@code name}; fails naming the targets there are when it is missing. */
    static Map<String, Object> require(Map<String, Map<String, Object>> byName, String name) {
        Map<String, Object> r = byName.get(name);
        if (r == null) {
            throw new IllegalArgumentException("the load results have no target " + name + "; have " + List.copyOf(byName.keySet()));
        }
        return r;
    }

    static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
