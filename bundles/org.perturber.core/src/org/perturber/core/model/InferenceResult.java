package org.perturber.core.model;

import java.util.List;
import java.util.Map;

import org.perturber.core.image.RgbImage;

/**
 * The answer to an {@link InferenceRequest}: class probabilities (all classes), the top classes, activations by
 * layer id, and the input gradient (same layout as the input image; null when not asked for).
 */
public record InferenceResult(float[] probabilities, List<ClassScore> top, Map<String, Activation> activations,
        RgbImage inputGradient) {
    public InferenceResult {
        top = List.copyOf(top);
        activations = Map.copyOf(activations);
    }

    /** The most probable class. */
    public ClassScore best() {
        if (top.isEmpty()) {
            throw new IllegalStateException("no classes were asked for");
        }
        return top.get(0);
    }
}
