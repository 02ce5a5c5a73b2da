package org.perturber.perturbation.image;


import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's frost: the image times a weight plus a frost picture times another, clipped. The reference crops
 * one of its frost photographs at random; we ship none and generate the frost from the seed instead
 * ({@link FrostPattern}: ice ferns over dim blue-grey glass, made at 224 x 224 and resized to the image).
 */
public class Frost extends SeededCorruption {
    /** The reference's (image weight, frost weight) per severity. */
    private static final double[][] SEVERITY_WEIGHTS = { { 1, 0.4 }, { 0.8, 0.6 }, { 0.7, 0.7 }, { 0.65, 0.7 },
            { 0.6, 0.75 } };
    private static final double[] UNCHANGED = { 1, 0 };

    /** The frost depends only on the seed and the size: a sweep over severities makes it once. */
    private record Layer(int seed, int width, int height, float[] rgb) {
    }

    private volatile Layer last;

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double[] c = Severity.at(s, UNCHANGED, SEVERITY_WEIGHTS);
        int w = image.width(), h = image.height(), n = Raster.REFERENCE;
        Layer layer = last;
        if (layer == null || layer.seed() != seed || layer.width() != w || layer.height() != h) {
            layer = new Layer(seed, w, h, Raster.resize(FrostPattern.layer(seed), n, n, 3, w, h));
            last = layer;
        }
        float[] frost = layer.rgb();
        float[] d = image.copyData();
        float keep = (float) c[0], add = (float) c[1];
        for (int i = 0; i < d.length; i++) {
            d[i] = keep * d[i] + add * frost[i];
        }
        return Raster.clipped(w, h, d);
    }
}
