package org.perturber.perturbation.image;

/**
 * A separable Gaussian blur of a single-channel plane whose kernel may be far wider than the plane. Elastic
 * transform smooths its 224 x 224 displacement fields with sigma up to 170.8 pixels cut at 3 sigma, a kernel of 1025
 * taps that reflects several times over the edges. Along each axis the blur is a fixed linear map of a line, so the
 * kernel is folded once into an n x n matrix (every tap added to the entry its edge-handled index lands on) and the
 * plane multiplied by it along both axes. That is exactly the edge-handled convolution (up to float rounding), costs
 * at most n multiply-adds per value and axis whatever sigma (twice 11 million at 224: a few milliseconds, as the
 * loops are plain multiply-adds over rows), and for a narrow kernel only the band the kernel reaches.
 */
final class FoldedGaussian {
    /** How the kernel's taps beyond the plane's edge find their pixel. */
    enum Edge {
        /** About the pixel edges, d c b a | a b c d (scikit-image's and scipy's {@code mode='reflect'}). */
        REFLECT,
        /** The edge pixel repeated, a a a | a b c d (scipy's {@code mode='nearest'}, scikit-image's default). */
        NEAREST
    }

    private FoldedGaussian() {
    }

    /**
     * The plane ({@code w} x {@code h}, row by row) blurred by a Gaussian of {@code sigma} pixels cut at
     * {@code truncate} sigma (radius int(truncate sigma + 0.5), as scipy).
     */
    static float[] blur(float[] plane, int w, int h, double sigma, double truncate, Edge edge) {
        if (sigma <= 0) {
            return plane.clone();
        }
        int radius = Math.max(1, (int) (truncate * sigma + 0.5));
        Folded alongX = fold(w, sigma, radius, edge).transposed();
        Folded alongY = w == h ? alongX.transposed() : fold(h, sigma, radius, edge);
        // along x: tmp[y][i] = sum_j X[i][j] plane[y][j], as a sum over j of plane[y][j] times row j of X's transpose
        float[] tmp = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int j = 0; j < w; j++) {
                float value = plane[row + j];
                int m = j * w;
                for (int i = alongX.from[j]; i <= alongX.to[j]; i++) {
                    tmp[row + i] += value * alongX.matrix[m + i];
                }
            }
        }
        // along y: out[i][x] = sum_j Y[i][j] tmp[j][x], a whole row at a time
        float[] out = new float[w * h];
        for (int i = 0; i < h; i++) {
            int dst = i * w;
            for (int j = alongY.from[i]; j <= alongY.to[i]; j++) {
                float weight = alongY.matrix[i * h + j];
                int src = j * w;
                for (int x = 0; x < w; x++) {
                    out[dst + x] += weight * tmp[src + x];
                }
            }
        }
        return out;
    }

    /** An n x n matrix, row by row, with the first and last column of each row that can be non-zero. */
    private record Folded(int n, float[] matrix, int[] from, int[] to) {
        Folded transposed() {
            float[] t = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    t[j * n + i] = matrix[i * n + j];
                }
            }
            return withBands(n, t);
        }
    }

    /** M[i][j]: the weight that output i gives input j once the kernel's taps are brought into [0, n). */
    private static Folded fold(int n, double sigma, int radius, Edge edge) {
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * (double) k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        double[] folded = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = -radius; k <= radius; k++) {
                int j = edge == Edge.REFLECT ? Raster.reflect(i + k, n) : Math.max(0, Math.min(n - 1, i + k));
                folded[i * n + j] += kernel[k + radius] / sum;
            }
        }
        float[] matrix = new float[n * n];
        for (int k = 0; k < matrix.length; k++) {
            matrix[k] = (float) folded[k];
        }
        return withBands(n, matrix);
    }

    private static Folded withBands(int n, float[] matrix) {
        int[] from = new int[n], to = new int[n];
        for (int i = 0; i < n; i++) {
            int first = n, last = -1;
            for (int j = 0; j < n; j++) {
                if (matrix[i * n + j] != 0) {
                    first = Math.min(first, j);
                    last = j;
                }
            }
            from[i] = first;
            to[i] = last;
        }
        return new Folded(n, matrix, from, to);
    }
}
