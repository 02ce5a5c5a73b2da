package org.perturber.perturbation.image;

import java.util.List;
import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * ImageNet-C's impulse noise, scikit-image's salt and pepper ({@code random_noise(mode='s&p')}): each value (each
 * channel of each pixel, independently) is replaced with probability {@code amount} = 0.03, 0.06, 0.09, 0.17, 0.27
 * at severities 1-5, by 1 (salt) or 0 (pepper) with equal odds. Each value has two fixed seeded draws (whether it
 * is hit: draw < amount; salt or pepper), so a higher severity hits a superset of the values a lower one hits.
 */
public class ImpulseNoise implements ImagePerturbation {
    private static final double[] SEVERITY_AMOUNT = { 0.03, 0.06, 0.09, 0.17, 0.27 };
    private static final double SALT_VS_PEPPER = 0.5;
    public static final NumberParameter SEVERITY = Severity.parameter();
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 1_000_000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY, SEED);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double amount = Severity.at(v.getDouble(SEVERITY.id()), 0, SEVERITY_AMOUNT);
        if (amount <= 0) {
            return image;
        }
        SplittableRandom random = new SplittableRandom(v.getInt(SEED.id()));
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
