package org.perturber.sweep.tests.contributions;

import java.util.List;
import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * A corruption of the test suite "sweep-test" (this bundle's plugin.xml): darkens the image by 18% per severity and
 * adds seeded noise of 0.03 per severity, so that the models' errors grow with severity and the seed matters.
 */
public class SeverityDarken implements ImagePerturbation {
    public static final NumberParameter SEVERITY = new NumberParameter("severity", "Severity", "", 0, 5, 0.0, 0.01);
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 1000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY, SEED);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        double s = values.getDouble(SEVERITY.id());
        if (s == 0) {
            return image;
        }
        SplittableRandom r = new SplittableRandom(values.getInt(SEED.id()));
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            double v = d[i] * (1 - 0.18 * s) + 0.03 * s * (r.nextDouble() - 0.5);
            d[i] = (float) Math.max(0, Math.min(1, v));
        }
        return new RgbImage(image.width(), image.height(), d);
    }
}
