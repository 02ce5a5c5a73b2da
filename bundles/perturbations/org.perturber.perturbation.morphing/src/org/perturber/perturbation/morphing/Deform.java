package org.perturber.perturbation.morphing;

import java.util.List;

import org.perturber.core.geometry.ShapeKeys;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;

/** Twists, bends, bulges or roughens (seeded noise displacement) the subject's shape. */
public class Deform implements ScenePerturbation {
    public static final NumberParameter TWIST = new NumberParameter("twist", "Twist", "deg", -360, 360, 0.0, 1);
    public static final NumberParameter BEND = new NumberParameter("bend", "Bend", "deg", -180, 180, 0.0, 1);
    public static final NumberParameter BULGE = new NumberParameter("bulge", "Bulge", "", -0.9, 2, 0.0, 0.01);
    public static final NumberParameter NOISE = new NumberParameter("noise", "Roughness", "", 0, 0.3, 0.0, 0.005);
    public static final NumberParameter FREQUENCY = new NumberParameter("frequency", "Roughness scale", "", 0.5, 20,
            4.0, 0.1);
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 100_000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(TWIST, BEND, BULGE, NOISE, FREQUENCY, SEED);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        if (v.isDefault()) {
            return scene;
        }
        SceneObject o = scene.subject();
        o = set(o, ShapeKeys.TWIST, v.getDouble(TWIST.id()));
        o = set(o, ShapeKeys.BEND, v.getDouble(BEND.id()));
        o = set(o, ShapeKeys.BULGE, v.getDouble(BULGE.id()));
        o = set(o, ShapeKeys.NOISE_AMPLITUDE, v.getDouble(NOISE.id()));
        if (v.getDouble(NOISE.id()) > 0) {
            o = o.withShape(ShapeKeys.NOISE_FREQUENCY, Double.toString(v.getDouble(FREQUENCY.id())))
                    .withShape(ShapeKeys.NOISE_SEED, Integer.toString(v.getInt(SEED.id())));
        }
        return scene.withObject(0, o);
    }

    private static SceneObject set(SceneObject o, String key, double value) {
        return value == 0 ? o : o.withShape(key, Double.toString(value));
    }
}
