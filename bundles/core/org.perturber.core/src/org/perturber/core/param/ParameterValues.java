package org.perturber.core.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturber.core.scene.Rgb;

/**
 * Immutable, validated values for a list of parameter descriptors. Every value passed in goes through its
 * descriptor's {@link ParameterDescriptor#normalize(Object)}, so a contribution only ever sees valid values.
 */
public final class ParameterValues {
    private final List<ParameterDescriptor> descriptors;
    private final Map<String, Object> values;

    private ParameterValues(List<ParameterDescriptor> descriptors, Map<String, Object> values) {
        this.descriptors = descriptors;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Every parameter at its default. */
    public static ParameterValues defaults(List<ParameterDescriptor> descriptors) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (ParameterDescriptor d : descriptors) {
            if (v.put(d.id(), d.defaultValue()) != null) {
                throw new IllegalArgumentException("duplicate parameter id " + d.id());
            }
        }
        return new ParameterValues(List.copyOf(descriptors), v);
    }

    /**
     * A copy with one value replaced.
     *
     * @throws InvalidParameterException for an unknown id or a value that cannot be made valid
     */
    public ParameterValues with(String id, Object value) {
        ParameterDescriptor d = descriptor(id);
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(id, d.normalize(value));
        return new ParameterValues(descriptors, v);
    }

    /** A copy with every given value replaced (all checked before any is taken). */
    public ParameterValues withAll(Map<String, ?> changes) {
        ParameterValues result = this;
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            result = result.with(e.getKey(), e.getValue());
        }
        return result;
    }

    public ParameterDescriptor descriptor(String id) {
        for (ParameterDescriptor d : descriptors) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + id + "'; known: "
                + descriptors.stream().map(ParameterDescriptor::id).toList());
    }

    public List<ParameterDescriptor> descriptors() {
        return descriptors;
    }

    /** Values by parameter id, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    public Object get(String id) {
        descriptor(id);
        return values.get(id);
    }

    public double getDouble(String id) {
        return ((Number) get(id)).doubleValue();
    }

    public int getInt(String id) {
        return ((Number) get(id)).intValue();
    }

    public boolean getBoolean(String id) {
        return (Boolean) get(id);
    }

    public String getChoice(String id) {
        return (String) get(id);
    }

    public Rgb getColor(String id) {
        return (Rgb) get(id);
    }

    /** True when every parameter is at its default. */
    public boolean isDefault() {
        return descriptors.stream().allMatch(d -> d.defaultValue().equals(values.get(d.id())));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterValues p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
