package org.perturber.featurevis;

import java.util.Locale;

/**
 * How a feature visualization is optimised. The defaults follow Olah et al. (Distill 2017) and Lucid: a Fourier-space
 * image with decorrelated colour, random jitter, scale and rotation at every step, Adam at learning rate 0.05.
 *
 * @param steps optimisation steps (each one forward and one backward pass per image)
 * @param learningRate Adam's step size on the image parameters
 * @param seed the start image and every random transformation follow from it: same seed, same image
 * @param fourier parameterise the image by its (frequency-scaled) Fourier coefficients rather than its pixels
 * @param decorrelate parameterise colour in decorrelated channels rather than RGB
 * @param jitter largest random shift each step, as a fraction of the input size
 * @param scale largest random relative change of scale each step (0.1: 0.9 to 1.1)
 * @param rotation largest random rotation each step, in degrees
 * @param totalVariation weight of the total-variation penalty (0: none)
 * @param l2 weight of the L2 penalty on the image's distance from mid-grey (0: none)
 */
public record FeatureVisSettings(int steps, double learningRate, long seed, boolean fourier, boolean decorrelate,
        double jitter, double scale, double rotation, double totalVariation, double l2) {
    /** Most steps one request may ask: a bound on what a hostile request file could make the machine do. */
    public static final int MAX_STEPS = 10_000;

    public static final FeatureVisSettings DEFAULT = new FeatureVisSettings(256, 0.05, 0, true, true, 1.0 / 16, 0.1,
            10, 0, 0);

    public FeatureVisSettings {
        if (steps < 0 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 0.." + MAX_STEPS + ", got " + steps);
        }
        check("learning rate", learningRate, 0, 10);
        check("jitter", jitter, 0, 0.5);
        check("scale", scale, 0, 0.5);
        check("rotation", rotation, 0, 180);
        check("total variation", totalVariation, 0, 1e6);
        check("L2", l2, 0, 1e6);
    }

    private static void check(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
        }
    }

    public FeatureVisSettings withSteps(int n) {
        return new FeatureVisSettings(n, learningRate, seed, fourier, decorrelate, jitter, scale, rotation,
                totalVariation, l2);
    }

    public FeatureVisSettings withSeed(long s) {
        return new FeatureVisSettings(steps, learningRate, s, fourier, decorrelate, jitter, scale, rotation,
                totalVariation, l2);
    }

    public FeatureVisSettings withParameterisation(boolean useFourier, boolean useDecorrelation) {
        return new FeatureVisSettings(steps, learningRate, seed, useFourier, useDecorrelation, jitter, scale,
                rotation, totalVariation, l2);
    }

    public FeatureVisSettings withTransforms(double jitterFraction, double scaleChange, double rotationDegrees) {
        return new FeatureVisSettings(steps, learningRate, seed, fourier, decorrelate, jitterFraction, scaleChange,
                rotationDegrees, totalVariation, l2);
    }

    public FeatureVisSettings withPenalties(double tv, double l2Weight) {
        return new FeatureVisSettings(steps, learningRate, seed, fourier, decorrelate, jitter, scale, rotation, tv,
                l2Weight);
    }

    /** Every setting, for cache keys: two settings with the same key give the same image. */
    public String key() {
        return String.format(Locale.ROOT, "steps=%d lr=%s seed=%d fourier=%b decorrelate=%b jitter=%s scale=%s"
                + " rotation=%s tv=%s l2=%s", steps, learningRate, seed, fourier, decorrelate, jitter, scale, rotation,
                totalVariation, l2);
    }
}
