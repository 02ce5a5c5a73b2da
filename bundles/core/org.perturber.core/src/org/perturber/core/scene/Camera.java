package org.perturber.core.scene;

/**
 * An orbit camera looking at the origin (shifted by the pan): azimuth and elevation in degrees, distance in
 * scene units, roll about the view axis, vertical field of view in degrees, pan in scene units.
 */
public record Camera(double azimuthDegrees, double elevationDegrees, double distance, double rollDegrees,
        double fieldOfViewDegrees, double panX, double panY) {
    public static final Camera DEFAULT = new Camera(30, 20, 3, 0, 40, 0, 0);

    public Camera {
        Checks.finite("azimuth", azimuthDegrees);
        Checks.finite("elevation", elevationDegrees);
        if (!(distance > 0) || !Double.isFinite(distance)) {
            throw new IllegalArgumentException("camera distance must be a positive number, got " + distance);
        }
        Checks.finite("roll", rollDegrees);
        if (!(fieldOfViewDegrees > 0 && fieldOfViewDegrees < 180)) {
            throw new IllegalArgumentException("field of view must lie in (0, 180) degrees, got " + fieldOfViewDegrees);
        }
        Checks.finite("pan x", panX);
        Checks.finite("pan y", panY);
    }

    public Camera withOrbit(double azimuth, double elevation, double dist) {
        return new Camera(azimuth, elevation, dist, rollDegrees, fieldOfViewDegrees, panX, panY);
    }

    public Camera withRoll(double roll) {
        return new Camera(azimuthDegrees, elevationDegrees, distance, roll, fieldOfViewDegrees, panX, panY);
    }

    public Camera withFieldOfView(double fov) {
        return new Camera(azimuthDegrees, elevationDegrees, distance, rollDegrees, fov, panX, panY);
    }

    public Camera withPan(double x, double y) {
        return new Camera(azimuthDegrees, elevationDegrees, distance, rollDegrees, fieldOfViewDegrees, x, y);
    }

    /** The eye position in world coordinates (before pan), y up. */
    public Vec3 eye() {
        double az = Math.toRadians(azimuthDegrees);
        double el = Math.toRadians(elevationDegrees);
        return new Vec3(distance * Math.cos(el) * Math.sin(az), distance * Math.sin(el),
                distance * Math.cos(el) * Math.cos(az));
    }
}
