package org.perturber.core.scene;

/** Placement of an object: translation, rotation as Euler angles in degrees (applied X, then Y, then Z), scale. */
public record Transform(Vec3 translation, Vec3 rotationDegrees, Vec3 scale) {
    public static final Transform IDENTITY = new Transform(Vec3.ZERO, Vec3.ZERO, Vec3.ONE);

    public Transform {
        Checks.present("translation", translation);
        Checks.present("rotation", rotationDegrees);
        Checks.present("scale", scale);
        if (scale.x() <= 0 || scale.y() <= 0 || scale.z() <= 0) {
            throw new IllegalArgumentException("scale factors must be positive, got " + scale);
        }
    }

    public Transform withTranslation(Vec3 t) {
        return new Transform(t, rotationDegrees, scale);
    }

    public Transform withRotation(Vec3 r) {
        return new Transform(translation, r, scale);
    }

    public Transform withScale(Vec3 s) {
        return new Transform(translation, rotationDegrees, s);
    }
}
