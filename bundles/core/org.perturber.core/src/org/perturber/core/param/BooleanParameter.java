package org.perturber.core.param;

/** An on/off switch. */
public record BooleanParameter(String id, String label, Boolean defaultValue) implements ParameterDescriptor {
    public BooleanParameter {
        Descriptors.requireIdAndLabel(id, label);
        if (defaultValue == null) {
            throw new IllegalArgumentException("parameter " + id + ": no default");
        }
    }

    @Override
    public Boolean normalize(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        throw new InvalidParameterException(this, "expected true or false, got " + Descriptors.describe(value));
    }
}
