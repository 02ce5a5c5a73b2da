package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's spatter. A liquid layer is made at the reference's 224 x 224 pixels: normal draws (loc, scale)
 * smoothed by a Gaussian (sigma), values under a threshold set to 0, leaving blobs.
 * <ul>
 * <li>Water (severities 1-3): the blobs' outlines (Canny), each pixel's distance to them truncated at 20 pixels,
 * a 3 x 3 mean, histogram equalisation, an emboss kernel and another 3 x 3 mean give a lit relief; the layer times
 * the relief, normalised to its maximum and times the intensity, adds pale turquoise (175, 238, 238) to the image.
 * The steps are OpenCV's, in {@link LiquidShading}; the distance is the exact Euclidean one where OpenCV uses a 5 x 5
 * chamfer approximation (within about 2%).</li>
 * <li>Mud (severities 4-5): the blobs' mask smoothed by a Gaussian of sigma the intensity, under 0.8 dropped, is
 * the opacity of mud brown (63, 42, 20) over the image.</li>
 * </ul>
 * The layer's opacity (mud) or tint (water) is resized from 224 pixels to the image, so that drops keep their share
 * of it. Below severity 1 the water's intensity grows from 0; the mode of a severity between two whole ones is the
 * upper one's, so 3 to 4 switches from water to mud (a mode cannot be interpolated).
 */
public class Spatter extends SeededCorruption {
    /** The reference's (loc, scale, sigma, threshold, intensity) per severity; its mode is water for 1-3. */
    private static final double[][] SEVERITY_VALUES = { { 0.65, 0.3, 4, 0.69, 0.6 }, { 0.65, 0.3, 3, 0.68, 0.6 },
            { 0.65, 0.3, 2, 0.68, 0.5 }, { 0.65, 0.3, 1, 0.65, 1.5 }, { 0.67, 0.4, 1, 0.65, 1.5 } };
    /** Severity 1's layer, no water on it. */
    private static final double[] UNCHANGED = { 0.65, 0.3, 4, 0.69, 0 };
    private static final int FIRST_MUD_LEVEL = 4;
    private static final float[] WATER = { 175 / 255f, 238 / 255f, 238 / 255f };
    private static final float[] MUD = { 63 / 255f, 42 / 255f, 20 / 255f };

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double[] c = Severity.at(s, UNCHANGED, SEVERITY_VALUES);
        int n = Raster.REFERENCE;
        SplittableRandom random = new SplittableRandom(seed);
        float[] liquid = new float[n * n];
        for (int i = 0; i < liquid.length; i++) {
            liquid[i] = (float) (c[0] + c[1] * Raster.gaussian(random));
        }
        // scikit-image's gaussian, as the reference calls it: edges repeated, cut at 4 sigma
        liquid = FoldedGaussian.blur(liquid, n, n, c[2], 4, FoldedGaussian.Edge.NEAREST);
        float threshold = (float) c[3];
        for (int i = 0; i < liquid.length; i++) {
            if (liquid[i] < threshold) {
                liquid[i] = 0;
            }
        }
        int w = image.width(), h = image.height();
        float[] d = image.copyData();
        if (Severity.level(s) < FIRST_MUD_LEVEL) {
            float[] tint = Raster.resize(water(liquid, n, c[4]), n, n, 1, w, h);
            for (int i = 0; i < d.length; i++) {
                d[i] += tint[i / 3] * WATER[i % 3];
            }
        } else {
            float[] opacity = Raster.resize(mud(liquid, n, threshold, c[4]), n, n, 1, w, h);
            for (int i = 0; i < d.length; i++) {
                float m = opacity[i / 3];
                d[i] = d[i] * (1 - m) + MUD[i % 3] * m;
            }
        }
        return Raster.clipped(w, h, d);
    }

    /** The water's strength per pixel at 224 pixels: the layer times its lit relief, at most {@code intensity}. */
    private static float[] water(float[] liquid, int n, double intensity) {
        int[] bytes = new int[n * n];
        for (int i = 0; i < bytes.length; i++) {
            // the reference's (layer * 255).astype(uint8), which truncates
            bytes[i] = Math.max(0, Math.min(255, (int) (liquid[i] * 255)));
        }
        boolean[] edges = LiquidShading.canny(bytes, n, n, 50, 150);
        float[] distance = LiquidShading.distanceToEdges(edges, n, n);
        for (int i = 0; i < distance.length; i++) {
            distance[i] = Math.min(20f, distance[i]);
        }
        float[] smoothed = LiquidShading.box3(distance, n, n);
        int[] levels = new int[n * n];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (int) smoothed[i];
        }
        int[] relief = LiquidShading.emboss(LiquidShading.equalizeHistogram(levels), n, n);
        float[] reliefFloat = new float[n * n];
        for (int i = 0; i < relief.length; i++) {
            reliefFloat[i] = relief[i];
        }
        // OpenCV's blur of an 8-bit plane rounds to 8 bits again
        float[] shading = LiquidShading.box3(reliefFloat, n, n);
        float[] strength = new float[n * n];
        float max = 0;
        for (int i = 0; i < strength.length; i++) {
            strength[i] = bytes[i] * (float) Math.round(shading[i]);
            max = Math.max(max, strength[i]);
        }
        if (max > 0) {
            for (int i = 0; i < strength.length; i++) {
                strength[i] = (float) (strength[i] / max * intensity);
            }
        }
        return strength;
    }

    /** The mud's opacity at 224 pixels: the blobs' mask smoothed by {@code sigma}, under 0.8 dropped. */
    private static float[] mud(float[] liquid, int n, float threshold, double sigma) {
        float[] mask = new float[n * n];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = liquid[i] > threshold ? 1 : 0;
        }
        float[] opacity = FoldedGaussian.blur(mask, n, n, sigma, 4, FoldedGaussian.Edge.NEAREST);
        for (int i = 0; i < opacity.length; i++) {
            if (opacity[i] < 0.8f) {
                opacity[i] = 0;
            }
        }
        return opacity;
    }
}
