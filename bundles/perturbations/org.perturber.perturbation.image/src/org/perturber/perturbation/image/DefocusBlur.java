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
 * pi r^2 at any size.
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
        double[][] kernel = kernel(c[0] * scale, c[1] * scale, aliasHalf);
        return Raster.clipped(image.width(), image.height(), convolve(image.data(), image.width(), image.height(),
                kernel));
    }

    /** The normalised disk of radius r (pixel coverage), blurred by a Gaussian of sigma alias cut at aliasHalf. */
    static double[][] kernel(double r, double alias, int aliasHalf) {
        int n = (int) Math.ceil(r + 0.5);
        int half = n + aliasHalf;
        int size = 2 * half + 1;
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
                disk[i + half][j + half] = area / STRIPS;
                sum += area / STRIPS;
            }
        }
        for (double[] row : disk) {
            for (int j = 0; j < size; j++) {
                row[j] /= sum;
            }
        }
        if (alias <= 0) {
            return disk;
        }
        double[] g = new double[2 * aliasHalf + 1];
        double gs = 0;
        for (int k = -aliasHalf; k <= aliasHalf; k++) {
            g[k + aliasHalf] = Math.exp(-k * (double) k / (2 * alias * alias));
            gs += g[k + aliasHalf];
        }
        double[][] rows = new double[size][size];
        double[][] out = new double[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double s = 0;
                for (int k = -aliasHalf; k <= aliasHalf; k++) {
                    int xx = x + k;
                    s += xx < 0 || xx >= size ? 0 : g[k + aliasHalf] / gs * disk[y][xx];
                }
                rows[y][x] = s;
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double s = 0;
                for (int k = -aliasHalf; k <= aliasHalf; k++) {
                    int yy = y + k;
                    s += yy < 0 || yy >= size ? 0 : g[k + aliasHalf] / gs * rows[yy][x];
                }
                out[y][x] = s;
            }
        }
        return out;
    }

    /** Each channel correlated with the (symmetric) kernel, edges reflected about the edge pixels. */
    private static float[] convolve(float[] src, int w, int h, double[][] kernel) {
        int half = kernel.length / 2;
        int[][] columns = new int[kernel.length][w];
        for (int k = 0; k < kernel.length; k++) {
            for (int x = 0; x < w; x++) {
                columns[k][x] = Raster.reflect101(x + k - half, w);
            }
        }
        double[] acc = new double[w * 3];
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            Arrays.fill(acc, 0);
            for (int ky = 0; ky < kernel.length; ky++) {
                int row = Raster.reflect101(y + ky - half, h) * w;
                for (int kx = 0; kx < kernel.length; kx++) {
                    double weight = kernel[ky][kx];
                    if (weight < 1e-12) {
                        continue;
                    }
                    int[] column = columns[kx];
                    for (int x = 0; x < w; x++) {
                        int i = (row + column[x]) * 3;
                        acc[x * 3] += weight * src[i];
                        acc[x * 3 + 1] += weight * src[i + 1];
                        acc[x * 3 + 2] += weight * src[i + 2];
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
