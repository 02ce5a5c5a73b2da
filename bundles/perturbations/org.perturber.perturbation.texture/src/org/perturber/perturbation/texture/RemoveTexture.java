package org.perturber.perturbation.texture;

import java.util.List;

import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;

/** Fades the subject's texture out to its flat albedo (1: no texture at all). */
public class RemoveTexture implements ScenePerturbation {
    public static final NumberParameter AMOUNT = new NumberParameter("amount", "Removal", "", 0, 1, 0.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(AMOUNT);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        double amount = v.getDouble(AMOUNT.id());
        if (amount == 0) {
            return scene;
        }
        SceneObject s = scene.subject();
        return scene.withObject(0, s.withMaterial(amount >= 1
                ? s.material().withTexture(Texture.NONE).withTextureBlend(Texture.NONE, 0)
                : s.material().withTextureBlend(Texture.NONE, amount)));
    }
}
