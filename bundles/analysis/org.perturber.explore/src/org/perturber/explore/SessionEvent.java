package org.perturber.explore;

/** What changed in an {@link ExploreSession}, and the state after the change. */
public record SessionEvent(Kind kind, ExploreState state) {
    public enum Kind {
        /** the scene (camera, lighting, background, objects) */
        SCENE,
        /** the perturbation stack (an edit, a slider step, undo, redo) */
        STACK,
        /** a model was activated or deactivated */
        MODELS,
        /** a model failed to load ({@link ExploreSession#modelProblem()}) */
        MODEL_PROBLEM,
        /** channels were pinned or unpinned ({@link ExploreSession#pins()}) */
        PINS
    }
}
