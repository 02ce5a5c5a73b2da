package org.perturber.core.model;

import java.util.Set;

/**
 * What to compute for one input: the top {@code topK} classes, activations of the named layers, and optionally the
 * gradient of a target with respect to the input and, for {@code gradientLayers}, with respect to those layers'
 * outputs (what Grad-CAM weighs activations with).
 */
public record InferenceRequest(int topK, Set<String> activationLayers, GradientTarget gradient,
        Set<String> gradientLayers) {
    public InferenceRequest {
        if (topK < 0) {
            throw new IllegalArgumentException("topK must not be negative");
        }
        activationLayers = Set.copyOf(activationLayers);
        gradientLayers = Set.copyOf(gradientLayers);
        if (!gradientLayers.isEmpty() && gradient == null) {
            throw new IllegalArgumentException("layer gradients need a gradient target");
        }
    }

    public InferenceRequest(int topK, Set<String> activationLayers, GradientTarget gradient) {
        this(topK, activationLayers, gradient, Set.of());
    }

    public static InferenceRequest predictions(int topK) {
        return new InferenceRequest(topK, Set.of(), null);
    }

    public InferenceRequest withActivations(Set<String> layers) {
        return new InferenceRequest(topK, layers, gradient, gradientLayers);
    }

    public InferenceRequest withGradient(GradientTarget target) {
        return new InferenceRequest(topK, activationLayers, target, gradientLayers);
    }

    /** The request for images {@code from} to {@code to} of a batch: a per-image objective keeps those images' rows. */
    public InferenceRequest slice(int from, int to) {
        return gradient == null ? this : new InferenceRequest(topK, activationLayers, gradient.slice(from, to),
                gradientLayers);
    }

    /** Also the target's gradient with respect to these layers' outputs (needs a gradient target). */
    public InferenceRequest withGradientLayers(Set<String> layers) {
        return new InferenceRequest(topK, activationLayers, gradient, layers);
    }
}
