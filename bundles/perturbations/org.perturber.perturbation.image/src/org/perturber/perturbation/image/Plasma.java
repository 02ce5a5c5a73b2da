package org.perturber.perturbation.image;

import java.util.SplittableRandom;

/**
 * The diamond-square plasma fractal of ImageNet-C's fog (the reference's {@code plasma_fractal}): a square height
 * map whose every midpoint is the mean of its four neighbours (wrapping around the edges) plus a uniform wobble of
 * amplitude wibble^2, wibble starting at 100 and divided by {@code wibbleDecay} at each halving of the step; a
 * larger decay gives a smoother map. Normalised to [0, 1].
 */
final class Plasma {
    private Plasma() {
    }

    /**
     * A {@code size} x {@code size} map ({@code size} a power of two), row by row. The random draws come in a fixed
     * order and number whatever the decay, so that a decay between two severities' gives a map between theirs.
     */
    static float[] fractal(int size, double wibbleDecay, SplittableRandom random) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("plasma size must be a power of two, got " + size);
        }
        double[] map = new double[size * size];
        double wibble = 100;
        for (int step = size; step >= 2; step /= 2) {
            int n = size / step;
            int half = step / 2;
            // squares: the centre of each square of corners, from its four corners
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = corner(map, size, step, i, j) + corner(map, size, step, (i + 1) % n, j)
                            + corner(map, size, step, i, (j + 1) % n) + corner(map, size, step, (i + 1) % n,
                                    (j + 1) % n);
                    map[(i * step + half) * size + j * step + half] = wobbled(sum, wibble, random);
                }
            }
            // diamonds: the middle of each top edge (between two corners and two centres) ...
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = centre(map, size, step, i, j) + centre(map, size, step, (i + n - 1) % n, j)
                            + corner(map, size, step, i, j) + corner(map, size, step, i, (j + 1) % n);
                    map[i * step * size + j * step + half] = wobbled(sum, wibble, random);
                }
            }
            // ... and of each left edge
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = centre(map, size, step, i, j) + centre(map, size, step, i, (j + n - 1) % n)
                            + corner(map, size, step, i, j) + corner(map, size, step, (i + 1) % n, j);
                    map[(i * step + half) * size + j * step] = wobbled(sum, wibble, random);
                }
            }
            wibble /= wibbleDecay;
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[map.length];
        double range = max > min ? max - min : 1;
        for (int k = 0; k < map.length; k++) {
            out[k] = (float) ((map[k] - min) / range);
        }
        return out;
    }

    private static double corner(double[] map, int size, int step, int i, int j) {
        return map[i * step * size + j * step];
    }

    private static double centre(double[] map, int size, int step, int i, int j) {
        return map[(i * step + step / 2) * size + j * step + step / 2];
    }

    private static double wobbled(double sum, double wibble, SplittableRandom random) {
        return sum / 4 + wibble * wibble * (2 * random.nextDouble() - 1);
    }
}
