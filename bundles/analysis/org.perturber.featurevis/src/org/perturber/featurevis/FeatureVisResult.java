package org.perturber.featurevis;

import org.perturber.core.image.RgbImage;

/**
 * One optimised image and what it reached.
 *
 * @param image the visualization at the model's input size, as the model sees it without transformations
 * @param objectiveValue the objective on {@code image} (a channel's mean activation, a neuron's value, a logit)
 * @param startValue the objective on the seeded start image
 * @param trace the objective at each step (on that step's transformed image)
 * @param millis time the optimisation took (0 for a result read from the cache)
 * @param fromCache whether it was read from the cache rather than computed
 */
public record FeatureVisResult(FeatureObjective objective, FeatureVisSettings settings, RgbImage image,
        float objectiveValue, float startValue, float[] trace, long millis, boolean fromCache) {
    public FeatureVisResult {
        trace = trace.clone();
    }

    @Override
    public float[] trace() {
        return trace.clone();
    }

    public FeatureVisResult cached() {
        return new FeatureVisResult(objective, settings, image, objectiveValue, startValue, trace, 0, true);
    }
}
