package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** (pixel - 0.5) * contrast + 0.5 + brightness, clipped to [0, 1]. */
public class BrightnessContrast implements ImagePerturbation {
    public static final NumberParameter BRIGHTNESS = new NumberParameter("brightness", "Brightness", "", -1, 1, 0.0,
            0.01);
    public static final NumberParameter CONTRAST = new NumberParameter("contrast", "Contrast", "x", 0, 3, 1.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(BRIGHTNESS, CONTRAST);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        float b = (float) values.getDouble(BRIGHTNESS.id());
        float c = (float) values.getDouble(CONTRAST.id());
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            // contrast 1 skips the round trip through mid-grey, so the defaults are exactly the identity
            float v = c == 1f ? d[i] + b : (d[i] - 0.5f) * c + 0.5f + b;
            d[i] = Math.max(0f, Math.min(1f, v));
        }
        return new RgbImage(image.width(), image.height(), d);
    }
}
