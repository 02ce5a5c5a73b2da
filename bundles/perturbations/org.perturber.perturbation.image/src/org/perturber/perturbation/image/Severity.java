package org.perturber.perturbation.image;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterValues;

/**
 * ImageNet-C's five severities for a corruption, as a number from 0 to 5. Whole severities take the reference
 * implementation's values exactly; in between, each value is interpolated linearly between its neighbours, and
 * between 0 and 1 from the value that leaves the image as it is (ours: the reference knows only 1-5), or for
 * corruptions whose first step is never small by a cross-fade ({@link #fadedIn}). Values that cannot be
 * interpolated (an iteration count, a mode) come from the next whole severity up.
 */
final class Severity {
    /** The highest severity. */
    static final int LEVELS = 5;

    private Severity() {
    }

    /** The severity of a corruption that has no other parameter: 0 leaves the image as it is. */
    static NumberParameter parameter() {
        return new NumberParameter("severity", "ImageNet-C severity 1-5 (0: off; in between interpolated)", "",
                0, LEVELS, 0.0, 0.01);
    }

    /** The severity of a corruption that also has a continuous parameter of its own, used at severity 0. */
    static NumberParameter parameter(String instead) {
        return new NumberParameter("severity", "ImageNet-C severity 1-5 (0: use the " + instead + ")", "", 0,
                LEVELS, 0.0, 0.01);
    }

    /** The severity, or {@code continuous} when none is chosen. */
    static double pick(ParameterValues v, NumberParameter severity, double identity, double[] table,
            double continuous) {
        double s = v.getDouble(severity.id());
        return s > 0 ? at(s, identity, table) : continuous;
    }

    /** The table's value at severity {@code s} (0..5), {@code identity} at 0. */
    static double at(double s, double identity, double[] table) {
        int upper = level(s);
        if (upper == 0) {
            return identity;
        }
        double lower = upper == 1 ? identity : table[upper - 2];
        double t = s - (upper - 1);
        return lower + (table[upper - 1] - lower) * t;
    }

    /** Each of a tuple's values at severity {@code s}, as {@link #at(double, double, double[])}. */
    static double[] at(double s, double[] identity, double[][] table) {
        double[] out = new double[identity.length];
        for (int k = 0; k < out.length; k++) {
            double[] column = new double[table.length];
            for (int l = 0; l < table.length; l++) {
                column[l] = table[l][k];
            }
            out[k] = at(s, identity[k], column);
        }
        return out;
    }

    /**
     * For a corruption whose first step cannot be made small (any JPEG encoding, any resampling changes every
     * pixel): below severity 1 the image cross-fades from the clean one to severity 1's, so that the change still
     * grows from nothing; at 1 and above {@code corrupt} gets the severity as it is.
     */
    static RgbImage fadedIn(RgbImage image, double s, java.util.function.DoubleFunction<RgbImage> corrupt) {
        if (s <= 0) {
            return image;
        }
        if (s >= 1) {
            return corrupt.apply(s);
        }
        RgbImage full = corrupt.apply(1);
        float[] a = image.data(), b = full.data();
        float[] out = new float[a.length];
        float t = (float) s;
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, Math.min(1f, a[i] + (b[i] - a[i]) * t));
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** The whole severity at or above {@code s}: 0 for 0, 1 for (0, 1], ..., 5 for (4, 5]. */
    static int level(double s) {
        return (int) Math.max(0, Math.min(LEVELS, Math.ceil(s - 1e-9)));
    }
}
