package org.perturber.core.param;

import org.perturber.core.scene.Rgb;

/** A colour; accepts {@link Rgb} values or {@code #rrggbb} strings. */
public record ColorParameter(String id, String label, Rgb defaultValue) implements ParameterDescriptor {
    public ColorParameter {
        Descriptors.requireIdAndLabel(id, label);
        if (defaultValue == null) {
            throw new IllegalArgumentException("parameter " + id + ": no default colour");
        }
    }

    @Override
    public Rgb normalize(Object value) {
        if (value instanceof Rgb c) {
            return new Rgb(Math.min(1, c.r()), Math.min(1, c.g()), Math.min(1, c.b()));
        }
        if (value instanceof String s) {
            try {
                return Rgb.fromHex(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(this, e.getMessage());
            }
        }
        throw new InvalidParameterException(this, "expected a colour, got " + Descriptors.describe(value));
    }
}
