package org.perturber.core.scene;

/** An immutable 3D vector (positions, directions, Euler angles in degrees, scale factors). */
public record Vec3(double x, double y, double z) {
    public static final Vec3 ZERO = new Vec3(0, 0, 0);
    public static final Vec3 ONE = new Vec3(1, 1, 1);

    public Vec3 {
        Checks.finite("x", x);
        Checks.finite("y", y);
        Checks.finite("z", z);
    }

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    public double length() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    /** The unit vector in this direction; the zero vector has none. */
    public Vec3 normalized() {
        double len = length();
        if (len == 0) {
            throw new IllegalArgumentException("the zero vector has no direction");
        }
        return times(1 / len);
    }
}
