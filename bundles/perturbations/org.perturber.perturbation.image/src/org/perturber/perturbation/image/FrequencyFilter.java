package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * Keeps only low or only high spatial frequencies (Gaussian filters: the low pass is a blur, the high pass what the
 * blur removes, around mid-grey): does the model use shape (low) or texture detail (high)?
 */
public class FrequencyFilter implements ImagePerturbation {
    public static final ChoiceParameter PASS = ChoiceParameter.of("pass", "Keep", "all", "all", "low", "high");
    public static final NumberParameter CUTOFF = new NumberParameter("cutoff", "Cut-off radius (at 224 px)", "px",
            0.5, 20, 3.0, 0.1);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(PASS, CUTOFF);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        String pass = v.getChoice(PASS.id());
        if (pass.equals("all")) {
            return image;
        }
        float[] low = Filters.gaussianBlur(image, Filters.perPixels(v.getDouble(CUTOFF.id()), image));
        if (pass.equals("low")) {
            return new RgbImage(image.width(), image.height(), low);
        }
        float[] high = new float[low.length];
        for (int i = 0; i < high.length; i++) {
            high[i] = Math.max(0, Math.min(1, image.data()[i] - low[i] + 0.5f));
        }
        return new RgbImage(image.width(), image.height(), high);
    }
}
