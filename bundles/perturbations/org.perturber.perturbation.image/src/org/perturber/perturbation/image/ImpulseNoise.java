package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's impulse noise, scikit-image's salt and pepper ({@code random_noise(mode='s&p')}): each value (each
 * channel of each pixel, independently) is replaced with probability {@code amount} = 0.03, 0.06, 0.09, 0.17, 0.27
 * at severities 1-5, by 1 (salt) or 0 (pepper) with equal odds. Each value has two fixed seeded draws (whether it
 * is hit: draw < amount; salt or pepper), so a higher severity hits a superset of the values a lower one hits.
 */
public class ImpulseNoise extends SeededCorruption {
    private static final double[] SEVERITY_AMOUNT = { 0.03, 0.06, 0.09, 0.17, 0.27 };
    private static final double SALT_VS_PEPPER = 0.5;

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double amount = Severity.at(s, 0, SEVERITY_AMOUNT);
        if (amount <= 0) {
            return image;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            boolean hit = random.nextDouble() < amount;
            boolean salt = random.nextDouble() < SALT_VS_PEPPER;
            if (hit) {
                d[i] = salt ? 1f : 0f;
            }
        }
        return Raster.clipped(image.width(), image.height(), d);
    }
}
