package org.perturber.core.perturbation;

/**
 * Where in the pipeline a perturbation acts. Stacks apply all scene-stage entries, then the render, then
 * image-stage entries, then model-aware ones, whatever order the user listed them in.
 */
public enum Stage {
    /** Changes the scene description before rendering (camera, lights, morphing, textures). */
    SCENE,
    /** Changes the rendered image (noise, blur, frequency filters, fading). */
    IMAGE,
    /** Needs a model to compute the change (adversarial attacks). */
    MODEL_AWARE
}
