package org.perturber.featurevis.internal;

import java.util.Random;

/**
 * Samples the model's input (width x height) from a square canvas through a rotation, a scale and a shift about the
 * canvas centre, bilinearly, with mid-grey outside the canvas (Lucid pads with it): the transformation robustness
 * that keeps optimised images from being adversarial noise. {@link #adjoint} sends a gradient with respect to the input back to
 * the canvas with the same weights. The identity transformation takes the canvas's central input-sized square (all of it when sizes are equal).
 */
public final class CanvasTransform {
    /** What lies outside the canvas: mid-grey, constant (no gradient). */
    private static final float OUTSIDE = 0.5f;

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
                double sx = centre + cos * u - sin * v + dx;
                double sy = centre + sin * u + cos * v + dy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int k = (y * width + x) * 4;
                index[k] = at(x0, y0);
                index[k + 1] = at(x0 + 1, y0);
                index[k + 2] = at(x0, y0 + 1);
                index[k + 3] = at(x0 + 1, y0 + 1);
                weight[k] = (float) ((1 - fx) * (1 - fy));
                weight[k + 1] = (float) (fx * (1 - fy));
                weight[k + 2] = (float) ((1 - fx) * fy);
                weight[k + 3] = (float) (fx * fy);
            }
        }
    }

    /** The canvas index of a pixel, or -1 outside the canvas (where the image is mid-grey, as Lucid pads). */
    private int at(int x, int y) {
        return x < 0 || y < 0 || x >= canvas || y >= canvas ? -1 : y * canvas + x;
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
            for (int c = 0; c < 3; c++) {
                float v = 0;
                for (int j = p * 4; j < p * 4 + 4; j++) {
                    v += weight[j] * (index[j] < 0 ? OUTSIDE : canvasRgb[index[j] * 3 + c]);
                }
                out[p * 3 + c] = v;
            }
        }
        return out;
    }

    /** Adds the canvas gradient of a function whose input gradient is {@code inputGradient} to {@code canvasGradient}. */
    public void adjoint(float[] inputGradient, double[] canvasGradient) {
        for (int p = 0; p < width * height; p++) {
            for (int c = 0; c < 3; c++) {
                double g = inputGradient[p * 3 + c];
                for (int j = p * 4; j < p * 4 + 4; j++) {
                    if (index[j] >= 0) {
                        canvasGradient[index[j] * 3 + c] += weight[j] * g;
                    }
                }
            }
        }
    }
}
