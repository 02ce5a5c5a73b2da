package org.perturber.explore;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceResult;

/**
 * One model's predictions for one state, with what every subscriber asked for (top classes, activations).
 *
 * @param input the image the model was given
 * @param result the forward pass's result, or null when it failed ({@code problem} says why)
 * @param baseline the model's result for the unperturbed scene (the state's own result when the stack is empty)
 * @param skipped perturbations of the stack skipped for this model (a failing plugin, an attack it cannot take)
 */
public record ModelResult(ExploreState state, LoadedModel model, RgbImage input, InferenceResult result,
        InferenceResult baseline, List<String> skipped, Timings timings, String problem) {
    public ModelResult {
        skipped = List.copyOf(skipped);
    }

    /**
     * Where the time of one state went, in milliseconds.
     *
     * @param inputMs scene stage, render, image stage and attacks of all models
     * @param inferenceMs from the first request to the last result
     * @param totalMs from the state's change to its results being published
     */
    public record Timings(double inputMs, double inferenceMs, double totalMs) {
    }

    public boolean ok() {
        return result != null;
    }
}
