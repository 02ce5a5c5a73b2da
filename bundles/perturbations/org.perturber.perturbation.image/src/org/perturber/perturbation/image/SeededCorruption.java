package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * An ImageNet-C corruption that draws random numbers, as the reference does: a severity from 0 to 5 (0 returns the
 * image as it is) and a seed (the same seed, the same image).
 */
abstract class SeededCorruption implements ImagePerturbation {
    public static final NumberParameter SEVERITY = Severity.parameter();
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 1_000_000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY, SEED);
    }

    @Override
    public final RgbImage apply(RgbImage image, ParameterValues v) {
        double severity = v.getDouble(SEVERITY.id());
        return severity <= 0 ? image : corrupt(image, severity, v.getInt(SEED.id()));
    }

    /** The image corrupted at {@code s} (above 0, at most 5) with the draws of {@code seed}. */
    abstract RgbImage corrupt(RgbImage image, double s, int seed);
}
