package org.perturber.perturbation.image;

import java.util.SplittableRandom;

import org.perturber.core.image.RgbImage;

/**
 * ImageNet-C's elastic transform: a random affine warp, then a smooth random displacement per pixel.
 * <ul>
 * <li>The affine: three points about the centre (a third of the shorter side from it) each moved by uniform draws
 * in [-affine, affine]; the image is warped so that the first three land on the second (OpenCV's
 * {@code getAffineTransform} and {@code warpAffine}: bilinear, edges reflected about the edge pixels,
 * BORDER_REFLECT_101).</li>
 * <li>The displacements: two fields of uniform draws in [-1, 1], each smoothed by a Gaussian of the given sigma
 * (reflected edges, truncated at 3 sigma; {@link FoldedGaussian}, as sigma reaches 170.8 pixels) and multiplied by
 * alpha; each pixel takes the value at its position plus the displacement (bilinear, reflected edges, scipy's
 * {@code map_coordinates(order=1, mode='reflect')}).</li>
 * </ul>
 * The reference's values are 244 times fractions (its comment: "244 should have been 224, but ultimately nothing is
 * incorrect"); they are kept as they are. The fields are made at 224 x 224 with those values and resized to the
 * image, and the affine draws and the displacements are scaled by {@link Raster#scale}, so that a severity moves the
 * same share of the image at any size. The reference's severities are not ordered by how far pixels move:
 * severities 1 and 2 are mostly a large affine with nearly uniform fields, 3-5 a small affine with fine, growing
 * local wobbles.
 */
public class ElasticTransform extends SeededCorruption {
    /** The reference's (alpha, sigma, affine) per severity, at 224 pixels. */
    private static final double[][] SEVERITY_VALUES = { { 244 * 2, 244 * 0.7, 244 * 0.1 },
            { 244 * 2, 244 * 0.08, 244 * 0.2 }, { 244 * 0.05, 244 * 0.01, 244 * 0.02 },
            { 244 * 0.07, 244 * 0.01, 244 * 0.02 }, { 244 * 0.12, 244 * 0.01, 244 * 0.02 } };
    /** No displacement and no affine; severity 1's smoothing, so that below 1 the displacements only grow. */
    private static final double[] UNCHANGED = { 0, 244 * 0.7, 0 };
    /** The reference's truncation of its displacement fields' Gaussian. */
    private static final double TRUNCATE = 3;

    @Override
    RgbImage corrupt(RgbImage image, double s, int seed) {
        double[] c = Severity.at(s, UNCHANGED, SEVERITY_VALUES);
        double alpha = c[0], sigma = c[1], affine = c[2];
        int w = image.width(), h = image.height();
        double scale = Raster.scale(image);
        SplittableRandom random = new SplittableRandom(seed);

        // the affine: the reference's three points, each coordinate moved by a uniform draw
        int cx = w / 2, cy = h / 2, side = Math.min(w, h) / 3;
        double[][] from = { { cx + side, cy + side }, { cx + side, cy - side }, { cx - side, cy - side } };
        double[][] to = new double[3][2];
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < 2; k++) {
                to[p][k] = from[p][k] + (2 * random.nextDouble() - 1) * affine * scale;
            }
        }
        float[] warped = warpAffine(image.data(), w, h, inverse(affineThrough(from, to)));

        float[] dx = field(random, sigma, alpha, w, h, scale);
        float[] dy = field(random, sigma, alpha, w, h, scale);
        float[] out = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                for (int k = 0; k < 3; k++) {
                    out[p * 3 + k] = Raster.bilinear(warped, w, h, 3, x + dx[p], y + dy[p], k);
                }
            }
        }
        return Raster.clipped(w, h, out);
    }

    /** One displacement field: smoothed uniform draws at 224 pixels times alpha, resized and scaled to the image. */
    private static float[] field(SplittableRandom random, double sigma, double alpha, int w, int h, double scale) {
        int n = Raster.REFERENCE;
        float[] noise = new float[n * n];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (2 * random.nextDouble() - 1);
        }
        float[] smoothed = FoldedGaussian.blur(noise, n, n, sigma, TRUNCATE, FoldedGaussian.Edge.REFLECT);
        float[] smooth = Raster.resize(smoothed, n, n, 1, w, h);
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] = (float) (smooth[i] * alpha * scale);
        }
        return smooth;
    }

    /** The 2 x 3 matrix (row by row) of the affine map taking each point of {@code from} to its {@code to}. */
    static double[] affineThrough(double[][] from, double[][] to) {
        double det = determinant(from[0][0], from[0][1], from[1][0], from[1][1], from[2][0], from[2][1]);
        double[] m = new double[6];
        for (int row = 0; row < 2; row++) {
            // Cramer's rule on [x y 1] (a b c)^T = target, for each target coordinate
            double t0 = to[0][row], t1 = to[1][row], t2 = to[2][row];
            double[] sx = { from[0][0], from[1][0], from[2][0] };
            double[] sy = { from[0][1], from[1][1], from[2][1] };
            m[row * 3] = (t0 * (sy[1] - sy[2]) - sy[0] * (t1 - t2) + (t1 * sy[2] - t2 * sy[1])) / det;
            m[row * 3 + 1] = (sx[0] * (t1 - t2) - t0 * (sx[1] - sx[2]) + (sx[1] * t2 - sx[2] * t1)) / det;
            m[row * 3 + 2] = (sx[0] * (sy[1] * t2 - sy[2] * t1) - sy[0] * (sx[1] * t2 - sx[2] * t1)
                    + t0 * (sx[1] * sy[2] - sx[2] * sy[1])) / det;
        }
        return m;
    }

    private static double determinant(double x0, double y0, double x1, double y1, double x2, double y2) {
        return x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
    }

    /** The inverse of a 2 x 3 affine matrix. */
    static double[] inverse(double[] m) {
        double det = m[0] * m[4] - m[1] * m[3];
        double a = m[4] / det, b = -m[1] / det, d = -m[3] / det, e = m[0] / det;
        return new double[] { a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5]) };
    }

    /** Each pixel the source's value at {@code inverse} of its position: OpenCV's warpAffine, BORDER_REFLECT_101. */
    private static float[] warpAffine(float[] src, int w, int h, double[] inverse) {
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sx = inverse[0] * x + inverse[1] * y + inverse[2];
                double sy = inverse[3] * x + inverse[4] * y + inverse[5];
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                double fx = sx - x0, fy = sy - y0;
                int xa = Raster.reflect101(x0, w), xb = Raster.reflect101(x0 + 1, w);
                int ya = Raster.reflect101(y0, h), yb = Raster.reflect101(y0 + 1, h);
                for (int k = 0; k < 3; k++) {
                    double top = src[(ya * w + xa) * 3 + k] * (1 - fx) + src[(ya * w + xb) * 3 + k] * fx;
                    double bottom = src[(yb * w + xa) * 3 + k] * (1 - fx) + src[(yb * w + xb) * 3 + k] * fx;
                    out[(y * w + x) * 3 + k] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }
}
