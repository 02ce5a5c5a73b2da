package org.perturber.perturbation.texture;

import java.util.List;

import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;

/** Scales and rotates the subject's texture (finer or coarser patterns, turned stripes). */
public class TextureTransform implements ScenePerturbation {
    public static final NumberParameter SCALE = new NumberParameter("scale", "Texture scale", "x", 0.1, 10, 1.0, 0.01);
    public static final NumberParameter ROTATION = new NumberParameter("rotation", "Texture rotation", "deg", -180,
            180, 0.0, 1);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(SCALE, ROTATION);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        if (v.isDefault()) {
            return scene;
        }
        SceneObject s = scene.subject();
        Texture t = s.material().texture();
        return scene.withObject(0, s.withMaterial(s.material().withTexture(t.withScale(t.scale()
                * v.getDouble(SCALE.id())).withRotation(t.rotationDegrees() + v.getDouble(ROTATION.id())))));
    }
}
