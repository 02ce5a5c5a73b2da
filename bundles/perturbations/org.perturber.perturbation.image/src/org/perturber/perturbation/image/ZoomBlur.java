package org.perturber.perturbation.image;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * ImageNet-C's zoom blur: the mean of the image and its centre zoomed ({@link Raster#clippedZoom}) by each factor of
 * the reference's {@code np.arange(1, 1.11, 0.01)}, {@code (1, 1.16, 0.01)}, {@code (1, 1.21, 0.02)},
 * {@code (1, 1.26, 0.02)}, {@code (1, 1.31, 0.03)} at severities 1-5. Those ranges hold 12, 16, 11, 13 and 11
 * factors (numpy's count, ceil((stop - start) / step) in doubles: 1.11 is in the first, 1.26 not in the fourth),
 * 1 among them, so the image itself counts twice. Zoom factors need no scaling to the image's size.
 * <p>
 * In between two severities the result is the two severities' results mixed linearly, which is itself a mean of
 * zooms (each factor weighted by both), from the image alone at severity 0.
 */
public class ZoomBlur implements ImagePerturbation {
    /** Each severity's factor count and step: factors 1, 1 + step, ..., 1 + (count - 1) step. */
    private static final int[] COUNT = { 12, 16, 11, 13, 11 };
    private static final double[] STEP = { 0.01, 0.01, 0.02, 0.02, 0.03 };
    public static final NumberParameter SEVERITY = Severity.parameter();

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double s = v.getDouble(SEVERITY.id());
        int upper = Severity.level(s);
        if (upper == 0) {
            return image;
        }
        double t = Math.min(1, s - (upper - 1));
        Map<Long, Double> weights = new TreeMap<>();
        addLevel(weights, upper, t);
        addLevel(weights, upper - 1, 1 - t);
        int w = image.width(), h = image.height();
        float[] src = image.data();
        double[] sum = new double[src.length];
        for (Map.Entry<Long, Double> e : weights.entrySet()) {
            double weight = e.getValue();
            if (weight <= 0) {
                continue;
            }
            double zoom = e.getKey() / 1e6;
            float[] zoomed = zoom == 1 ? src : Raster.clippedZoom(src, w, h, 3, zoom);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += weight * zoomed[i];
            }
        }
        float[] out = new float[src.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sum[i];
        }
        return Raster.clipped(w, h, out);
    }

    /** The zoom factors of a whole severity (the image alone at 0) with their weights in its mean, times share. */
    private static void addLevel(Map<Long, Double> weights, int level, double share) {
        if (share <= 0) {
            return;
        }
        if (level == 0) {
            weights.merge(1_000_000L, share, Double::sum);
            return;
        }
        int n = COUNT[level - 1];
        double each = share / (n + 1);
        weights.merge(1_000_000L, each, Double::sum); // the image itself
        for (int i = 0; i < n; i++) {
            weights.merge(Math.round((1 + i * STEP[level - 1]) * 1e6), each, Double::sum);
        }
    }
}
