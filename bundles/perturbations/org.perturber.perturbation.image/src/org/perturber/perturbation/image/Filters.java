package org.perturber.perturbation.image;

import org.perturber.core.image.RgbImage;

/** Separable Gaussian blur with edge clamping, shared by the blur and the frequency filters. */
final class Filters {
    private Filters() {
    }

    static float[] gaussianBlur(RgbImage image, double sigma) {
        int w = image.width(), h = image.height();
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        float[] src = image.data();
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    float s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.max(0, Math.min(w - 1, x + k));
                        s += kernel[k + radius] * src[(y * w + xx) * 3 + c];
                    }
                    tmp[(y * w + x) * 3 + c] = s;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    float s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.max(0, Math.min(h - 1, y + k));
                        s += kernel[k + radius] * tmp[(yy * w + x) * 3 + c];
                    }
                    // a weighted mean of values in [0, 1], but float rounding of the weights can take it to
                    // 1.0000002, which the stack's guard refuses as out of range
                    out[(y * w + x) * 3 + c] = Math.min(1f, Math.max(0f, s));
                }
            }
        }
        return out;
    }

    /** ImageNet-C's severities are given for 224-pixel images: scale lengths to this image. */
    static double perPixels(double at224, RgbImage image) {
        return at224 * Math.min(image.width(), image.height()) / 224.0;
    }
}
