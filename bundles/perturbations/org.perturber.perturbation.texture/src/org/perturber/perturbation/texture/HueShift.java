package org.perturber.perturbation.texture;

import java.util.List;

import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;

/** Turns the hue of the subject's colours (albedo and texture colours), keeping lightness and saturation. */
public class HueShift implements ScenePerturbation {
    public static final NumberParameter DEGREES = new NumberParameter("hue", "Hue shift", "deg", -180, 180, 0.0, 1);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(DEGREES);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        double d = v.getDouble(DEGREES.id());
        if (d == 0) {
            return scene;
        }
        SceneObject s = scene.subject();
        Material m = s.material();
        Texture t = m.texture();
        return scene.withObject(0, s.withMaterial(m.withAlbedo(shift(m.albedo(), d)).withTexture(
                t.withColors(shift(t.color(), d), shift(t.secondColor(), d)))));
    }

    /** Rotation of the colour about the grey axis (a hue rotation that keeps luminance). */
    static Rgb shift(Rgb c, double degrees) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a), sin = Math.sin(a), k = (1 - cos) / 3, s3 = Math.sqrt(1.0 / 3) * sin;
        double r = c.r() * (cos + k) + c.g() * (k - s3) + c.b() * (k + s3);
        double g = c.r() * (k + s3) + c.g() * (cos + k) + c.b() * (k - s3);
        double b = c.r() * (k - s3) + c.g() * (k + s3) + c.b() * (cos + k);
        return new Rgb(Math.max(0, Math.min(1, r)), Math.max(0, Math.min(1, g)), Math.max(0, Math.min(1, b)));
    }
}
