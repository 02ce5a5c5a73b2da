package org.perturber.core.perturbation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a perturbation stack: which perturbation (by its contribution id), the values of its parameters
 * that differ from the defaults, and whether it is enabled. Values are plain (numbers, booleans, choice strings,
 * colours as {@code #rrggbb}), so that stacks serialise to JSON and travel between sessions and sweeps.
 */
public record StackEntry(String perturbation, Map<String, Object> values, boolean enabled) {
    public StackEntry {
        if (perturbation == null || perturbation.isBlank()) {
            throw new IllegalArgumentException("stack entry without a perturbation id");
        }
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static StackEntry of(String perturbation) {
        return new StackEntry(perturbation, Map.of(), true);
    }

    public StackEntry with(String parameter, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(parameter, value);
        return new StackEntry(perturbation, v, enabled);
    }

    public StackEntry withEnabled(boolean on) {
        return new StackEntry(perturbation, values, on);
    }
}
