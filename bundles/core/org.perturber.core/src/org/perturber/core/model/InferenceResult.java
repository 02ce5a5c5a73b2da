package org.perturber.core.model;

import java.util.List;
import java.util.Map;

import org.perturber.core.image.RgbImage;

/**
 * The answer to an {@link InferenceRequest}: class probabilities (all classes), the top classes, activations by
 * layer id, the input gradient (same layout as the input image, per unit of pixel value in [0, 1]; null when not
 * asked for), where the time went, gradients with respect to layer outputs (same shape as the activations) and the
 * logits the probabilities come from (null when a backend does not give them).
 */
public record InferenceResult(float[] probabilities, List<ClassScore> top, Map<String, Activation> activations,
        RgbImage inputGradient, StageTimings timings, Map<String, Activation> layerGradients, float[] logits) {
    public InferenceResult {
        top = List.copyOf(top);
        activations = Map.copyOf(activations);
        timings = timings == null ? StageTimings.NONE : timings;
        layerGradients = layerGradients == null ? Map.of() : Map.copyOf(layerGradients);
    }

    public InferenceResult(float[] probabilities, List<ClassScore> top, Map<String, Activation> activations,
            RgbImage inputGradient, StageTimings timings, Map<String, Activation> layerGradients) {
        this(probabilities, top, activations, inputGradient, timings, layerGradients, null);
    }

    public InferenceResult(float[] probabilities, List<ClassScore> top, Map<String, Activation> activations,
            RgbImage inputGradient, StageTimings timings) {
        this(probabilities, top, activations, inputGradient, timings, Map.of());
    }

    public InferenceResult(float[] probabilities, List<ClassScore> top, Map<String, Activation> activations,
            RgbImage inputGradient) {
        this(probabilities, top, activations, inputGradient, StageTimings.NONE);
    }

    /** The most probable class. */
    public ClassScore best() {
        if (top.isEmpty()) {
            throw new IllegalStateException("no classes were asked for");
        }
        return top.get(0);
    }

    public InferenceResult withTimings(StageTimings t) {
        return new InferenceResult(probabilities, top, activations, inputGradient, t, layerGradients, logits);
    }

    /** The top {@code k} of a probability vector, with labels. */
    public static List<ClassScore> topK(float[] probabilities, List<String> labels, int k) {
        return topK(probabilities, probabilities, labels, k);
    }

    /**
     * The top {@code k} classes ranked by {@code ranking} (the logits: the probabilities of classes whose logits are
     * close round to the same float, among 1000 classes of an untrained network for instance), with their
     * probabilities and labels.
     */
    public static List<ClassScore> topK(float[] probabilities, float[] ranking, List<String> labels, int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(ranking[b], ranking[a]));
        List<ClassScore> top = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            top.add(new ClassScore(order[i], labels.get(order[i]), probabilities[order[i]]));
        }
        return top;
    }
}
