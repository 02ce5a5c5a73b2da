package org.perturber.featurevis.internal;

import java.util.Random;

import org.jtransforms.fft.FloatFFT_2D;

/**
 * A square RGB canvas described by parameters that make optimised images readable (Olah et al., Distill 2017;
 * Lucid): each of three colour channels as Fourier coefficients scaled by 1/frequency (so that gradient steps are
 * equally large at every scale, instead of dominated by high frequencies), the three channels decorrelated by the
 * square root of the colour covariance, and a sigmoid into [0, 1]. Either part can be switched off (pixels, RGB).
 * {@link #render} gives the canvas; {@link #backward} turns the gradient with respect to the canvas into the
 * gradient with respect to the parameters, for the canvas last rendered. The FFTs are JTransforms' (any size) in
 * single precision, two real channels to one complex transform; buffers are reused, so an instance is used by one
 * thread at a time.
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
    /** Per frequency: 1 / max(|f|, 1/size), times sqrt(n) / 4 (forward) and / (4 sqrt(n)) (backward). */
    private final float[] forwardScale;
    private final float[] backwardScale;
    /** For each frequency index k, the index of -k. */
    private final int[] mirror;
    private final FloatFFT_2D fft;
    /** The last rendered canvas, channel-major, for the sigmoid's derivative. */
    private final float[][] rendered = new float[3][];
    // reused buffers: one complex plane, the pixel-space channels, the gradients
    private final float[] complex;
    private final float[][] spatial = new float[3][];
    private final double[][] gradient;

    /**
     * @param size the canvas side
     * @param seed the start: normal noise of standard deviation {@value #START_DEVIATION} in parameter space
     */
    public ImageParameterisation(int size, boolean fourier, boolean decorrelate, long seed) {
        this(size, fourier, decorrelate, seed, START_DEVIATION);
    }

    /** As above, with the start noise's standard deviation in parameter space. */
    public ImageParameterisation(int size, boolean fourier, boolean decorrelate, long seed, double deviation) {
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
            rendered[c] = new float[n];
            spatial[c] = new float[n];
        }
        gradient = new double[fourier ? 6 : 3][n];
        if (fourier) {
            double[] scale = frequencyScale(size);
            forwardScale = new float[n];
            backwardScale = new float[n];
            for (int k = 0; k < n; k++) {
                forwardScale[k] = (float) (scale[k] * Math.sqrt(n) / 4);
                backwardScale[k] = (float) (scale[k] / (4 * Math.sqrt(n)));
            }
            mirror = mirror(size);
            fft = new FloatFFT_2D(size, size);
            complex = new float[2 * n];
        } else {
            forwardScale = null;
            backwardScale = null;
            mirror = null;
            fft = null;
            complex = null;
        }
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
        if (fourier) {
            toSpatial();
        } else {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < n; i++) {
                    spatial[c][i] = (float) re[c][i];
                }
            }
        }
        float[] rgb = new float[n * 3];
        float[] t0 = spatial[0];
        float[] t1 = spatial[1];
        float[] t2 = spatial[2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double z = decorrelate ? COLOUR[c][0] * t0[i] + COLOUR[c][1] * t1[i] + COLOUR[c][2] * t2[i]
                        : spatial[c][i];
                float s = (float) (1 / (1 + Math.exp(-z)));
                rendered[c][i] = s;
                rgb[i * 3 + c] = s;
            }
        }
        return rgb;
    }

    /**
     * The gradient with respect to the parameters (same layout as {@link #parameters()}) of a function whose gradient
     * with respect to the last rendered canvas is {@code canvasGradient} (interleaved RGB). The arrays are reused by
     * the next call.
     */
    public double[][] backward(double[] canvasGradient) {
        int n = size * size;
        float[][] dz = spatial; // the pixel-space channels are not needed any more: reused
        for (int i = 0; i < n; i++) {
            float g0 = gradientOfSigmoid(canvasGradient[i * 3], rendered[0][i]);
            float g1 = gradientOfSigmoid(canvasGradient[i * 3 + 1], rendered[1][i]);
            float g2 = gradientOfSigmoid(canvasGradient[i * 3 + 2], rendered[2][i]);
            if (decorrelate) { // the transpose of the colour matrix
                dz[0][i] = (float) (COLOUR[0][0] * g0 + COLOUR[1][0] * g1 + COLOUR[2][0] * g2);
                dz[1][i] = (float) (COLOUR[0][1] * g0 + COLOUR[1][1] * g1 + COLOUR[2][1] * g2);
                dz[2][i] = (float) (COLOUR[0][2] * g0 + COLOUR[1][2] * g1 + COLOUR[2][2] * g2);
            } else {
                dz[0][i] = g0;
                dz[1][i] = g1;
                dz[2][i] = g2;
            }
        }
        if (!fourier) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < n; i++) {
                    gradient[c][i] = dz[c][i];
                }
            }
            return gradient;
        }
        // x = Re(IFFT2(scale * sqrt(n) * p)) / 4, so dL/dp = scale * sqrt(n) / (4 n) * FFT2(dL/dx), real and
        // imaginary parts alike. Two real gradients share one complex FFT: FFT(g0 + i g1) = G0 + i G1, where G0 and
        // G1 are Hermitian and are separated through the spectrum at -k.
        float[] z = complex;
        for (int c0 = 0; c0 < 3; c0 += 2) {
            int c1 = c0 + 1;
            for (int k = 0; k < n; k++) {
                z[2 * k] = dz[c0][k];
                z[2 * k + 1] = c1 < 3 ? dz[c1][k] : 0;
            }
            fft.complexForward(z);
            double[] g0r = gradient[c0];
            double[] g0i = gradient[c0 + 3];
            for (int k = 0; k < n; k++) {
                int m = mirror[k];
                float w = backwardScale[k] / 2;
                float yr = z[2 * k];
                float yi = z[2 * k + 1];
                float mr = z[2 * m];
                float mi = z[2 * m + 1];
                g0r[k] = w * (yr + mr);
                g0i[k] = w * (yi - mi);
                if (c1 < 3) {
                    gradient[c1][k] = w * (yi + mi);
                    gradient[c1 + 3][k] = -w * (yr - mr);
                }
            }
        }
        return gradient;
    }

    private static float gradientOfSigmoid(double outer, float s) {
        return (float) (outer * s * (1 - s));
    }

    /**
     * The channels in pixel space, into {@link #spatial}: Re(IFFT2(scale * sqrt(n) * p)) / 4 (Lucid's scaling).
     * Re(IFFT(a)) is the IFFT of a's Hermitian part (a_k + conj(a_-k)) / 2, which is real, so two channels share one
     * complex IFFT as its real and imaginary parts.
     */
    private void toSpatial() {
        int n = size * size;
        float[] z = complex;
        for (int c0 = 0; c0 < 3; c0 += 2) {
            int c1 = c0 + 1;
            double[] r0 = re[c0];
            double[] i0 = im[c0];
            for (int k = 0; k < n; k++) {
                int m = mirror[k];
                float w = forwardScale[k] / 2; // the scale is the same at k and -k
                float h0r = (float) (w * (r0[k] + r0[m]));
                float h0i = (float) (w * (i0[k] - i0[m]));
                float h1r = c1 < 3 ? (float) (w * (re[c1][k] + re[c1][m])) : 0;
                float h1i = c1 < 3 ? (float) (w * (im[c1][k] - im[c1][m])) : 0;
                z[2 * k] = h0r - h1i;
                z[2 * k + 1] = h0i + h1r;
            }
            fft.complexInverse(z, true);
            for (int k = 0; k < n; k++) {
                spatial[c0][k] = z[2 * k];
                if (c1 < 3) {
                    spatial[c1][k] = z[2 * k + 1];
                }
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
