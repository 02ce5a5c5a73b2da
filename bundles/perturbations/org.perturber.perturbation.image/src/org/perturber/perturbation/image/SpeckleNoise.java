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
 * ImageNet-C's speckle noise, multiplicative: {@code x + x * N(0, c)} with c = 0.15, 0.2, 0.35, 0.45, 0.6 at
 * severities 1-5, clipped to [0, 1], so a value's standard deviation is {@code c x}. The draws depend only on the
 * seed and the image size: a severity slider scales one fixed pattern.
 */
public class SpeckleNoise implements ImagePerturbation {
    private static final double[] SEVERITY_SIGMA = { 0.15, 0.2, 0.35, 0.45, 0.6 };
    public static final NumberParameter SEVERITY = Severity.parameter();
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 1_000_000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY, SEED);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double sigma = Severity.at(v.getDouble(SEVERITY.id()), 0, SEVERITY_SIGMA);
        if (sigma <= 0) {
            return image;
        }
        SplittableRandom random = new SplittableRandom(v.getInt(SEED.id()));
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] + d[i] * sigma * Raster.gaussian(random));
        }
        return Raster.clipped(image.width(), image.height(), d);
    }
}
