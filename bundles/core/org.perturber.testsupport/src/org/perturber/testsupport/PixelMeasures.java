package org.perturber.testsupport;

import org.perturber.core.image.RgbImage;

/**
 * Measures for asserting what a perturbation did to an image. Perturber's images hold linear RGB in [0, 1], three
 * floats a pixel; every measure here is over all pixels and channels unless it says otherwise.
 */
public final class PixelMeasures {
    private PixelMeasures() {
    }

    /**
     * Why an image could not be passed to a model, or null when it can: the size it must have, finite values, the
     * range [0, 1]. The same rules as the stack's, which skips an entry whose output breaks them.
     */
    public static String unusable(RgbImage image, int width, int height) {
        if (image == null) {
            return "no image";
        }
        if (image.width() != width || image.height() != height) {
            return "a " + image.width() + "x" + image.height() + " image where " + width + "x" + height
                    + " was expected";
        }
        RgbImage.RangeCheck range = image.checkRange(0);
        if (range.nonFinite() > 0) {
            return range.nonFinite() + " NaN or infinite values";
        }
        return range.outside() > 0 ? range.outside() + " values outside [0, 1]" : null;
    }

    public static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        float[] x = sameSize(a, b).data();
        float[] y = b.data();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs(x[i] - y[i]);
        }
        return sum / x.length;
    }

    public static double maxAbsoluteDifference(RgbImage a, RgbImage b) {
        float[] x = sameSize(a, b).data();
        float[] y = b.data();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    /** The fraction of pixels with any channel changed by more than {@code threshold}. */
    public static double changedFraction(RgbImage a, RgbImage b, double threshold) {
        float[] x = sameSize(a, b).data();
        float[] y = b.data();
        int changed = 0;
        for (int p = 0; p < x.length; p += 3) {
            if (Math.abs(x[p] - y[p]) > threshold || Math.abs(x[p + 1] - y[p + 1]) > threshold
                    || Math.abs(x[p + 2] - y[p + 2]) > threshold) {
                changed++;
            }
        }
        return changed / (x.length / 3.0);
    }

    /** Peak signal-to-noise ratio in dB for a peak of 1 (infinite for equal images). */
    public static double psnr(RgbImage a, RgbImage b) {
        float[] x = sameSize(a, b).data();
        float[] y = b.data();
        double squares = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            squares += d * d;
        }
        return squares == 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(squares / x.length);
    }

    /** The mean of luminance (the mean of the three channels, as {@link RgbImage#luminance}), 0 black to 1 white. */
    public static double meanLuminance(RgbImage image) {
        double sum = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                sum += image.luminance(x, y);
            }
        }
        return sum / ((double) image.width() * image.height());
    }

    /** The variance of luminance: contrast falls with it, noise raises it. */
    public static double luminanceVariance(RgbImage image) {
        double mean = meanLuminance(image);
        double sum = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double d = image.luminance(x, y) - mean;
                sum += d * d;
            }
        }
        return sum / ((double) image.width() * image.height());
    }

    /**
     * The mean squared difference of luminance between horizontal and vertical neighbours: the energy of fine
     * detail, which blur lowers and noise raises.
     */
    public static double highFrequencyEnergy(RgbImage image) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double l = image.luminance(x, y);
                if (x + 1 < image.width()) {
                    double d = image.luminance(x + 1, y) - l;
                    sum += d * d;
                    n++;
                }
                if (y + 1 < image.height()) {
                    double d = image.luminance(x, y + 1) - l;
                    sum += d * d;
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static RgbImage sameSize(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("images of different sizes: " + a.width() + "x" + a.height() + " and "
                    + b.width() + "x" + b.height());
        }
        return a;
    }
}
