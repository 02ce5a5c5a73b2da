package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * ImageNet-C's saturate: each pixel's HSV saturation becomes {@code s * scale + add}, clipped to [0, 1], hue and
 * value kept. Severities 1-2 wash colours out (scale 0.3, 0.1), 3-5 exaggerate them (2, 5 + 0.1, 20 + 0.2). No
 * random draws, so no seed.
 */
public class Saturate implements ImagePerturbation {
    /** The reference's (scale, add) per severity. */
    private static final double[][] SEVERITY_SCALE_ADD = { { 0.3, 0 }, { 0.1, 0 }, { 2, 0 }, { 5, 0.1 },
            { 20, 0.2 } };
    private static final double[] UNCHANGED = { 1, 0 };
    public static final NumberParameter SEVERITY = Severity.parameter();

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double s = v.getDouble(SEVERITY.id());
        if (s <= 0) {
            return image;
        }
        double[] c = Severity.at(s, UNCHANGED, SEVERITY_SCALE_ADD);
        float scale = (float) c[0], add = (float) c[1];
        float[] d = image.copyData();
        float[] hsv = new float[3];
        float[] rgb = new float[3];
        for (int i = 0; i < d.length; i += 3) {
            Raster.toHsv(d[i], d[i + 1], d[i + 2], hsv);
            float saturation = Math.max(0f, Math.min(1f, hsv[1] * scale + add));
            Raster.toRgb(hsv[0], saturation, hsv[2], rgb);
            System.arraycopy(rgb, 0, d, i, 3);
        }
        return Raster.clipped(image.width(), image.height(), d);
    }
}
