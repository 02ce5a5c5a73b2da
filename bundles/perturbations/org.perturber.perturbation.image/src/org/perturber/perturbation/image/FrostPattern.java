package org.perturber.perturbation.image;

import java.util.SplittableRandom;

/**
 * A frost layer made from a seed, in place of the six photographs of frost on glass whose crops ImageNet-C blends
 * in (we ship no third-party pictures). At 224 x 224, RGB:
 * <ul>
 * <li>the glass: a dim blue-grey with soft blotches (a {@link Plasma} fractal) and a fine grain;</li>
 * <li>ice ferns: dendrites grown as strokes, each a slightly curving stem with side branches at about 60 degrees on
 * both sides that shorten toward its tip, and twigs on the longer branches, brightest along the stem; their
 * overlapping strokes saturate toward white, with a soft glow around them.</li>
 * </ul>
 * Tuned to the photographs' statistics (measured on them, not shipped): over the five the reference draws from
 * (frost1-5), luminance means 0.48 to 0.80 (0.64 on average; two of them the same bright picture), standard
 * deviations 0.07-0.17, blue above green above red (mean RGB about 0.57, 0.66, 0.70). Ours has luminance means of
 * 0.55-0.60 over seeds, standard deviation about 0.10, medians under the means (glass with a minority of bright
 * crystals, 99th percentiles 0.83-0.88) and the photographs' red/green and blue/green ratios.
 */
final class FrostPattern {
    /** Colour of ice and glass relative to grey: the photographs' red/green and blue/green ratios. */
    private static final float RED = 0.87f, GREEN = 1f, BLUE = 1.07f;

    private FrostPattern() {
    }

    /** The layer, RGB interleaved, row by row, 224 x 224. */
    static float[] layer(int seed) {
        int n = Raster.REFERENCE;
        SplittableRandom random = new SplittableRandom(seed);
        // the top-left 224 x 224 of a 256 map, as fog crops it
        float[] blotches = Plasma.fractal(256, 2, random);
        float[] grain = new float[n * n];
        for (int i = 0; i < grain.length; i++) {
            grain[i] = (float) Raster.gaussian(random);
        }
        grain = FoldedGaussian.blur(grain, n, n, 0.8, 3, FoldedGaussian.Edge.REFLECT);

        float[] ice = new float[n * n];
        // large ferns, then many small ones filling the glass between them
        int ferns = 60 + random.nextInt(20);
        for (int f = 0; f < ferns; f++) {
            fern(ice, n, random, 25 + 55 * random.nextDouble(), 0.5 + 0.4 * random.nextDouble());
        }
        int small = 150 + random.nextInt(50);
        for (int f = 0; f < small; f++) {
            fern(ice, n, random, 6 + 16 * random.nextDouble(), 0.3 + 0.3 * random.nextDouble());
        }
        for (int i = 0; i < ice.length; i++) {
            ice[i] = (float) (1 - Math.exp(-1.7 * ice[i]));
        }
        float[] glow = FoldedGaussian.blur(ice, n, n, 2.5, 3, FoldedGaussian.Edge.REFLECT);

        float[] rgb = new float[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int p = y * n + x;
                double glass = 0.41 + 0.16 * blotches[y * 256 + x] + 0.03 * grain[p];
                double bright = Math.min(1, 0.8 * ice[p] + 0.45 * glow[p]);
                double grey = glass + (0.96 - glass) * bright;
                rgb[p * 3] = (float) Math.min(1, grey * RED);
                rgb[p * 3 + 1] = (float) Math.min(1, grey * GREEN);
                rgb[p * 3 + 2] = (float) Math.min(1, grey * BLUE);
            }
        }
        return rgb;
    }

    /** One fern: a stem from a random point (possibly just outside, so ferns reach in over the edges). */
    private static void fern(float[] ice, int n, SplittableRandom random, double length, double strength) {
        double x = -20 + (n + 40) * random.nextDouble();
        double y = -20 + (n + 40) * random.nextDouble();
        double angle = 2 * Math.PI * random.nextDouble();
        double bend = 0.02 * Raster.gaussian(random);
        double gap = 2.5 + 1.5 * random.nextDouble();
        double reach = (0.3 + 0.2 * random.nextDouble()) * length;
        double branchAngle = Math.toRadians(52 + 16 * random.nextDouble());
        double sinceBranch = 0;
        for (double t = 0; t < length; t += 1) {
            double nx = x + Math.cos(angle), ny = y + Math.sin(angle);
            double fade = 1 - 0.5 * t / length;
            stroke(ice, n, x, y, nx, ny, strength * fade);
            x = nx;
            y = ny;
            angle += bend + 0.03 * Raster.gaussian(random);
            sinceBranch += 1;
            if (sinceBranch >= gap) {
                sinceBranch = 0;
                double side = reach * Math.pow(1 - t / length, 0.7);
                for (int sign = -1; sign <= 1; sign += 2) {
                    if (random.nextDouble() < 0.85) {
                        double a = angle + sign * (branchAngle + 0.15 * Raster.gaussian(random));
                        branch(ice, n, x, y, a, side * (0.6 + 0.5 * random.nextDouble()), 0.6 * strength * fade,
                                random, true);
                    }
                }
            }
        }
    }

    /** A side branch, straight but for a little wobble; the longer ones carry twigs at about 60 degrees. */
    private static void branch(float[] ice, int n, double x, double y, double angle, double length, double strength,
            SplittableRandom random, boolean twigs) {
        double sinceTwig = 0;
        for (double t = 0; t < length; t += 1) {
            double nx = x + Math.cos(angle), ny = y + Math.sin(angle);
            stroke(ice, n, x, y, nx, ny, strength * (1 - 0.6 * t / length));
            x = nx;
            y = ny;
            angle += 0.04 * Raster.gaussian(random);
            sinceTwig += 1;
            if (twigs && length > 8 && sinceTwig >= 3) {
                sinceTwig = 0;
                int sign = random.nextBoolean() ? 1 : -1;
                branch(ice, n, x, y, angle + sign * Math.toRadians(60), 0.3 * (length - t) * random.nextDouble(),
                        0.5 * strength, random, false);
            }
        }
    }

    /** Adds a segment of the given brightness per pixel of length, as bilinear splats every half pixel. */
    private static void stroke(float[] ice, int n, double x0, double y0, double x1, double y1, double amount) {
        for (int k = 0; k < 2; k++) {
            double x = x0 + (x1 - x0) * (k + 0.5) / 2, y = y0 + (y1 - y0) * (k + 0.5) / 2;
            int ix = (int) Math.floor(x), iy = (int) Math.floor(y);
            double fx = x - ix, fy = y - iy;
            splat(ice, n, ix, iy, amount * 0.5 * (1 - fx) * (1 - fy));
            splat(ice, n, ix + 1, iy, amount * 0.5 * fx * (1 - fy));
            splat(ice, n, ix, iy + 1, amount * 0.5 * (1 - fx) * fy);
            splat(ice, n, ix + 1, iy + 1, amount * 0.5 * fx * fy);
        }
    }

    private static void splat(float[] ice, int n, int x, int y, double amount) {
        if (x >= 0 && y >= 0 && x < n && y < n) {
            ice[y * n + x] += (float) amount;
        }
    }
}
