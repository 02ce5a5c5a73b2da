package org.perturber.perturbation.morphing;

import java.util.List;

import org.perturber.core.geometry.ShapeKeys;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;

/** Morphs the subject's shape toward another built-in object (its texture stays: a shape-only change). */
public class ShapeMorph implements ScenePerturbation {
    public static final ChoiceParameter TARGET = Targets.choice("target", "Toward");
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
        return scene.withObject(0, scene.subject().withShape(ShapeKeys.MORPH_TARGET, v.getChoice(TARGET.id()))
                .withShape(ShapeKeys.MORPH_AMOUNT, Double.toString(amount)));
    }
}
