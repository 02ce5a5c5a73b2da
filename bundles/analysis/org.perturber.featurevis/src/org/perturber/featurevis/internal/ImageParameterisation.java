package org.perturber.featurevis.internal;

import java.util.Random;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * A square RGB canvas described by parameters that make optimised images readable (Olah et al., Distill 2017;
 * Lucid): each of three colour channels as Fourier coefficients scaled by 1/frequency (so that gradient steps are
 * equally large at every scale, instead of dominated by high frequencies), the three channels decorrelated by the
 * square root of the colour covariance, and a sigmoid into [0, 1]. Either part can be switched off (pixels, RGB).
 * {@link #render} gives the canvas; {@link #backward} turns the gradient with respect to the canvas into the
 * gradient with respect to the parameters, for the canvas last rendered.
 */
public final class ImageParameterisation {
    /**
     * Square root of ImageNet's colour covariance (the SVD estimate Lucid publishes), columns normalised by the
     * largest column norm. Our models see renders, not ImageNet: the prior only decorrelates the optimiser's
     * coordinates; the image still goes wherever the gradient takes it.
     */
    private static final double[][] COLOUR = normalisedColour(new double[][] { { 0.26, 0.09, 0.02 }, { 0.27, 0.00,
            -0.05 }, { 0.27, -0.09, 0.03 } });
    private static final double START_DEVIATION = 0.01;

    private final int size;
    private final boolean fourier;
    private final boolean decorrelate;
    /** Parameters: per channel, real then imaginary parts (Fourier) or pixel values (pixels), row-major. */
    private final double[][] re = new double[3][];
    private final double[][] im = new double[3][];
    private final double[] frequencyScale;
    /** The last rendered canvas, channel-major, for the sigmoid's derivative. */
    private final double[][] rendered = new double[3][];

    /**
     * @param size the canvas side: a power of two when {@code fourier} (the FFT's requirement)
     * @param seed the start: normal noise of standard deviation 0.01 in parameter space
     */
    public ImageParameterisation(int size, boolean fourier, boolean decorrelate, long seed) {
        if (fourier && Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("a Fourier canvas needs a power-of-two side, got " + size);
        }
        this.size = size;
        this.fourier = fourier;
        this.decorrelate = decorrelate;
        int n = size * size;
        Random random = new Random(seed);
        for (int c = 0; c < 3; c++) {
            re[c] = new double[n];
            im[c] = new double[fourier ? n : 0];
            for (int i = 0; i < n; i++) {
                re[c][i] = random.nextGaussian() * START_DEVIATION;
                if (fourier) {
                    im[c][i] = random.nextGaussian() * START_DEVIATION;
                }
            }
        }
        frequencyScale = fourier ? frequencyScale(size) : null;
    }

    public int size() {
        return size;
    }

    /** Parameter arrays, for the optimiser: per channel the real parts, then (Fourier) the imaginary parts. */
    public double[][] parameters() {
        return fourier ? new double[][] { re[0], re[1], re[2], im[0], im[1], im[2] } : new double[][] { re[0], re[1],
                re[2] };
    }

    /** The canvas, interleaved RGB row-major, values in (0, 1). */
    public float[] render() {
        int n = size * size;
        double[][] t = new double[3][];
        for (int c = 0; c < 3; c++) {
            t[c] = fourier ? spatial(c) : re[c].clone();
        }
        float[] rgb = new float[n * 3];
        for (int c = 0; c < 3; c++) {
            rendered[c] = new double[n];
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double z = decorrelate ? COLOUR[c][0] * t[0][i] + COLOUR[c][1] * t[1][i] + COLOUR[c][2] * t[2][i]
                        : t[c][i];
                double s = 1 / (1 + Math.exp(-z));
                rendered[c][i] = s;
                rgb[i * 3 + c] = (float) s;
            }
        }
        return rgb;
    }

    /**
     * The gradient with respect to the parameters (same layout as {@link #parameters()}) of a function whose gradient
     * with respect to the last rendered canvas is {@code canvasGradient} (interleaved RGB).
     */
    public double[][] backward(double[] canvasGradient) {
        int n = size * size;
        double[][] dz = new double[3][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double s = rendered[c][i];
                dz[c][i] = canvasGradient[i * 3 + c] * s * (1 - s);
            }
        }
        double[][] dt = new double[3][];
        if (decorrelate) {
            for (int j = 0; j < 3; j++) {
                dt[j] = new double[n];
                for (int i = 0; i < n; i++) {
                    dt[j][i] = COLOUR[0][j] * dz[0][i] + COLOUR[1][j] * dz[1][i] + COLOUR[2][j] * dz[2][i];
                }
            }
        } else {
            dt = dz;
        }
        if (!fourier) {
            return dt;
        }
        // x = Re(IFFT2(scale * sqrt(n) * p)) / 4, so dL/dp = scale * sqrt(n) / (4 n) * FFT2(dL/dx), real and
        // imaginary parts alike
        double[][] out = new double[6][];
        double factor = 1 / (4 * Math.sqrt(n));
        for (int c = 0; c < 3; c++) {
            double[] gr = dt[c].clone();
            double[] gi = new double[n];
            fft2(gr, gi, TransformType.FORWARD);
            for (int i = 0; i < n; i++) {
                double w = frequencyScale[i] * factor;
                gr[i] *= w;
                gi[i] *= w;
            }
            out[c] = gr;
            out[c + 3] = gi;
        }
        return out;
    }

    /** Channel c in pixel space: Re(IFFT2(scale * sqrt(n) * p)) / 4 (Lucid's scaling, up to its real FFT). */
    private double[] spatial(int c) {
        int n = size * size;
        double root = Math.sqrt(n);
        double[] r = new double[n];
        double[] i = new double[n];
        for (int k = 0; k < n; k++) {
            double w = frequencyScale[k] * root;
            r[k] = re[c][k] * w;
            i[k] = im[c][k] * w;
        }
        fft2(r, i, TransformType.INVERSE);
        for (int k = 0; k < n; k++) {
            r[k] /= 4;
        }
        return r;
    }

    /** In-place 2-D FFT of a size x size complex array: rows, then columns (1/n per axis on the inverse). */
    private void fft2(double[] r, double[] i, TransformType type) {
        double[][] line = new double[2][size];
        for (int y = 0; y < size; y++) {
            System.arraycopy(r, y * size, line[0], 0, size);
            System.arraycopy(i, y * size, line[1], 0, size);
            FastFourierTransformer.transformInPlace(line, DftNormalization.STANDARD, type);
            System.arraycopy(line[0], 0, r, y * size, size);
            System.arraycopy(line[1], 0, i, y * size, size);
        }
        for (int x = 0; x < size; x++) {
            for (int y = 0; y < size; y++) {
                line[0][y] = r[y * size + x];
                line[1][y] = i[y * size + x];
            }
            FastFourierTransformer.transformInPlace(line, DftNormalization.STANDARD, type);
            for (int y = 0; y < size; y++) {
                r[y * size + x] = line[0][y];
                i[y * size + x] = line[1][y];
            }
        }
    }

    /** 1 / max(|f|, 1/size) for each frequency (f in cycles per pixel, as numpy's fftfreq gives them). */
    private static double[] frequencyScale(int size) {
        double[] scale = new double[size * size];
        for (int y = 0; y < size; y++) {
            double fy = frequency(y, size);
            for (int x = 0; x < size; x++) {
                double fx = frequency(x, size);
                scale[y * size + x] = 1 / Math.max(Math.hypot(fx, fy), 1.0 / size);
            }
        }
        return scale;
    }

    private static double frequency(int k, int size) {
        return (k < (size + 1) / 2 ? k : k - size) / (double) size;
    }

    private static double[][] normalisedColour(double[][] m) {
        double max = 0;
        for (int j = 0; j < 3; j++) {
            max = Math.max(max, Math.sqrt(m[0][j] * m[0][j] + m[1][j] * m[1][j] + m[2][j] * m[2][j]));
        }
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i][j] = m[i][j] / max;
            }
        }
        return out;
    }
}
