package org.perturber.perturbation.morphing;

import java.util.List;

import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;

/** Stretches the subject along its own axes (non-uniform scale). */
public class Scale implements ScenePerturbation {
    public static final NumberParameter X = new NumberParameter("x", "Width", "x", 0.25, 4, 1.0, 0.01);
    public static final NumberParameter Y = new NumberParameter("y", "Height", "x", 0.25, 4, 1.0, 0.01);
    public static final NumberParameter Z = new NumberParameter("z", "Depth", "x", 0.25, 4, 1.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(X, Y, Z);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        if (v.isDefault()) {
            return scene;
        }
        SceneObject o = scene.subject();
        Vec3 s = o.transform().scale();
        return scene.withObject(0, o.withTransform(o.transform().withScale(new Vec3(s.x() * v.getDouble(X.id()),
                s.y() * v.getDouble(Y.id()), s.z() * v.getDouble(Z.id())))));
    }
}
