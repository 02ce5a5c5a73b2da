package org.perturber.core.tests.contributions;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** A plugin whose constructor fails, as a careless lab plugin might. */
public class ThrowingPerturbation implements ImagePerturbation {
    public static final String MESSAGE = "configuration file fog.cfg not found";

    public ThrowingPerturbation() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        return image;
    }
}
