package org.perturber.perturbation.morphing;

import java.util.List;

import org.perturber.objects.BuiltinCatalog;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;

/** Blends the subject's texture toward another built-in object's characteristic texture (shape stays). */
public class TextureMorph implements ScenePerturbation {
    public static final ChoiceParameter TARGET = Targets.choice("target", "Toward the texture of");
    public static final NumberParameter AMOUNT = new NumberParameter("amount", "Amount", "", 0, 1, 0.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(TARGET, AMOUNT);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        double amount = v.getDouble(AMOUNT.id());
        if (amount == 0) {
            return scene;
        }
        Texture target = BuiltinCatalog.defaultMaterial(MeshRef.builtin(v.getChoice(TARGET.id()))).orElseThrow()
                .texture();
        SceneObject s = scene.subject();
        return scene.withObject(0, s.withMaterial(s.material().withTextureBlend(target, amount)));
    }
}
