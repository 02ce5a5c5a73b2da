package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's motion blur: ImageMagick's one-sided motion blur ({@link Raster#motionBlur}) with (radius, sigma) =
 * (10, 3), (15, 5), (15, 8), (15, 12), (20, 15) at severities 1-5 and an angle drawn uniformly from -45 to 45
 * degrees from the seed. Radius and sigma count the reference's samples; on a smaller image the samples are
 * {@link Raster#scale} pixels apart, so that the streak keeps its share of the image. In between, radius and sigma
 * are interpolated, from (0, 0) at severity 0: as sigma shrinks the streak's weights fade into the pixel itself.
 */
public class MotionBlur extends SeededCorruption {
    private static final double[][] SEVERITY_RADIUS_SIGMA = { { 10, 3 }, { 15, 5 }, { 15, 8 }, { 15, 12 },
            { 20, 15 } };
    private static final double[] IDENTITY = { 0, 0 };

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double[] c = Severity.at(s, IDENTITY, SEVERITY_RADIUS_SIGMA);
        if (c[0] <= 0 || c[1] <= 0) {
            return image;
        }
        double angle = angle(seed);
        return Raster.clipped(image.width(), image.height(), Raster.motionBlur(image.data(), image.width(), image
                .height(), 3, c[0], c[1], angle, Raster.scale(image)));
    }

    /** The streak's direction in degrees, uniform in [-45, 45), the same for a seed at every severity. */
    static double angle(int seed) {
        return -45 + 90 * new SplittableRandom(seed).nextDouble();
    }
}
