package org.perturber.explore;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceResult;

/**
 * What the {@link ExplorePipeline} tells its subscribers. Called on the pipeline's thread, in state order; a result
 * never arrives after a result of a newer state. Views hop to their UI thread and paint.
 */
public interface ExploreListener {
    /** A newer state is being computed: what is shown is stale until its results arrive. */
    default void computing(ExploreState state) {
    }

    /** Every active model's predictions for a state (predictions come first, before gradients and frames). */
    default void predictions(ExploreState state, List<ModelResult> results) {
    }

    /** A gradient asked for in {@link Needs#gradients()}, for a state whose predictions were published. */
    default void gradient(ExploreState state, Needs.Gradient need, ModelResult predictions, InferenceResult gradient) {
    }

    /** The gradient could not be computed (the model has no gradients, the backend failed). */
    default void gradientFailed(ExploreState state, Needs.Gradient need, String problem) {
    }

    /** The perturbed scene rendered at the size asked for in {@link Needs}, with the image stage applied. */
    default void sceneFrame(ExploreState state, RgbImage frame, List<String> skipped, double ms) {
    }

    /** A state could not be computed at all (no renderer, a failed render): says why. */
    default void failed(ExploreState state, String problem) {
    }
}
