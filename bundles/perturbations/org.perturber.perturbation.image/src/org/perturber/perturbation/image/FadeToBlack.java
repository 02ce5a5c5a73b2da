package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** Fading to black, one of the research system's case studies: pixel * (1 - amount). */
public class FadeToBlack implements ImagePerturbation {
    public static final NumberParameter AMOUNT = new NumberParameter("amount", "Fade", "", 0, 1, 0.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(AMOUNT);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        float keep = (float) (1 - values.getDouble(AMOUNT.id()));
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            d[i] *= keep;
        }
        return new RgbImage(image.width(), image.height(), d);
    }
}
