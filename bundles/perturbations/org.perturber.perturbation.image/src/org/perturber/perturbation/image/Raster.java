package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * Operations the ImageNet-C corruptions share, on planes of floats stored row by row with {@code channels} values
 * per pixel (1 for a layer such as snow, 3 for an image). ImageNet-C's reference works on 224x224 images: its
 * random layers (snow, fog, frost, spatter, elastic displacements) are made at {@link #REFERENCE} pixels with the
 * reference's values and resized to the image ({@link #resize}), so that their statistics (how much of the image a
 * threshold keeps) stay the reference's; lengths that act on the image itself (blur radii) are scaled by
 * {@link #scale}.
 */
final class Raster {
    /** The side of ImageNet-C's images, in which its lengths are given. */
    static final int REFERENCE = 224;

    private Raster() {
    }

    /** How many of this image's pixels make one of the reference's: its shorter side over 224. */
    static double scale(RgbImage image) {
        return Math.min(image.width(), image.height()) / (double) REFERENCE;
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian on every Java we support). */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * A Poisson draw of mean {@code mean} (Knuth's product of uniforms: exact, and quick for the means ImageNet-C's
     * shot noise uses, at most 60).
     */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 500) {
            // exp(-mean) underflows: a normal draw is within rounding of Poisson there
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** Index {@code i} reflected into [0, n) about the pixel edges (d c b a | a b c d | d c b a), any distance. */
    static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /** Index {@code i} reflected about the edge pixels (d c b | a b c d | c b a), OpenCV's BORDER_REFLECT_101. */
    static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /**
     * A separable Gaussian blur of each channel with reflected edges (scikit-image's {@code gaussian} with
     * {@code mode='reflect'}), the kernel cut at {@code truncate} standard deviations.
     */
    static float[] gaussianBlur(float[] src, int w, int h, int channels, double sigma, double truncate) {
        if (sigma <= 0) {
            return src.clone();
        }
        int radius = (int) Math.max(1, Math.round(truncate * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * (double) i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        s += kernel[k + radius] * src[(y * w + reflect(x + k, w)) * channels + c];
                    }
                    tmp[(y * w + x) * channels + c] = (float) s;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        s += kernel[k + radius] * tmp[(reflect(y + k, h) * w + x) * channels + c];
                    }
                    out[(y * w + x) * channels + c] = (float) s;
                }
            }
        }
        return out;
    }

    /**
     * The value at real coordinates (x, y) of channel c, bilinear, outside the plane reflected about the pixel edges
     * (scipy's {@code map_coordinates(order=1, mode='reflect')}).
     */
    static float bilinear(float[] src, int w, int h, int channels, double x, double y, int c) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        int xa = reflect(x0, w), xb = reflect(x0 + 1, w), ya = reflect(y0, h), yb = reflect(y0 + 1, h);
        double top = src[(ya * w + xa) * channels + c] * (1 - fx) + src[(ya * w + xb) * channels + c] * fx;
        double bottom = src[(yb * w + xa) * channels + c] * (1 - fx) + src[(yb * w + xb) * channels + c] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /**
     * Resized to {@code dw} x {@code dh}: each output pixel the mean of the source area it covers when shrinking
     * (no aliasing of fine layers such as snow), bilinear (pixel centres aligned) when growing.
     */
    static float[] resize(float[] src, int sw, int sh, int channels, int dw, int dh) {
        if (sw == dw && sh == dh) {
            return src.clone();
        }
        float[] out = new float[dw * dh * channels];
        if (dw <= sw && dh <= sh) {
            double kx = sw / (double) dw, ky = sh / (double) dh;
            for (int y = 0; y < dh; y++) {
                double y0 = y * ky, y1 = (y + 1) * ky;
                for (int x = 0; x < dw; x++) {
                    double x0 = x * kx, x1 = (x + 1) * kx;
                    for (int c = 0; c < channels; c++) {
                        double s = 0;
                        for (int sy = (int) y0; sy < Math.min(sh, Math.ceil(y1)); sy++) {
                            double wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
                            for (int sx = (int) x0; sx < Math.min(sw, Math.ceil(x1)); sx++) {
                                double wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
                                s += wx * wy * src[(sy * sw + sx) * channels + c];
                            }
                        }
                        out[(y * dw + x) * channels + c] = (float) (s / (kx * ky));
                    }
                }
            }
            return out;
        }
        for (int y = 0; y < dh; y++) {
            double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sh / (double) dh - 0.5));
            for (int x = 0; x < dw; x++) {
                double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sw / (double) dw - 0.5));
                for (int c = 0; c < channels; c++) {
                    out[(y * dw + x) * channels + c] = bilinear(src, sw, sh, channels, fx, fy, c);
                }
            }
        }
        return out;
    }

    /**
     * The centre 1/zoom of the plane, enlarged (bilinear) back to its size: the reference's {@code clipped_zoom}, as
     * a continuous map (the reference crops whole pixels first).
     */
    static float[] clippedZoom(float[] src, int w, int h, int channels, double zoom) {
        float[] out = new float[src.length];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            double sy = cy + (y - cy) / zoom;
            for (int x = 0; x < w; x++) {
                double sx = cx + (x - cx) / zoom;
                for (int c = 0; c < channels; c++) {
                    out[(y * w + x) * channels + c] = bilinear(src, w, h, channels, sx, sy, c);
                }
            }
        }
        return out;
    }

    /**
     * ImageMagick's motion blur, which the reference calls: a one-sided blur along {@code angleDegrees} (0 is along
     * +x, 90 along +y), weights exp(-i^2 / 2 sigma^2) for the samples i = 0 .. 2 radius at a spacing of
     * {@code spacing} pixels (1 at the reference's size; less on a smaller image, so that the streak keeps its share
     * of the image), sampled bilinearly, edges clamped.
     */
    static float[] motionBlur(float[] src, int w, int h, int channels, double radius, double sigma,
            double angleDegrees, double spacing) {
        int width = 2 * (int) Math.ceil(radius) + 1;
        double[] weight = new double[width];
        double sum = 0;
        for (int i = 0; i < width; i++) {
            weight[i] = Math.exp(-i * (double) i / (2 * sigma * sigma));
            sum += weight[i];
        }
        double dx = Math.cos(Math.toRadians(angleDegrees)) * spacing;
        double dy = Math.sin(Math.toRadians(angleDegrees)) * spacing;
        // every sample i sits at the same offset from its pixel, so its bilinear weights are the same everywhere:
        // computed once; only pixels whose streak reaches an edge (clamped there) take the general path
        int[] offset = new int[width];
        float[][] corner = new float[width][4];
        for (int i = 0; i < width; i++) {
            double ox = -i * dx, oy = -i * dy;
            int ix = (int) Math.floor(ox), iy = (int) Math.floor(oy);
            float fx = (float) (ox - ix), fy = (float) (oy - iy);
            offset[i] = (iy * w + ix) * channels;
            float k = (float) (weight[i] / sum);
            corner[i][0] = k * (1 - fx) * (1 - fy);
            corner[i][1] = k * fx * (1 - fy);
            corner[i][2] = k * (1 - fx) * fy;
            corner[i][3] = k * fx * fy;
        }
        double endX = -(width - 1) * dx, endY = -(width - 1) * dy;
        int row = w * channels;
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            boolean rowInside = y + Math.min(0, endY) >= 0 && y + Math.max(0, endY) + 1 <= h - 1;
            for (int x = 0; x < w; x++) {
                boolean inside = rowInside && x + Math.min(0, endX) >= 0 && x + Math.max(0, endX) + 1 <= w - 1;
                for (int c = 0; c < channels; c++) {
                    int at = (y * w + x) * channels + c;
                    if (inside) {
                        float s = 0;
                        for (int i = 0; i < width; i++) {
                            int p = at + offset[i];
                            float[] k = corner[i];
                            s += k[0] * src[p] + k[1] * src[p + channels] + k[2] * src[p + row] + k[3] * src[p + row
                                    + channels];
                        }
                        out[at] = s;
                        continue;
                    }
                    double s = 0;
                    for (int i = 0; i < width; i++) {
                        double sx = Math.max(0, Math.min(w - 1, x - i * dx));
                        double sy = Math.max(0, Math.min(h - 1, y - i * dy));
                        s += weight[i] * bilinear(src, w, h, channels, sx, sy, c);
                    }
                    out[at] = (float) (s / sum);
                }
            }
        }
        return out;
    }

    /** Hue, saturation and value in [0, 1] of an RGB pixel (scikit-image's rgb2hsv). */
    static void toHsv(float r, float g, float b, float[] hsv) {
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float delta = max - min;
        float hue = 0;
        if (delta > 0) {
            if (max == r) {
                hue = (g - b) / delta;
            } else if (max == g) {
                hue = 2 + (b - r) / delta;
            } else {
                hue = 4 + (r - g) / delta;
            }
            hue = (hue / 6f) % 1f;
            if (hue < 0) {
                hue += 1;
            }
        }
        hsv[0] = hue;
        hsv[1] = max > 0 ? delta / max : 0;
        hsv[2] = max;
    }

    /** The RGB pixel of a hue, saturation and value in [0, 1] (scikit-image's hsv2rgb), into {@code rgb}. */
    static void toRgb(float h, float s, float v, float[] rgb) {
        float h6 = (h % 1f) * 6f;
        int sector = (int) Math.floor(h6) % 6;
        float f = h6 - (float) Math.floor(h6);
        float p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
        switch (sector) {
        case 0 -> set(rgb, v, t, p);
        case 1 -> set(rgb, q, v, p);
        case 2 -> set(rgb, p, v, t);
        case 3 -> set(rgb, p, q, v);
        case 4 -> set(rgb, t, p, v);
        default -> set(rgb, v, p, q);
        }
    }

    private static void set(float[] rgb, float r, float g, float b) {
        rgb[0] = r;
        rgb[1] = g;
        rgb[2] = b;
    }

    /** Clamps every value to [0, 1] in place and wraps the plane as an image. */
    static RgbImage clipped(int w, int h, float[] d) {
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            d[i] = v > 1f ? 1f : v < 0f || Float.isNaN(v) ? 0f : v;
        }
        return new RgbImage(w, h, d);
    }
}
