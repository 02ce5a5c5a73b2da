package org.perturber.core.perturbation;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;

/** Derives a new image from the rendered image. Must not modify its input. */
public interface ImagePerturbation extends Perturbation {
    RgbImage apply(RgbImage image, ParameterValues values);

    @Override
    default Stage stage() {
        return Stage.IMAGE;
    }
}
