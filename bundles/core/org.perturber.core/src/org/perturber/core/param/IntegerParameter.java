package org.perturber.core.param;

/** A whole number in [min, max] (such as a number of steps or a severity level). */
public record IntegerParameter(String id, String label, String unit, int min, int max, Integer defaultValue)
        implements ParameterDescriptor {
    public IntegerParameter {
        Descriptors.requireIdAndLabel(id, label);
        if (min > max || defaultValue == null || defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("parameter " + id + ": default " + defaultValue
                    + " outside range [" + min + ", " + max + "]");
        }
        unit = unit == null ? "" : unit;
    }

    @Override
    public Integer normalize(Object value) {
        if (!(value instanceof Number n)) {
            throw new InvalidParameterException(this, "expected a whole number, got " + Descriptors.describe(value));
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidParameterException(this, Double.isNaN(v) ? "NaN is not a number"
                    : "must be a finite number, got " + v);
        }
        return (int) Math.max(min, Math.min(max, Math.round(v)));
    }
}
