package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's snow. A snow layer is made as the reference makes it, at its 224 x 224 pixels: normal draws (loc,
 * scale), the centre enlarged by a zoom (bigger flakes), values under a threshold dropped, clipped to [0, 1], then
 * streaked by ImageMagick's motion blur at an angle drawn from [-135, -45] degrees (falling); it is resized to the
 * image. The image is blended toward a greyed and brightened copy (max(pixel, 1.5 grey + 0.5)), the "blend" weight
 * keeping the original, and the layer added twice, once turned by 180 degrees, then clipped.
 * <p>
 * Below severity 1 the layer is severity 1's, faded in (its weight grows from 0 to 1) and the blend grows from 1;
 * a threshold moved instead would switch flakes on in bursts.
 */
public class Snow extends SeededCorruption {
    /** The reference's (loc, scale, zoom, threshold, motion radius, motion sigma, blend) per severity. */
    private static final double[][] SEVERITY_VALUES = { { 0.1, 0.3, 3, 0.5, 10, 4, 0.8 },
            { 0.2, 0.3, 2, 0.5, 12, 4, 0.7 }, { 0.55, 0.3, 4, 0.9, 12, 8, 0.7 }, { 0.55, 0.3, 4.5, 0.85, 12, 8, 0.65 },
            { 0.55, 0.3, 2.5, 0.85, 12, 12, 0.55 } };
    /** Severity 1's layer, the image kept whole (blend 1); the layer's weight does the rest. */
    private static final double[] UNCHANGED = { 0.1, 0.3, 3, 0.5, 10, 4, 1 };

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double[] c = Severity.at(s, UNCHANGED, SEVERITY_VALUES);
        int w = image.width(), h = image.height();
        float[] layer = Raster.resize(layer(c, seed), Raster.REFERENCE, Raster.REFERENCE, 1, w, h);
        float weight = (float) Math.min(1, s);
        float blend = (float) c[6];
        float[] d = image.copyData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int i = p * 3;
                // OpenCV's RGB2GRAY weights, as the reference
                float grey = 0.299f * d[i] + 0.587f * d[i + 1] + 0.114f * d[i + 2];
                float flakes = weight * (layer[p] + layer[(h - 1 - y) * w + (w - 1 - x)]);
                for (int k = 0; k < 3; k++) {
                    float brightened = Math.max(d[i + k], grey * 1.5f + 0.5f);
                    d[i + k] = blend * d[i + k] + (1 - blend) * brightened + flakes;
                }
            }
        }
        return Raster.clipped(w, h, d);
    }

    /** The snow layer at 224 x 224 for the values {@code c}; the draws do not depend on them. */
    private static float[] layer(double[] c, int seed) {
        int n = Raster.REFERENCE;
        SplittableRandom random = new SplittableRandom(seed);
        float[] layer = new float[n * n];
        for (int i = 0; i < layer.length; i++) {
            layer[i] = (float) (c[0] + c[1] * Raster.gaussian(random));
        }
        double angle = -135 + 90 * random.nextDouble();
        layer = Raster.clippedZoom(layer, n, n, 1, c[2]);
        for (int i = 0; i < layer.length; i++) {
            float value = layer[i];
            layer[i] = value < c[3] ? 0f : Math.min(1f, value);
        }
        return Raster.motionBlur(layer, n, n, 1, c[4], c[5], angle, 1);
    }
}
