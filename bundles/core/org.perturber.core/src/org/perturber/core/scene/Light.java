package org.perturber.core.scene;

/**
 * A light. For {@link Kind#DIRECTIONAL} the vector is the direction the light comes FROM (towards the light);
 * for {@link Kind#POINT} it is the light's position.
 */
public record Light(Kind kind, Vec3 vector, Rgb color, double intensity) {
    public enum Kind {
        DIRECTIONAL, POINT
    }

    public Light {
        Checks.present("light kind", kind);
        Checks.present("light vector", vector);
        Checks.present("light colour", color);
        Checks.atLeast("light intensity", intensity, 0);
        if (kind == Kind.DIRECTIONAL && vector.length() == 0) {
            throw new IllegalArgumentException("a directional light needs a non-zero direction");
        }
    }

    public static Light directional(Vec3 towardsLight, double intensity) {
        return new Light(Kind.DIRECTIONAL, towardsLight, Rgb.WHITE, intensity);
    }

    public Light withIntensity(double i) {
        return new Light(kind, vector, color, i);
    }

    public Light withColor(Rgb c) {
        return new Light(kind, vector, c, intensity);
    }

    public Light withVector(Vec3 v) {
        return new Light(kind, v, color, intensity);
    }
}
