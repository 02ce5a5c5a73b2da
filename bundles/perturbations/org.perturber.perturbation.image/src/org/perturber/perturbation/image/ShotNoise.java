package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's shot noise: each value becomes a Poisson count of mean {@code x * c} photons, divided by {@code c}
 * (c = 60, 25, 12, 5, 3 at severities 1-5), so its variance is {@code x / c}. In between, {@code 1 / c} (the
 * variance per unit of brightness) is interpolated, from 0 at severity 0. Each value's count is the Poisson quantile
 * of one seeded uniform draw, so the noise pattern depends only on the seed and the image size, and a severity slider
 * strengthens one fixed pattern instead of redrawing it.
 */
public class ShotNoise extends SeededCorruption {
    private static final double[] SEVERITY_INVERSE_PHOTONS = { 1 / 60.0, 1 / 25.0, 1 / 12.0, 1 / 5.0, 1 / 3.0 };
    /** Above this mean exp(-mean) nears double's underflow: the count is the normal quantile (skew under 4%). */
    private static final double EXACT_UP_TO = 700;

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double inverse = Severity.at(s, 0, SEVERITY_INVERSE_PHOTONS);
        if (inverse <= 0) {
            return image;
        }
        // the reference's whole counts exactly (1 / (1 / 60) is 60.000000000000004 in doubles)
        double photons = Math.abs(1 / inverse - Math.rint(1 / inverse)) < 1e-9 ? Math.rint(1 / inverse) : 1 / inverse;
        SplittableRandom random = new SplittableRandom(seed);
        float[] d = image.copyData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (poissonQuantile(random.nextDouble(), Math.max(0, d[i]) * photons) / photons);
        }
        return Raster.clipped(image.width(), image.height(), d);
    }

    /**
     * The smallest count k with P(X <= k) >= u for X Poisson of the given mean: the sum of the probabilities from 0
     * up (at most about mean + 40 sqrt(mean) terms; ImageNet-C's means are at most 60), normal beyond
     * {@link #EXACT_UP_TO}, which only severities under 0.1 reach.
     */
    static int poissonQuantile(double u, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > EXACT_UP_TO) {
            return (int) Math.max(0, Math.floor(mean + Math.sqrt(mean) * NormalQuantile.of(u) + 0.5));
        }
        double p = Math.exp(-mean);
        double cumulative = p;
        int k = 0;
        int last = (int) (mean + 40 * Math.sqrt(mean) + 40);
        while (cumulative < u && k < last) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }
}
