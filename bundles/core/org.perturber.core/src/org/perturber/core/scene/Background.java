package org.perturber.core.scene;

/**
 * What is behind the objects: a solid colour, a vertical gradient (top colour, bottom colour), an image file
 * or a procedural texture ({@code source} names the file or the texture).
 */
public record Background(Kind kind, Rgb color, Rgb secondColor, String source) {
    public enum Kind {
        SOLID, GRADIENT, IMAGE, PROCEDURAL
    }

    public static final Background DEFAULT = solid(new Rgb(0.92, 0.92, 0.92));

    public Background {
        Checks.present("background kind", kind);
        Checks.present("background colour", color);
        Checks.present("second background colour", secondColor);
        Checks.present("background source", source);
        if ((kind == Kind.IMAGE || kind == Kind.PROCEDURAL) && source.isBlank()) {
            throw new IllegalArgumentException(kind + " background needs a source");
        }
    }

    public static Background solid(Rgb c) {
        return new Background(Kind.SOLID, c, c, "");
    }

    public static Background gradient(Rgb top, Rgb bottom) {
        return new Background(Kind.GRADIENT, top, bottom, "");
    }
}
