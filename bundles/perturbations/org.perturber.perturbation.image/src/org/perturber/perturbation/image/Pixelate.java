package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** Averages square blocks of pixels; severities 1-5 are ImageNet-C's (resolution 0.6, 0.5, 0.4, 0.3, 0.25). */
public class Pixelate implements ImagePerturbation {
    private static final double[] SEVERITY_RESOLUTION = { 0.6, 0.5, 0.4, 0.3, 0.25 };
    public static final NumberParameter RESOLUTION = new NumberParameter("resolution", "Resolution", "x", 0.02, 1,
            1.0, 0.01);
    public static final IntegerParameter SEVERITY = Severity.parameter("resolution");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(RESOLUTION, SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double resolution = Severity.pick(v, SEVERITY, SEVERITY_RESOLUTION, v.getDouble(RESOLUTION.id()));
        int block = (int) Math.round(1 / resolution);
        if (block <= 1) {
            return image;
        }
        int w = image.width(), h = image.height();
        float[] out = new float[w * h * 3];
        for (int by = 0; by < h; by += block) {
            for (int bx = 0; bx < w; bx += block) {
                int ye = Math.min(h, by + block), xe = Math.min(w, bx + block);
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int y = by; y < ye; y++) {
                        for (int x = bx; x < xe; x++) {
                            s += image.get(x, y, c);
                        }
                    }
                    float mean = (float) (s / ((ye - by) * (xe - bx)));
                    for (int y = by; y < ye; y++) {
                        for (int x = bx; x < xe; x++) {
                            out[(y * w + x) * 3 + c] = mean;
                        }
                    }
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
