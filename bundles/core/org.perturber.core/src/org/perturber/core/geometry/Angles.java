package org.perturber.core.geometry;

/** Angles in degrees: one rule for bringing them into a range, so that a turned camera reads 94 degrees, not 454. */
public final class Angles {
    private Angles() {
    }

    /** {@code degrees} brought into [from, from + 360). */
    public static double wrap(double degrees, double from) {
        return from + ((degrees - from) % 360 + 360) % 360;
    }
}
