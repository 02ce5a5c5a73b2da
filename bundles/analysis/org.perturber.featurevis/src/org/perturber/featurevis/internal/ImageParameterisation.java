package org.perturber.featurevis.internal;

import java.util.Random;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * A square RGB canvas described by parameters that make optimised images readable (Olah et al., Distill 2017;
 * Lucid): each of three colour channels as Fourier coefficients (JTransforms' FFT) scaled by 1/frequency (so that gradient steps are
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
    /** Lucid's start: normal noise of this deviation in parameter space (a nearly flat mid-grey image). */
    public static final double START_DEVIATION = 0.01;

    private final int size;
    private final boolean fourier;
    private final boolean decorrelate;
    /** Parameters: per channel, real then imaginary parts (Fourier) or pixel values (pixels), row-major. */
    private final double[][] re = new double[3][];
    private final double[][] im = new double[3][];
    private final double[] frequencyScale;
    /** For each frequency index k, the index of -k. */
    private final int[] mirror;
    private final DoubleFFT_2D fft;
    /** The last rendered canvas, channel-major, for the sigmoid's derivative. */
    private final double[][] rendered = new double[3][];

    /**
     * @param size the canvas side: a power of two when {@code fourier} (the fastest FFT sizes)
     * @param seed the start: normal noise of standard deviation {@value #START_DEVIATION} in parameter space
     */
    public ImageParameterisation(int size, boolean fourier, boolean decorrelate, long seed) {
        this(size, fourier, decorrelate, seed, START_DEVIATION);
    }

    /** As above, with the start noise's standard deviation in parameter space. */
    public ImageParameterisation(int size, boolean fourier, boolean decorrelate, long seed, double deviation) {
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
                re[c][i] = random.nextGaussian() * deviation;
                if (fourier) {
                    im[c][i] = random.nextGaussian() * deviation;
                }
            }
        }
        frequencyScale = fourier ? frequencyScale(size) : null;
        mirror = fourier ? mirror(size) : null;
        fft = fourier ? new DoubleFFT_2D(size, size) : null;
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
        double[][] t = fourier ? spatial() : new double[][] { re[0], re[1], re[2] };
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
        // imaginary parts alike. Two real gradients share one complex FFT: FFT(g0 + i g1) = G0 + i G1, where G0 and
        // G1 are Hermitian and are separated through the spectrum at -k.
        double[][] out = new double[6][];
        double factor = 1 / (4 * Math.sqrt(n));
        for (int c0 = 0; c0 < 3; c0 += 2) {
            int c1 = c0 + 1;
            double[] z = new double[2 * n];
            for (int k = 0; k < n; k++) {
                z[2 * k] = dt[c0][k];
                z[2 * k + 1] = c1 < 3 ? dt[c1][k] : 0;
            }
            fft.complexForward(z);
            double[] g0r = new double[n];
            double[] g0i = new double[n];
            double[] g1r = c1 < 3 ? new double[n] : null;
            double[] g1i = c1 < 3 ? new double[n] : null;
            for (int k = 0; k < n; k++) {
                int m = mirror[k];
                double yr = z[2 * k];
                double yi = z[2 * k + 1];
                double mr = z[2 * m];
                double mi = z[2 * m + 1];
                double w = frequencyScale[k] * factor;
                g0r[k] = w * (yr + mr) / 2;
                g0i[k] = w * (yi - mi) / 2;
                if (g1r != null) {
                    g1r[k] = w * (yi + mi) / 2;
                    g1i[k] = -w * (yr - mr) / 2;
                }
            }
            out[c0] = g0r;
            out[c0 + 3] = g0i;
            if (g1r != null) {
                out[c1] = g1r;
                out[c1 + 3] = g1i;
            }
        }
        return out;
    }

    /**
     * The channels in pixel space: Re(IFFT2(scale * sqrt(n) * p)) / 4 (Lucid's scaling). Re(IFFT(a)) is the IFFT of a's
     * Hermitian part (a_k + conj(a_-k)) / 2, which is real, so two channels share one complex IFFT as its real and
     * imaginary parts.
     */
    private double[][] spatial() {
        int n = size * size;
        double root = Math.sqrt(n);
        double[][] out = new double[3][];
        for (int c0 = 0; c0 < 3; c0 += 2) {
            int c1 = c0 + 1;
            double[] z = new double[2 * n];
            for (int k = 0; k < n; k++) {
                int m = mirror[k];
                double w = frequencyScale[k] * root; // the scale is the same at k and -k
                double h0r = w * (re[c0][k] + re[c0][m]) / 2;
                double h0i = w * (im[c0][k] - im[c0][m]) / 2;
                double h1r = c1 < 3 ? w * (re[c1][k] + re[c1][m]) / 2 : 0;
                double h1i = c1 < 3 ? w * (im[c1][k] - im[c1][m]) / 2 : 0;
                z[2 * k] = h0r - h1i;
                z[2 * k + 1] = h0i + h1r;
            }
            fft.complexInverse(z, true);
            out[c0] = new double[n];
            if (c1 < 3) {
                out[c1] = new double[n];
            }
            for (int k = 0; k < n; k++) {
                out[c0][k] = z[2 * k] / 4;
                if (c1 < 3) {
                    out[c1][k] = z[2 * k + 1] / 4;
                }
            }
        }
        return out;
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

    private static int[] mirror(int size) {
        int[] m = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                m[y * size + x] = ((size - y) % size) * size + (size - x) % size;
            }
        }
        return m;
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
