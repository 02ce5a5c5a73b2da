package org.perturber.perturbation.image;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The image operations of ImageNet-C's water spatter, which the reference takes from OpenCV, in plain Java on 8-bit
 * planes (int values 0-255) or float planes, single channel, row by row. Where OpenCV's exact arithmetic is not
 * followed, the method says so.
 */
final class LiquidShading {
    private LiquidShading() {
    }

    /**
     * Canny's edges (OpenCV's {@code Canny(image, low, high)}: 3 x 3 Sobel gradients with replicated edges, L1
     * magnitude, non-maximum suppression across the gradient's direction rounded to 0, 45, 90 or 135 degrees, then
     * hysteresis: pixels above {@code high}, and those above {@code low} connected to them through 8-neighbours).
     */
    static boolean[] canny(int[] image, int w, int h, int low, int high) {
        // the image with its edge pixels repeated one further, so that the 3 x 3 sums need no bounds checks
        int pw = w + 2;
        int[] padded = new int[pw * (h + 2)];
        for (int y = -1; y <= h; y++) {
            int sy = Math.max(0, Math.min(h - 1, y));
            for (int x = -1; x <= w; x++) {
                padded[(y + 1) * pw + x + 1] = image[sy * w + Math.max(0, Math.min(w - 1, x))];
            }
        }
        int[] gx = new int[w * h], gy = new int[w * h], magnitude = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int q = (y + 1) * pw + x + 1;
                int a = padded[q - pw - 1], b = padded[q - pw], c = padded[q - pw + 1];
                int d = padded[q - 1], f = padded[q + 1];
                int g = padded[q + pw - 1], k = padded[q + pw], l = padded[q + pw + 1];
                int p = y * w + x;
                gx[p] = (c + 2 * f + l) - (a + 2 * d + g);
                gy[p] = (g + 2 * k + l) - (a + 2 * b + c);
                magnitude[p] = Math.abs(gx[p]) + Math.abs(gy[p]);
            }
        }
        double tan22 = Math.tan(Math.toRadians(22.5)), tan67 = Math.tan(Math.toRadians(67.5));
        byte[] state = new byte[w * h]; // 0: no edge, 1: weak candidate, 2: edge
        ArrayDeque<Integer> strong = new ArrayDeque<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int m = magnitude[p];
                if (m <= low) {
                    continue;
                }
                double ax = Math.abs(gx[p]), ay = Math.abs(gy[p]);
                boolean maximum;
                if (ay < ax * tan22) {
                    maximum = m > mag(magnitude, w, h, x - 1, y) && m >= mag(magnitude, w, h, x + 1, y);
                } else if (ay > ax * tan67) {
                    maximum = m > mag(magnitude, w, h, x, y - 1) && m >= mag(magnitude, w, h, x, y + 1);
                } else {
                    int s = (gx[p] < 0) != (gy[p] < 0) ? -1 : 1;
                    maximum = m > mag(magnitude, w, h, x - s, y - 1) && m > mag(magnitude, w, h, x + s, y + 1);
                }
                if (maximum) {
                    if (m > high) {
                        state[p] = 2;
                        strong.add(p);
                    } else {
                        state[p] = 1;
                    }
                }
            }
        }
        while (!strong.isEmpty()) {
            int p = strong.poll();
            int x = p % w, y = p / w;
            for (int ny = Math.max(0, y - 1); ny <= Math.min(h - 1, y + 1); ny++) {
                for (int nx = Math.max(0, x - 1); nx <= Math.min(w - 1, x + 1); nx++) {
                    int q = ny * w + nx;
                    if (state[q] == 1) {
                        state[q] = 2;
                        strong.add(q);
                    }
                }
            }
        }
        boolean[] edges = new boolean[w * h];
        for (int p = 0; p < edges.length; p++) {
            edges[p] = state[p] == 2;
        }
        return edges;
    }

    /** The magnitude, 0 outside the plane (OpenCV pads its magnitude rows with zeros). */
    private static int mag(int[] magnitude, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : magnitude[y * w + x];
    }

    /**
     * Each pixel's Euclidean distance to the nearest edge pixel (OpenCV's {@code distanceTransform(DIST_L2, 5)}
     * measures it with a 5 x 5 chamfer mask, within about 2% of this exact one: Felzenszwalb and Huttenlocher's
     * two passes of lower envelopes of parabolas). With no edge at all every distance is infinite.
     */
    static float[] distanceToEdges(boolean[] edges, int w, int h) {
        // far beyond any squared distance on the plane, yet small enough that sums of it keep whole numbers exact
        double inf = 1e10;
        double[] f = new double[w * h];
        for (int p = 0; p < f.length; p++) {
            f[p] = edges[p] ? 0 : inf;
        }
        double[] line = new double[Math.max(w, h)], result = new double[Math.max(w, h)];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = f[y * w + x];
            }
            squaredDistance1d(line, h, result);
            for (int y = 0; y < h; y++) {
                f[y * w + x] = result[y];
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f, y * w, line, 0, w);
            squaredDistance1d(line, w, result);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = result[x] >= inf ? Float.POSITIVE_INFINITY : (float) Math.sqrt(result[x]);
            }
        }
        return out;
    }

    /** min over q of (p - q)^2 + f(q), for p in [0, n) (the lower envelope of the parabolas rooted at each q). */
    private static void squaredDistance1d(double[] f, int n, double[] d) {
        int[] v = new int[n];
        double[] z = new double[n + 1];
        int k = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            d[q] = (q - v[k]) * (double) (q - v[k]) + f[v[k]];
        }
    }

    /** Where the parabolas rooted at q and r cross. */
    private static double intersection(double[] f, int q, int r) {
        return ((f[q] + q * (double) q) - (f[r] + r * (double) r)) / (2.0 * q - 2.0 * r);
    }

    /**
     * The 3 x 3 mean with edges reflected about the edge pixels (OpenCV's {@code blur(src, (3, 3))},
     * BORDER_REFLECT_101), unrounded.
     */
    static float[] box3(float[] src, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int j = -1; j <= 1; j++) {
                    for (int i = -1; i <= 1; i++) {
                        s += src[Raster.reflect101(y + j, h) * w + Raster.reflect101(x + i, w)];
                    }
                }
                out[y * w + x] = (float) (s / 9);
            }
        }
        return out;
    }

    /**
     * OpenCV's {@code equalizeHist}: each level mapped to its cumulative count above the lowest level present,
     * stretched to 0-255 and rounded (OpenCV's saturate_cast).
     */
    static int[] equalizeHistogram(int[] image) {
        int[] histogram = new int[256];
        for (int v : image) {
            histogram[v]++;
        }
        int first = 0;
        while (first < 255 && histogram[first] == 0) {
            first++;
        }
        int[] out = new int[image.length];
        if (histogram[first] == image.length) {
            Arrays.fill(out, first);
            return out;
        }
        float scale = 255f / (image.length - histogram[first]);
        int[] lut = new int[256];
        int sum = 0;
        for (int i = first + 1; i < 256; i++) {
            sum += histogram[i];
            lut[i] = Math.min(255, Math.round(sum * scale));
        }
        for (int p = 0; p < image.length; p++) {
            out[p] = lut[image[p]];
        }
        return out;
    }

    /**
     * The reference's emboss: correlation with [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]] (a lit relief, light from the
     * lower right; the weights sum to 1, so flat areas keep their level), edges BORDER_REFLECT_101, saturated to
     * 0-255 as OpenCV's CV_8U output.
     */
    static int[] emboss(int[] image, int w, int h) {
        int[][] kernel = { { -2, -1, 0 }, { -1, 1, 1 }, { 0, 1, 2 } };
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int j = -1; j <= 1; j++) {
                    int row = Raster.reflect101(y + j, h) * w;
                    for (int i = -1; i <= 1; i++) {
                        s += kernel[j + 1][i + 1] * image[row + Raster.reflect101(x + i, w)];
                    }
                }
                out[y * w + x] = Math.max(0, Math.min(255, s));
            }
        }
        return out;
    }
}
