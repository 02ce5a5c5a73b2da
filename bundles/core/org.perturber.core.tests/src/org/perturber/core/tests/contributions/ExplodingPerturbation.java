package org.perturber.core.tests.contributions;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** Loads fine, then throws whenever it is applied: a plugin bug met in the middle of a stack. */
public class ExplodingPerturbation implements ImagePerturbation {
    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        throw new ArrayIndexOutOfBoundsException("fog density table index 12");
    }
}
