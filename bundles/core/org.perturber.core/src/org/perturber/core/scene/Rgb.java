package org.perturber.core.scene;

/** A colour with linear components in [0, 1] (values above 1 are allowed for light intensities). */
public record Rgb(double r, double g, double b) {
    public static final Rgb BLACK = new Rgb(0, 0, 0);
    public static final Rgb WHITE = new Rgb(1, 1, 1);
    public static final Rgb GREY = new Rgb(0.5, 0.5, 0.5);

    public Rgb {
        Checks.atLeast("red", r, 0);
        Checks.atLeast("green", g, 0);
        Checks.atLeast("blue", b, 0);
    }

    /** Parses {@code #rrggbb}. */
    public static Rgb fromHex(String hex) {
        String h = hex.startsWith("#") ? hex.substring(1) : hex;
        if (h.length() != 6) {
            throw new IllegalArgumentException("colour must be #rrggbb, got '" + hex + "'");
        }
        int v;
        try {
            v = Integer.parseInt(h, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("colour must be #rrggbb, got '" + hex + "'", e);
        }
        return new Rgb(((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0);
    }

    public String toHex() {
        return String.format("#%02x%02x%02x", channel(r), channel(g), channel(b));
    }

    private static int channel(double c) {
        return (int) Math.round(Math.min(1, c) * 255);
    }
}
