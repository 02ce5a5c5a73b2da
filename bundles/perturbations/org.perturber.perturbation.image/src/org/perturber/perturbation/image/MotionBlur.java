package org.perturber.perturbation.image;

import java.util.List;
import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * ImageNet-C's motion blur: ImageMagick's one-sided motion blur ({@link Raster#motionBlur}) with (radius, sigma) =
 * (10, 3), (15, 5), (15, 8), (15, 12), (20, 15) at severities 1-5 and an angle drawn uniformly from -45 to 45
 * degrees from the seed. Radius and sigma count the reference's samples; on a smaller image the samples are
 * {@link Raster#scale} pixels apart, so that the streak keeps its share of the image. In between, radius and sigma
 * are interpolated, from (0, 0) at severity 0: as sigma shrinks the streak's weights fade into the pixel itself.
 */
public class MotionBlur implements ImagePerturbation {
    private static final double[][] SEVERITY_RADIUS_SIGMA = { { 10, 3 }, { 15, 5 }, { 15, 8 }, { 15, 12 },
            { 20, 15 } };
    private static final double[] IDENTITY = { 0, 0 };
    public static final NumberParameter SEVERITY = Severity.parameter();
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 1_000_000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY, SEED);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double[] c = Severity.at(v.getDouble(SEVERITY.id()), IDENTITY, SEVERITY_RADIUS_SIGMA);
        if (c[0] <= 0 || c[1] <= 0) {
            return image;
        }
        double angle = angle(v.getInt(SEED.id()));
        return Raster.clipped(image.width(), image.height(), Raster.motionBlur(image.data(), image.width(), image
                .height(), 3, c[0], c[1], angle, Raster.scale(image)));
    }

    /** The streak's direction in degrees, uniform in [-45, 45), the same for a seed at every severity. */
    static double angle(int seed) {
        return -45 + 90 * new SplittableRandom(seed).nextDouble();
    }
}
