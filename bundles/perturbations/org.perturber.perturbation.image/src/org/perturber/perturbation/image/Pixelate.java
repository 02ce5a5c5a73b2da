package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * Shrinks the image to a fraction of its size, each small pixel the mean of the area it covers, and enlarges it
 * back with nearest neighbours (the reference's two box resizes); severities 1-5 are ImageNet-C's (resolution
 * 0.6, 0.5, 0.4, 0.3, 0.25).
 */
public class Pixelate implements ImagePerturbation {
    private static final double[] SEVERITY_RESOLUTION = { 0.6, 0.5, 0.4, 0.3, 0.25 };
    public static final NumberParameter RESOLUTION = new NumberParameter("resolution", "Resolution", "x", 0.02, 1,
            1.0, 0.01);
    public static final NumberParameter SEVERITY = Severity.parameter("resolution");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(RESOLUTION, SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double s = v.getDouble(SEVERITY.id());
        if (s > 0) {
            // shrinking to 95% already moves every pixel: fade in severity 1 rather than start at a jump
            return Severity.fadedIn(image, s, level -> pixelate(image, Severity.at(level, 1, SEVERITY_RESOLUTION)));
        }
        return pixelate(image, v.getDouble(RESOLUTION.id()));
    }

    private static RgbImage pixelate(RgbImage image, double resolution) {
        int w = image.width(), h = image.height();
        // the reference truncates (int(224 * c)); a hair of rounding keeps 0.5 x 96 at 48
        int sw = Math.max(1, (int) (w * resolution + 1e-9)), sh = Math.max(1, (int) (h * resolution + 1e-9));
        if (sw >= w && sh >= h) {
            return image;
        }
        float[] small = Raster.resize(image.data(), w, h, 3, sw, sh);
        float[] out = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(sh - 1, y * sh / h);
            for (int x = 0; x < w; x++) {
                int sx = Math.min(sw - 1, x * sw / w);
                System.arraycopy(small, (sy * sw + sx) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return Raster.clipped(w, h, out);
    }
}
