package org.perturber.perturbation.image;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ColorParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.scene.Rgb;

/** A square patch of one colour over the image; position and size as fractions of the image. */
public class Occlusion implements ImagePerturbation {
    public static final NumberParameter SIZE = new NumberParameter("size", "Patch size", "", 0, 1, 0.0, 0.01);
    public static final NumberParameter X = new NumberParameter("x", "Patch centre x", "", 0, 1, 0.5, 0.01);
    public static final NumberParameter Y = new NumberParameter("y", "Patch centre y", "", 0, 1, 0.5, 0.01);
    public static final ColorParameter COLOR = new ColorParameter("color", "Patch colour", Rgb.GREY);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SIZE, X, Y, COLOR);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double size = v.getDouble(SIZE.id());
        if (size == 0) {
            return image;
        }
        int w = image.width(), h = image.height();
        int side = (int) Math.round(size * Math.min(w, h));
        int x0 = (int) Math.round(v.getDouble(X.id()) * w - side / 2.0);
        int y0 = (int) Math.round(v.getDouble(Y.id()) * h - side / 2.0);
        Rgb c = v.getColor(COLOR.id());
        float[] d = image.copyData();
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + side); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + side); x++) {
                int i = (y * w + x) * 3;
                d[i] = (float) c.r();
                d[i + 1] = (float) c.g();
                d[i + 2] = (float) c.b();
            }
        }
        return new RgbImage(w, h, d);
    }
}
