package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** Gaussian blur; severities 1-5 are ImageNet-C's (sigma 1, 2, 3, 4, 6 at 224 pixels). */
public class GaussianBlur implements ImagePerturbation {
    private static final double[] SEVERITY_SIGMA = { 1, 2, 3, 4, 6 };
    public static final NumberParameter SIGMA = new NumberParameter("sigma", "Blur radius (at 224 px)", "px", 0, 10,
            0.0, 0.05);
    public static final NumberParameter SEVERITY = Severity.parameter("radius");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SIGMA, SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double sigma = Severity.pick(v, SEVERITY, 0, SEVERITY_SIGMA, v.getDouble(SIGMA.id()));
        if (sigma == 0) {
            return image;
        }
        return new RgbImage(image.width(), image.height(), Filters.gaussianBlur(image, Filters.perPixels(sigma,
                image)));
    }
}
