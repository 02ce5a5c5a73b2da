package org.perturber.perturbation.image;

import java.util.Arrays;
import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * ImageNet-C's defocus blur: convolution with a disk of radius r, normalised and softened by a small Gaussian (the
 * reference's "alias blur"), (r, alias sigma) = (3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5) at 224 pixels,
 * both scaled by {@link Raster#scale}, edges reflected about the edge pixels (OpenCV's filter2D default).
 * <p>
 * The reference's disk is the set of whole pixels whose centre lies within r. Scaled to a 96-pixel image the radius
 * is 1.3 to 4.3 pixels, where counting centres would jump (r = 1.3 and r = 1.4 take the same 5 pixels, r = 1.42
 * suddenly 9): here each pixel's weight is the share of its square that the disk covers (integrated over 32 strips
 * of the square), continuous in r, so that in-between severities blur gradually and the disk's area stays
 * pi r^2 at any size. The alias blur is applied to the image after the disk rather than to the disk (the same
 * convolution, up to the edges), so that each row of the disk is one run of equal weights, summed from running sums:
 * a big image's disk (the scene view's frame takes hundreds of weights per row) costs a few operations per row.
 */
public class DefocusBlur implements ImagePerturbation {
    private static final double[][] SEVERITY_RADIUS_ALIAS = { { 3, 0.1 }, { 4, 0.5 }, { 6, 0.5 }, { 8, 0.5 },
            { 10, 0.5 } };
    private static final double[] IDENTITY = { 0, 0 };
    /** Strips per pixel when integrating the disk's coverage. */
    private static final int STRIPS = 32;
    public static final NumberParameter SEVERITY = Severity.parameter();

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double[] c = Severity.at(v.getDouble(SEVERITY.id()), IDENTITY, SEVERITY_RADIUS_ALIAS);
        if (c[0] <= 0) {
            return image;
        }
        double scale = Raster.scale(image);
        // the reference blurs its kernel with a 3x3 Gaussian up to radius 8 and a 5x5 one above (in its pixels)
        int aliasHalf = Math.max(1, (int) Math.ceil((c[0] <= 8 ? 1 : 2) * scale - 1e-9));
        int w = image.width(), h = image.height();
        float[] disk = convolve(image.data(), w, h, disk(c[0] * scale));
        // the reference blurs the kernel; blurring the image instead is the same convolution (up to the edges),
        // and keeps the disk's rows runs of equal weights
        return Raster.clipped(w, h, c[1] > 0 ? aliasBlur(disk, w, h, c[1] * scale, aliasHalf) : disk);
    }

    /** The normalised disk of radius r, each weight the share of its pixel's square the disk covers. */
    static double[][] disk(double r) {
        int n = (int) Math.ceil(r + 0.5);
        int size = 2 * n + 1;
        double[][] disk = new double[size][size];
        double sum = 0;
        for (int i = -n; i <= n; i++) {
            for (int j = -n; j <= n; j++) {
                double area = 0;
                for (int s = 0; s < STRIPS; s++) {
                    double x = i - 0.5 + (s + 0.5) / STRIPS;
                    double h = Math.sqrt(Math.max(0, r * r - x * x));
                    area += Math.max(0, Math.min(j + 0.5, h) - Math.max(j - 0.5, -h));
                }
                disk[i + n][j + n] = area / STRIPS;
                sum += area / STRIPS;
            }
        }
        for (double[] row : disk) {
            for (int j = 0; j < size; j++) {
                row[j] /= sum;
            }
        }
        return disk;
    }

    /** A separable Gaussian of sigma cut at half pixels (OpenCV's GaussianBlur of a given size), reflect-101. */
    private static float[] aliasBlur(float[] src, int w, int h, double sigma, int half) {
        double[] g = new double[2 * half + 1];
        double sum = 0;
        for (int k = -half; k <= half; k++) {
            g[k + half] = Math.exp(-k * (double) k / (2 * sigma * sigma));
            sum += g[k + half];
        }
        for (int k = 0; k < g.length; k++) {
            g[k] /= sum;
        }
        float[] tmp = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int k = -half; k <= half; k++) {
                        s += g[k + half] * src[(y * w + Raster.reflect101(x + k, w)) * 3 + c];
                    }
                    tmp[(y * w + x) * 3 + c] = (float) s;
                }
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int k = -half; k <= half; k++) {
                        s += g[k + half] * tmp[(Raster.reflect101(y + k, h) * w + x) * 3 + c];
                    }
                    out[(y * w + x) * 3 + c] = (float) s;
                }
            }
        }
        return out;
    }

    /**
     * Each channel correlated with the (symmetric) kernel, edges reflected about the edge pixels. A disk's row is
     * one run of equal weights (the pixels it covers whole) and a few partial ones at its ends: each run is summed
     * from the row's running sums, so a pixel costs about 3 operations per kernel row rather than one per weight
     * (a big image's disk, as the scene view's frame takes, has thousands of weights).
     */
    private static float[] convolve(float[] src, int w, int h, double[][] kernel) {
        int size = kernel.length, half = size / 2, span = w + 2 * half;
        // running sums of each row, reflected past its ends: sums[row][c * (span + 1) + j] = values 0..j-1
        double[][] sums = new double[h][3 * (span + 1)];
        for (int y = 0; y < h; y++) {
            double[] row = sums[y];
            for (int c = 0; c < 3; c++) {
                int base = c * (span + 1);
                for (int j = 0; j < span; j++) {
                    row[base + j + 1] = row[base + j] + src[(y * w + Raster.reflect101(j - half, w)) * 3 + c];
                }
            }
        }
        float[] out = new float[src.length];
        double[] acc = new double[w * 3];
        for (int y = 0; y < h; y++) {
            Arrays.fill(acc, 0);
            for (int ky = 0; ky < size; ky++) {
                double[] weights = kernel[ky];
                double plateau = 0;
                for (double v : weights) {
                    plateau = Math.max(plateau, v);
                }
                if (plateau < 1e-12) {
                    continue;
                }
                // the run of (equal up to rounding) largest weights around the centre, and the rest one by one
                int from = half, to = half;
                while (from > 0 && weights[from - 1] >= plateau * (1 - 1e-9)) {
                    from--;
                }
                while (to < size - 1 && weights[to + 1] >= plateau * (1 - 1e-9)) {
                    to++;
                }
                if (weights[half] < plateau * (1 - 1e-9)) {
                    from = 0;
                    to = -1; // no run through the centre: every weight one by one
                }
                int partials = 0;
                int[] at = new int[size];
                for (int kx = 0; kx < size; kx++) {
                    if ((kx < from || kx > to) && weights[kx] >= 1e-12) {
                        at[partials++] = kx;
                    }
                }
                double[] row = sums[Raster.reflect101(y + ky - half, h)];
                for (int c = 0; c < 3; c++) {
                    int base = c * (span + 1);
                    for (int x = 0; x < w; x++) {
                        int j = base + x;
                        double s = to >= from ? plateau * (row[j + to + 1] - row[j + from]) : 0;
                        for (int k = 0; k < partials; k++) {
                            s += weights[at[k]] * (row[j + at[k] + 1] - row[j + at[k]]);
                        }
                        acc[x * 3 + c] += s;
                    }
                }
            }
            for (int i = 0; i < w * 3; i++) {
                out[y * w * 3 + i] = (float) acc[i];
            }
        }
        return out;
    }
}
