package org.perturber.flipsearch.tests.contributions;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** Fades toward black like fade-to-black up to an amount of one half, and throws above it (a plugin bug). */
public class FailsAboveHalf implements ImagePerturbation {
    public static final NumberParameter AMOUNT = new NumberParameter("amount", "Amount", "", 0, 1, 0.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(AMOUNT);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        double amount = values.getDouble(AMOUNT.id());
        if (amount > 0.5) {
            throw new IllegalStateException("amount " + amount + " is beyond what this plugin handles");
        }
        float[] data = image.copyData();
        for (int i = 0; i < data.length; i++) {
            data[i] *= (float) (1 - amount);
        }
        return new RgbImage(image.width(), image.height(), data);
    }
}
