package org.perturber.perturbation.lighting;

import java.util.ArrayList;
import java.util.List;

import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.ShadingMode;

/** Shading of every object: the mode (smooth, flat, unlit) and the specular highlight's strength and shininess. */
public class ShadingPerturbation implements ScenePerturbation {
    public static final ChoiceParameter MODE = ChoiceParameter.of("mode", "Shading", "as is", "as is", "smooth",
            "flat", "unlit");
    public static final NumberParameter SPECULAR = new NumberParameter("specular", "Specular strength", "x", 0, 4, 1.0,
            0.01);
    public static final NumberParameter SHININESS = new NumberParameter("shininess", "Shininess", "x", 0.1, 10, 1.0,
            0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(MODE, SPECULAR, SHININESS);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        if (v.isDefault()) {
            return scene;
        }
        List<SceneObject> objects = new ArrayList<>();
        for (SceneObject o : scene.objects()) {
            Material m = o.material().withSpecular(o.material().specularStrength() * v.getDouble(SPECULAR.id()),
                    Math.max(1, o.material().shininess() * v.getDouble(SHININESS.id())));
            String mode = v.getChoice(MODE.id());
            if (!mode.equals("as is")) {
                m = m.withShading(ShadingMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
            }
            objects.add(o.withMaterial(m));
        }
        return scene.withObjects(objects);
    }
}
