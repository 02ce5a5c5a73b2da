package org.perturber.featurevis.internal;

import java.util.Random;

/**
 * Samples the model's input (width x height) from a larger square canvas through a rotation, a scale and a shift
 * about the canvas centre, bilinearly, clamping at the canvas edge: the transformation robustness that keeps
 * optimised images from being adversarial noise. {@link #adjoint} sends a gradient with respect to the input back to
 * the canvas with the same weights. The identity transformation takes the canvas's central input-sized square.
 */
public final class CanvasTransform {
    private final int canvas;
    private final int width;
    private final int height;
    /** Per input pixel: the four canvas indices and their weights. */
    private final int[] index;
    private final float[] weight;

    private CanvasTransform(int canvas, int width, int height, double angle, double scale, double dx, double dy) {
        this.canvas = canvas;
        this.width = width;
        this.height = height;
        index = new int[width * height * 4];
        weight = new float[width * height * 4];
        double cos = Math.cos(angle) * scale;
        double sin = Math.sin(angle) * scale;
        double centre = (canvas - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x - cx;
                double v = y - cy;
                double sx = clamp(centre + cos * u - sin * v + dx);
                double sy = clamp(centre + sin * u + cos * v + dy);
                int x0 = Math.min((int) Math.floor(sx), canvas - 2);
                int y0 = Math.min((int) Math.floor(sy), canvas - 2);
                double fx = sx - x0;
                double fy = sy - y0;
                int k = (y * width + x) * 4;
                index[k] = y0 * canvas + x0;
                index[k + 1] = y0 * canvas + x0 + 1;
                index[k + 2] = (y0 + 1) * canvas + x0;
                index[k + 3] = (y0 + 1) * canvas + x0 + 1;
                weight[k] = (float) ((1 - fx) * (1 - fy));
                weight[k + 1] = (float) (fx * (1 - fy));
                weight[k + 2] = (float) ((1 - fx) * fy);
                weight[k + 3] = (float) (fx * fy);
            }
        }
    }

    private double clamp(double v) {
        return Math.max(0, Math.min(canvas - 1, v));
    }

    /** The central input-sized square, unchanged (integer offsets: no interpolation). */
    public static CanvasTransform identity(int canvas, int width, int height) {
        // an odd difference of sizes puts the centre between pixels: shift by half a pixel to land on whole ones
        return new CanvasTransform(canvas, width, height, 0, 1, ((canvas - width) % 2) / 2.0,
                ((canvas - height) % 2) / 2.0);
    }

    /**
     * A random transformation: rotation uniform in +-{@code rotationDegrees}, scale uniform in 1 +- {@code scale},
     * shift uniform in +-{@code jitter} times the input size on each axis.
     */
    public static CanvasTransform random(int canvas, int width, int height, double jitter, double scale,
            double rotationDegrees, Random random) {
        double angle = Math.toRadians((random.nextDouble() * 2 - 1) * rotationDegrees);
        double s = 1 + (random.nextDouble() * 2 - 1) * scale;
        double dx = (random.nextDouble() * 2 - 1) * jitter * width;
        double dy = (random.nextDouble() * 2 - 1) * jitter * height;
        return new CanvasTransform(canvas, width, height, angle, s, dx + ((canvas - width) % 2) / 2.0, dy
                + ((canvas - height) % 2) / 2.0);
    }

    /** The input image (interleaved RGB) sampled from the canvas (interleaved RGB). */
    public float[] apply(float[] canvasRgb) {
        float[] out = new float[width * height * 3];
        for (int p = 0; p < width * height; p++) {
            int k = p * 4;
            for (int c = 0; c < 3; c++) {
                out[p * 3 + c] = weight[k] * canvasRgb[index[k] * 3 + c] + weight[k + 1] * canvasRgb[index[k + 1] * 3
                        + c] + weight[k + 2] * canvasRgb[index[k + 2] * 3 + c] + weight[k + 3] * canvasRgb[index[k
                                + 3] * 3 + c];
            }
        }
        return out;
    }

    /** Adds the canvas gradient of a function whose input gradient is {@code inputGradient} to {@code canvasGradient}. */
    public void adjoint(float[] inputGradient, double[] canvasGradient) {
        for (int p = 0; p < width * height; p++) {
            int k = p * 4;
            for (int c = 0; c < 3; c++) {
                double g = inputGradient[p * 3 + c];
                for (int j = 0; j < 4; j++) {
                    canvasGradient[index[k + j] * 3 + c] += weight[k + j] * g;
                }
            }
        }
    }
}
