package org.perturber.core.perturbation;

import org.perturber.core.param.ParameterValues;
import org.perturber.core.scene.Scene;

/** Derives a new scene from a scene: camera, lighting, background, morphing, texture. */
public interface ScenePerturbation extends Perturbation {
    Scene apply(Scene scene, ParameterValues values);

    @Override
    default Stage stage() {
        return Stage.SCENE;
    }
}
