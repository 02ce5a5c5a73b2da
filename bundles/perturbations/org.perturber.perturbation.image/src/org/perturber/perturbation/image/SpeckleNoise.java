package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's speckle noise, multiplicative: {@code x + x * N(0, c)} with c = 0.15, 0.2, 0.35, 0.45, 0.6 at
 * severities 1-5, clipped to [0, 1], so a value's standard deviation is {@code c x}. The draws depend only on the
 * seed and the image size: a severity slider scales one fixed pattern.
 */
public class SpeckleNoise extends SeededCorruption {
    private static final double[] SEVERITY_SIGMA = { 0.15, 0.2, 0.35, 0.45, 0.6 };

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double sigma = Severity.at(s, 0, SEVERITY_SIGMA);
        if (sigma <= 0) {
            return image;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] + d[i] * sigma * Raster.gaussian(random));
        }
        return Raster.clipped(image.width(), image.height(), d);
    }
}
