package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's glass blur: a Gaussian blur, pixels moved locally, the same blur again, with (sigma, max_delta,
 * iterations) = (0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2) at severities 1-5.
 * <p>
 * The reference's loop visits the pixels row by row from the bottom right to the top left, leaving a border of
 * about max_delta pixels, and at each draws (dx, dy) from numpy's {@code randint(-d, d)}, i.e. from -d to d - 1, and
 * "swaps" the pixel with the one at that offset. Its swap assigns numpy views, so it is in fact a copy: the pixel
 * takes the value of the one at the offset and the other keeps its own. We do that copy, in that order, since it is
 * what made ImageNet-C's images; a value copied up and left can be copied on again in the same pass.
 * <p>
 * Its moves are whole pixels of a 224-pixel image: on a 96-pixel image max_delta 1 is 0.43 of a pixel, which no
 * move of whole pixels can make (moving whole 96-pixel pixels, 2.3 of the reference's, jitters the image: more
 * fine detail than the clean image at severities 1-3, where the reference, seen at 96 pixels, has less at every
 * severity), and reading between pixels smears most at half-pixel offsets, so the smear would not grow with the
 * severity. So on an image smaller than the reference the whole corruption runs at the reference's size: the image
 * is enlarged (bilinear) until its shorter side is 224, blurred, moved and blurred with the reference's own
 * values, and shrunk back (each pixel the mean of the area it covers): the reference's glass blur seen at the
 * image's size. On a larger image sigma and the offsets are scaled by {@link Raster#scale}, the offsets rounded to
 * whole pixels. The border left is max_delta at that size. The reference's rounding of the blurred image to 8 bits
 * is left out.
 * <p>
 * Iterations and max_delta are whole numbers: between two severities the result is the two severities' results
 * mixed linearly (the image itself at severity 0), so the change is gradual and whole severities are exact.
 */
public class GlassBlur extends SeededCorruption {
    private static final double[] SIGMA = { 0.7, 0.9, 1, 1.1, 1.5 };
    private static final int[] MAX_DELTA = { 1, 2, 2, 3, 4 };
    private static final int[] ITERATIONS = { 2, 1, 3, 2, 2 };
    /** scikit-image's gaussian: the kernel reaches 4 sigma. */
    private static final double TRUNCATE = 4;

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        int upper = Severity.level(s);
        if (upper == 0) {
            return image;
        }
        double t = Math.min(1, s - (upper - 1));
        float[] out = level(image, upper, seed);
        if (t < 1) {
            float[] lower = upper == 1 ? image.data() : level(image, upper - 1, seed);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (t * out[i] + (1 - t) * lower[i]);
            }
        }
        return Raster.clipped(image.width(), image.height(), out);
    }

    /** The corruption at a whole severity 1-5. */
    private static float[] level(RgbImage image, int level, int seed) {
        int w = image.width(), h = image.height();
        double scale = Raster.scale(image);
        if (scale >= 1) {
            return corrupt(image.data(), w, h, level, scale, seed);
        }
        int bigW = (int) Math.round(w / scale), bigH = (int) Math.round(h / scale);
        float[] big = corrupt(Raster.resize(image.data(), w, h, 3, bigW, bigH), bigW, bigH, level, 1, seed);
        return Raster.resize(big, bigW, bigH, 3, w, h);
    }

    /** Blur, the reference's moves with its offsets times scale (rounded), blur again, on a w x h plane. */
    private static float[] corrupt(float[] src, int w, int h, int level, double scale, int seed) {
        double sigma = SIGMA[level - 1] * scale;
        float[] d = blur(src, w, h, sigma);
        shuffle(d, w, h, MAX_DELTA[level - 1], ITERATIONS[level - 1], scale, new SplittableRandom(seed));
        return blur(d, w, h, sigma);
    }

    /** The reference's local "swaps" (copies), in place, from the bottom right to the top left. */
    static void shuffle(float[] d, int w, int h, int maxDelta, int iterations, double scale,
            SplittableRandom random) {
        int border = (int) Math.round(maxDelta * scale);
        for (int it = 0; it < iterations; it++) {
            for (int y = h - 1 - border; y >= border; y--) {
                for (int x = w - 1 - border; x >= border; x--) {
                    int dx = (int) Math.round(random.nextInt(-maxDelta, maxDelta) * scale);
                    int dy = (int) Math.round(random.nextInt(-maxDelta, maxDelta) * scale);
                    int to = (y * w + x) * 3;
                    int from = ((y + dy) * w + x + dx) * 3;
                    d[to] = d[from];
                    d[to + 1] = d[from + 1];
                    d[to + 2] = d[from + 2];
                }
            }
        }
    }

    /**
     * {@link Raster#gaussianBlur} of an RGB plane (reflected edges, cut at {@link #TRUNCATE} sigma), with the
     * reflected indices computed once per offset rather than per value: four of these on a 224-pixel plane are most
     * of this corruption's time.
     */
    private static float[] blur(float[] src, int w, int h, double sigma) {
        int radius = (int) Math.max(1, Math.round(TRUNCATE * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += Math.exp(-i * (double) i / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) (Math.exp(-i * (double) i / (2 * sigma * sigma)) / sum);
        }
        float[] tmp = new float[src.length];
        int[] column = new int[w + 2 * radius];
        for (int x = -radius; x < w + radius; x++) {
            column[x + radius] = Raster.reflect(x, w) * 3;
        }
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            for (int x = 0; x < w; x++) {
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < kernel.length; k++) {
                    int i = row + column[x + k];
                    r += kernel[k] * src[i];
                    g += kernel[k] * src[i + 1];
                    b += kernel[k] * src[i + 2];
                }
                int o = row + x * 3;
                tmp[o] = r;
                tmp[o + 1] = g;
                tmp[o + 2] = b;
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            int o = y * w * 3;
            for (int k = 0; k < kernel.length; k++) {
                int row = Raster.reflect(y + k - radius, h) * w * 3;
                float weight = kernel[k];
                for (int i = 0; i < w * 3; i++) {
                    out[o + i] += weight * tmp[row + i];
                }
            }
        }
        return out;
    }
}
