package org.perturber.viz.attribution;

import org.perturber.core.image.RgbImage;

/** Heat maps laid over a dimmed grey copy of the model input, so that what lights up can be located. */
final class Overlays {
    private Overlays() {
    }

    /** {@code heat} in [0, 1] per pixel (0: the input shows through), in yellow-red. */
    static RgbImage unsigned(RgbImage input, float[] heat) {
        float[] out = new float[input.width() * input.height() * 3];
        for (int p = 0; p < heat.length; p++) {
            float grey = grey(input, p) * 0.6f;
            float h = heat[p];
            out[p * 3] = grey * (1 - h) + h;
            out[p * 3 + 1] = grey * (1 - h) + h * h * 0.9f;
            out[p * 3 + 2] = grey * (1 - h);
        }
        return new RgbImage(input.width(), input.height(), out);
    }

    /** {@code value} in [-1, 1] per pixel: red for positive, blue for negative. */
    static RgbImage signed(RgbImage input, float[] value) {
        float[] out = new float[input.width() * input.height() * 3];
        for (int p = 0; p < value.length; p++) {
            float grey = grey(input, p) * 0.6f;
            float v = Math.max(-1, Math.min(1, value[p]));
            float a = Math.abs(v);
            out[p * 3] = grey * (1 - a) + (v > 0 ? a : 0);
            out[p * 3 + 1] = grey * (1 - a);
            out[p * 3 + 2] = grey * (1 - a) + (v < 0 ? a : 0);
        }
        return new RgbImage(input.width(), input.height(), out);
    }

    private static float grey(RgbImage image, int p) {
        float[] d = image.data();
        return (d[p * 3] + d[p * 3 + 1] + d[p * 3 + 2]) / 3;
    }
}
