package org.perturber.core.scene;

/**
 * A diffuse texture. {@code source} names a procedural texture (see {@link #PROCEDURAL_NAMES}) for
 * {@link Kind#PROCEDURAL}, or an image file path for {@link Kind#IMAGE}. Procedural textures mix {@code color}
 * and {@code secondColor}; an image is multiplied by {@code color}. Scale and rotation act on the texture
 * coordinates (UVs for checker, stripes, dots and images; object-space position for the solid textures noise, wood,
 * marble and scales, so that they survive morphing without seams).
 */
public record Texture(Kind kind, String source, Rgb color, Rgb secondColor, double scale, double rotationDegrees) {
    public enum Kind {
        NONE, PROCEDURAL, IMAGE
    }

    /** The procedural textures every renderer must know. */
    public static final java.util.List<String> PROCEDURAL_NAMES = java.util.List.of("checker", "stripes", "dots",
            "noise", "wood", "marble", "scales");

    /** No texture: the material's flat albedo. */
    public static final Texture NONE = new Texture(Kind.NONE, "", Rgb.WHITE, Rgb.WHITE, 1, 0);

    public Texture {
        Checks.present("texture kind", kind);
        Checks.present("texture source", source);
        Checks.present("texture colour", color);
        Checks.present("second texture colour", secondColor);
        if (kind != Kind.NONE && source.isBlank()) {
            throw new IllegalArgumentException(kind + " texture needs a source");
        }
        if (kind == Kind.PROCEDURAL && !PROCEDURAL_NAMES.contains(source)) {
            throw new IllegalArgumentException("unknown procedural texture '" + source + "'; known: "
                    + PROCEDURAL_NAMES);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("texture scale must be a positive number, got " + scale);
        }
        Checks.finite("texture rotation", rotationDegrees);
    }

    public static Texture procedural(String name, Rgb color, Rgb secondColor) {
        return new Texture(Kind.PROCEDURAL, name, color, secondColor, 1, 0);
    }

    public static Texture image(String path) {
        return new Texture(Kind.IMAGE, path, Rgb.WHITE, Rgb.WHITE, 1, 0);
    }

    public Texture withScale(double s) {
        return new Texture(kind, source, color, secondColor, s, rotationDegrees);
    }

    public Texture withRotation(double degrees) {
        return new Texture(kind, source, color, secondColor, scale, degrees);
    }

    public Texture withColors(Rgb first, Rgb second) {
        return new Texture(kind, source, first, second, scale, rotationDegrees);
    }
}
