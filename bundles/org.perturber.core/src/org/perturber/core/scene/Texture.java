package org.perturber.core.scene;

/**
 * A diffuse texture reference. {@code source} is a procedural texture name (such as {@code checker}) for
 * {@link Kind#PROCEDURAL}, or an image file path for {@link Kind#IMAGE}. Scale and rotation act on UVs.
 */
public record Texture(Kind kind, String source, double scale, double rotationDegrees, Rgb tint) {
    public enum Kind {
        NONE, PROCEDURAL, IMAGE
    }

    /** No texture: the material's flat albedo. */
    public static final Texture NONE = new Texture(Kind.NONE, "", 1, 0, Rgb.WHITE);

    public Texture {
        Checks.present("texture kind", kind);
        Checks.present("texture source", source);
        Checks.present("texture tint", tint);
        if (kind != Kind.NONE && source.isBlank()) {
            throw new IllegalArgumentException(kind + " texture needs a source");
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("texture scale must be a positive number, got " + scale);
        }
        Checks.finite("texture rotation", rotationDegrees);
    }

    public static Texture procedural(String name) {
        return new Texture(Kind.PROCEDURAL, name, 1, 0, Rgb.WHITE);
    }

    public static Texture image(String path) {
        return new Texture(Kind.IMAGE, path, 1, 0, Rgb.WHITE);
    }

    public Texture withScale(double s) {
        return new Texture(kind, source, s, rotationDegrees, tint);
    }

    public Texture withRotation(double degrees) {
        return new Texture(kind, source, scale, degrees, tint);
    }
}
