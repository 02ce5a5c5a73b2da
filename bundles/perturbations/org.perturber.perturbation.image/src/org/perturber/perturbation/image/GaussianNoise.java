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
 * Per-channel Gaussian noise, clipped to [0, 1]. The noise pattern depends only on the seed and the image size,
 * so a slider on sigma scales one fixed pattern (no flicker) and sweeps are reproducible.
 */
public class GaussianNoise implements ImagePerturbation {
    public static final NumberParameter SIGMA = new NumberParameter("sigma", "Standard deviation", "", 0, 0.5, 0.0,
            0.005);
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 1_000_000, 0);
    /** ImageNet-C's severities for Gaussian noise (standard deviations). */
    private static final double[] SEVERITY_SIGMA = { 0.08, 0.12, 0.18, 0.26, 0.38 };
    public static final NumberParameter SEVERITY = Severity.parameter("deviation");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SIGMA, SEED, SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        float sigma = (float) Severity.pick(values, SEVERITY, 0, SEVERITY_SIGMA, values.getDouble(SIGMA.id()));
        float[] d = image.copyData();
        if (sigma == 0) {
            return new RgbImage(image.width(), image.height(), d);
        }
        SplittableRandom random = new SplittableRandom(values.getInt(SEED.id()));
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, Math.min(1f, d[i] + sigma * (float) Raster.gaussian(random)));
        }
        return new RgbImage(image.width(), image.height(), d);
    }

}
