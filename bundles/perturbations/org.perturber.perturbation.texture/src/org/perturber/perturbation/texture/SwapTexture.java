package org.perturber.perturbation.texture;

import java.util.ArrayList;
import java.util.List;

import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.objects.BuiltinCatalog;

/** Gives the subject another class's characteristic texture: a shape-versus-texture cue conflict. */
public class SwapTexture implements ScenePerturbation {
    public static final ChoiceParameter CLASS;

    static {
        List<ChoiceParameter.Choice> choices = new ArrayList<>();
        choices.add(new ChoiceParameter.Choice("as is", "its own"));
        BuiltinCatalog.ids().forEach(id -> choices.add(new ChoiceParameter.Choice(id, BuiltinCatalog.label(id))));
        CLASS = new ChoiceParameter("class", "Texture of", choices, "as is");
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(CLASS);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        String from = v.getChoice(CLASS.id());
        if (from.equals("as is")) {
            return scene;
        }
        SceneObject s = scene.subject();
        return scene.withObject(0, s.withMaterial(s.material().withTexture(BuiltinCatalog.defaultMaterial(
                MeshRef.builtin(from)).orElseThrow().texture())));
    }
}
