package org.perturber.core.param;

import org.perturber.core.geometry.Angles;

/**
 * A real number in [min, max] with a UI step and an optional unit (such as "deg"). An angle whose range is one full
 * turn ({@link #periodic()}, such as -180..180 degrees) wraps around: 200 degrees is -160, not 180.
 */
public record NumberParameter(String id, String label, String unit, double min, double max, Double defaultValue,
        double step) implements ParameterDescriptor {
    public NumberParameter {
        Descriptors.requireIdAndLabel(id, label);
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("parameter " + id + ": invalid range [" + min + ", " + max + "]");
        }
        if (defaultValue == null || defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("parameter " + id + ": default " + defaultValue + " outside range");
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("parameter " + id + ": step must be positive");
        }
        unit = unit == null ? "" : unit;
    }

    public NumberParameter(String id, String label, String unit, double min, double max, double defaultValue) {
        this(id, label, unit, min, max, defaultValue, (max - min) / 100.0 > 0 ? (max - min) / 100.0 : 1);
    }

    @Override
    public Double normalize(Object value) {
        if (!(value instanceof Number n)) {
            throw new InvalidParameterException(this, "expected a number, got " + Descriptors.describe(value));
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            // an infinite value from a file is a mistake, not "the maximum": clamping it would hide the mistake
            throw new InvalidParameterException(this, Double.isNaN(v) ? "NaN is not a number"
                    : "must be a finite number, got " + v);
        }
        if (periodic() && (v < min || v > max)) {
            v = Angles.wrap(v, min);
        }
        return Math.max(min, Math.min(max, v));
    }

    /** Whether this is an angle in degrees over exactly one turn, so that values beyond the range wrap around. */
    public boolean periodic() {
        return unit.equals("deg") && max - min == 360;
    }
}
