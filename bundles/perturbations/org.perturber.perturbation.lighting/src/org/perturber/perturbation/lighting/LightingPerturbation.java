package org.perturber.perturbation.lighting;

import java.util.ArrayList;
import java.util.List;

import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.Vec3;

/**
 * Changes the lights: turns them about the vertical axis and up or down, scales their intensity, tints them by a
 * colour temperature (6500 K is neutral), scales the ambient term, and sets how many lights there are (extra ones
 * are dimmer fills around the subject).
 */
public class LightingPerturbation implements ScenePerturbation {
    public static final NumberParameter AZIMUTH = new NumberParameter("azimuth", "Light direction", "deg", -180, 180,
            0.0, 1);
    public static final NumberParameter ELEVATION = new NumberParameter("elevation", "Light height", "deg", -90, 90,
            0.0, 1);
    public static final NumberParameter INTENSITY = new NumberParameter("intensity", "Intensity", "x", 0, 3, 1.0, 0.01);
    public static final NumberParameter TEMPERATURE = new NumberParameter("temperature", "Colour temperature", "K",
            2000, 12000, 6500.0, 100);
    public static final NumberParameter AMBIENT = new NumberParameter("ambient", "Ambient", "x", 0, 4, 1.0, 0.01);
    public static final ChoiceParameter LIGHTS = ChoiceParameter.of("lights", "Number of lights", "as is", "as is",
            "1", "2", "3", "4");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(AZIMUTH, ELEVATION, INTENSITY, TEMPERATURE, AMBIENT, LIGHTS);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        if (v.isDefault()) {
            return scene;
        }
        List<Light> lights = new ArrayList<>(scene.lighting().lights());
        String count = v.getChoice(LIGHTS.id());
        if (!count.equals("as is")) {
            int n = Integer.parseInt(count);
            while (lights.size() > n) {
                lights.remove(lights.size() - 1);
            }
            for (int i = lights.size(); i < n; i++) {
                double a = Math.toRadians(120 * i + 40);
                lights.add(Light.directional(new Vec3(Math.sin(a), 0.3, Math.cos(a)), 0.35));
            }
        }
        Rgb tint = kelvin(v.getDouble(TEMPERATURE.id()));
        List<Light> out = new ArrayList<>();
        for (Light l : lights) {
            Vec3 turned = turn(l.vector(), v.getDouble(AZIMUTH.id()), v.getDouble(ELEVATION.id()));
            Rgb c = l.color();
            out.add(new Light(l.kind(), turned, new Rgb(c.r() * tint.r(), c.g() * tint.g(), c.b() * tint.b()),
                    l.intensity() * v.getDouble(INTENSITY.id())));
        }
        Rgb a = scene.lighting().ambient();
        double f = v.getDouble(AMBIENT.id());
        return scene.withLighting(new Lighting(out, new Rgb(a.r() * f, a.g() * f, a.b() * f)));
    }

    /** Turns a direction (or position) about the vertical axis, then raises or lowers it. */
    static Vec3 turn(Vec3 p, double azimuthDegrees, double elevationDegrees) {
        if (azimuthDegrees == 0 && elevationDegrees == 0) {
            return p;
        }
        double r = p.length();
        double horizontal = Math.hypot(p.x(), p.z());
        double az = Math.atan2(p.x(), p.z()) + Math.toRadians(azimuthDegrees);
        double el = Math.max(-Math.PI / 2 + 1e-3, Math.min(Math.PI / 2 - 1e-3,
                Math.atan2(p.y(), horizontal) + Math.toRadians(elevationDegrees)));
        return new Vec3(r * Math.cos(el) * Math.sin(az), r * Math.sin(el), r * Math.cos(el) * Math.cos(az));
    }

    /** Relative RGB of a black body, normalised so that 6500 K is (1, 1, 1) (Tanner Helland's fit). */
    static Rgb kelvin(double k) {
        if (k == 6500) {
            return Rgb.WHITE;
        }
        double[] c = rgb(k);
        double[] n = rgb(6500);
        return new Rgb(c[0] / n[0], c[1] / n[1], c[2] / n[2]);
    }

    private static double[] rgb(double kelvin) {
        double t = kelvin / 100;
        double r = t <= 66 ? 255 : 329.698727446 * Math.pow(t - 60, -0.1332047592);
        double g = t <= 66 ? 99.4708025861 * Math.log(t) - 161.1195681661 : 288.1221695283 * Math.pow(t - 60,
                -0.0755148492);
        double b = t >= 66 ? 255 : t <= 19 ? 0 : 138.5177312231 * Math.log(t - 10) - 305.0447927307;
        return new double[] { clamp(r) / 255, clamp(g) / 255, Math.max(1, clamp(b)) / 255 };
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(255, x));
    }
}
