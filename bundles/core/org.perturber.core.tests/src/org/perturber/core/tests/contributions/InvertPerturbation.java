package org.perturber.core.tests.contributions;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** Blends each channel toward its inverse by "amount"; amount 0 is the identity. */
public class InvertPerturbation implements ImagePerturbation {
    public static final NumberParameter AMOUNT = new NumberParameter("amount", "Amount", "", 0, 1, 0.0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(AMOUNT);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        float a = (float) values.getDouble(AMOUNT.id());
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * (1 - a) + (1 - d[i]) * a;
        }
        return new RgbImage(image.width(), image.height(), d);
    }
}
