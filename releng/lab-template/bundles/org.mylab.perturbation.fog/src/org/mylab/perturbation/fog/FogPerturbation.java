package org.mylab.perturbation.fog;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ColorParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.scene.Rgb;

/**
 * THE TEMPLATE FOR A LAB'S OWN PERTURBATION (see README.md, "Adding a lab's own bundle"). It uses nothing but
 * Perturber's exported API: declare typed parameters, implement apply, return a new image, keep no state.
 *
 * <p>Fog: blends the image toward a fog colour, more toward the top of the image (farther away in most scenes).
 */
public class FogPerturbation implements ImagePerturbation {
    // Parameters: the workbench builds sliders and colour pickers from these, sweeps enumerate them.
    public static final NumberParameter DENSITY = new NumberParameter("density", "Density", "", 0, 1, 0.0, 0.01);
    public static final NumberParameter HEIGHT = new NumberParameter("height", "Thicker toward the top", "", 0, 1, 0.5,
            0.01);
    public static final ColorParameter COLOR = new ColorParameter("color", "Fog colour", new Rgb(0.85, 0.87, 0.9));

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(DENSITY, HEIGHT, COLOR);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues values) {
        double density = values.getDouble(DENSITY.id());
        if (density == 0) {
            return image; // at its defaults a perturbation must change nothing
        }
        double height = values.getDouble(HEIGHT.id());
        Rgb fog = values.getColor(COLOR.id());
        float[] out = image.copyData(); // never modify the input
        for (int y = 0; y < image.height(); y++) {
            double up = 1 - (double) y / Math.max(1, image.height() - 1); // 1 at the top row
            float t = (float) Math.min(1, density * (1 - height + height * up));
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                out[i] += (float) (t * (fog.r() - out[i]));
                out[i + 1] += (float) (t * (fog.g() - out[i + 1]));
                out[i + 2] += (float) (t * (fog.b() - out[i + 2]));
            }
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
