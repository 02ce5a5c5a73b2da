package org.perturber.explore;

import java.util.List;

import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;

/**
 * One state of an exploration, as the pipeline computes it: the scene, the perturbation stack on it and the active
 * models. Immutable; every change of the session makes a new one with a higher {@code sequence}.
 *
 * @param scene the scene, or null while the default scene is being prepared
 * @param change the numeric parameter whose change made this state (what live curves plot), or null
 * @param createdAt when the change happened (System.nanoTime): end-to-end latencies are measured from it
 * @param attackSource the key of the model the stack's attacks are made against and shown to every model of its
 *        input size (transfer), or null: each model is attacked itself
 */
public record ExploreState(long sequence, Scene scene, PerturbationStack stack, List<LoadedModel> models,
        Change change, long createdAt, String attackSource) {
    public ExploreState {
        models = List.copyOf(models);
    }

    /**
     * A numeric parameter of a stack entry set to a value (a slider step).
     *
     * @param entry the entry's index in the stack
     * @param perturbation the perturbation's id
     * @param parameter the parameter's id
     * @param label what the user reads ("Fade to black: amount")
     */
    public record Change(int entry, String perturbation, String parameter, String label, double value) {
        /** Whether the two changes move the same slider. */
        public boolean sameParameter(Change other) {
            return other != null && other.entry == entry && other.perturbation.equals(perturbation)
                    && other.parameter.equals(parameter);
        }
    }

    /** Whether the state has something to compute predictions for. */
    public boolean ready() {
        return scene != null && !models.isEmpty();
    }

    /** Whether another state shows the same pixels to the same models (only the change record differs). */
    public boolean sameInputs(ExploreState other) {
        return other != null && java.util.Objects.equals(scene, other.scene) && stack.equals(other.stack)
                && models.equals(other.models) && java.util.Objects.equals(attackSource, other.attackSource);
    }
}
