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

    /** ImageNet-C: brightness adds 0.1-0.5 to the value; contrast scales about each channel's mean by 0.4-0.05. */
    private static final double[] BRIGHTNESS_SEVERITY = { 0.1, 0.2, 0.3, 0.4, 0.5 };
    private static final double[] CONTRAST_SEVERITY = { 0.4, 0.3, 0.2, 0.1, 0.05 };
    public static final NumberParameter BRIGHTNESS_LEVEL = new NumberParameter("brightnessSeverity",
            "ImageNet-C brightness severity 1-5 (0: off; in between interpolated)", "", 0, Severity.LEVELS, 0.0,
            0.01);
    public static final NumberParameter CONTRAST_LEVEL = new NumberParameter("contrastSeverity",
            "ImageNet-C contrast severity 1-5 (0: off; in between interpolated)", "", 0, Severity.LEVELS, 0.0,
            0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(BRIGHTNESS, CONTRAST, BRIGHTNESS_LEVEL, CONTRAST_LEVEL);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        float b = (float) values.getDouble(BRIGHTNESS.id());
        float c = (float) values.getDouble(CONTRAST.id());
        float[] d = image.copyData();
        double contrastLevel = values.getDouble(CONTRAST_LEVEL.id());
        if (contrastLevel > 0) {
            // ImageNet-C scales about each channel's mean over the image, not about mid-grey
            double[] mean = new double[3];
            for (int i = 0; i < d.length; i++) {
                mean[i % 3] += d[i];
            }
            float k = (float) Severity.at(contrastLevel, 1, CONTRAST_SEVERITY);
            for (int i = 0; i < d.length; i++) {
                float m = (float) (mean[i % 3] * 3 / d.length);
                d[i] = Math.max(0f, Math.min(1f, (d[i] - m) * k + m));
            }
        }
        double brightnessLevel = values.getDouble(BRIGHTNESS_LEVEL.id());
        if (brightnessLevel > 0) {
            // value (HSV) plus c: adding c to the largest channel and scaling the others keeps hue and saturation
            float add = (float) Severity.at(brightnessLevel, 0, BRIGHTNESS_SEVERITY);
            for (int i = 0; i < d.length; i += 3) {
                float v = Math.max(d[i], Math.max(d[i + 1], d[i + 2]));
                float nv = Math.min(1f, v + add);
                float scale = v > 0 ? nv / v : 0;
                for (int k = 0; k < 3; k++) {
                    d[i + k] = v > 0 ? d[i + k] * scale : nv;
                }
            }
        }
        for (int i = 0; i < d.length; i++) {
            // contrast 1 skips the round trip through mid-grey, so the defaults are exactly the identity
            float v = c == 1f ? d[i] + b : (d[i] - 0.5f) * c + 0.5f + b;
            d[i] = Math.max(0f, Math.min(1f, v));
        }
        return new RgbImage(image.width(), image.height(), d);
    }
}
