package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's fog: a plasma fractal ({@link Plasma}, map size 256, its top-left 224 x 224 as the reference crops)
 * times a strength is added to every channel, and the sum scaled by max / (max + strength), max the image's largest
 * value, so that the haze lowers the contrast rather than only brightening. The fractal is made at the reference's
 * 224 pixels and resized to the image, so that its blotches keep their share of the image.
 */
public class Fog extends SeededCorruption {
    /** The reference's (strength, wibble decay) per severity. */
    private static final double[][] SEVERITY_STRENGTH_DECAY = { { 1.5, 2 }, { 2, 2 }, { 2.5, 1.7 }, { 2.5, 1.5 },
            { 3, 1.4 } };
    /** No haze; the decay is severity 1's, so that below 1 only the strength grows. */
    private static final double[] UNCHANGED = { 0, 2 };
    private static final int MAP_SIZE = 256;

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double[] c = Severity.at(s, UNCHANGED, SEVERITY_STRENGTH_DECAY);
        double strength = c[0];
        float[] map = Plasma.fractal(MAP_SIZE, c[1], new SplittableRandom(seed));
        int n = Raster.REFERENCE;
        float[] crop = new float[n * n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(map, y * MAP_SIZE, crop, y * n, n);
        }
        int w = image.width(), h = image.height();
        float[] haze = Raster.resize(crop, n, n, 1, w, h);
        float[] d = image.copyData();
        float max = 0;
        for (float value : d) {
            max = Math.max(max, value);
        }
        double k = max / (max + strength);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((d[i] + strength * haze[i / 3]) * k);
        }
        return Raster.clipped(w, h, d);
    }
}
