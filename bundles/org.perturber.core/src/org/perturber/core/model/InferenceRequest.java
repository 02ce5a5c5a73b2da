package org.perturber.core.model;

import java.util.Set;

/**
 * What to compute for one input: the top {@code topK} classes, activations of the named layers, and
 * optionally the gradient of a target with respect to the input.
 */
public record InferenceRequest(int topK, Set<String> activationLayers, GradientTarget gradient) {
    public InferenceRequest {
        if (topK < 0) {
            throw new IllegalArgumentException("topK must not be negative");
        }
        activationLayers = Set.copyOf(activationLayers);
    }

    public static InferenceRequest predictions(int topK) {
        return new InferenceRequest(topK, Set.of(), null);
    }

    public InferenceRequest withActivations(Set<String> layers) {
        return new InferenceRequest(topK, layers, gradient);
    }

    public InferenceRequest withGradient(GradientTarget target) {
        return new InferenceRequest(topK, activationLayers, target);
    }
}
