package org.perturber.core.model;

import java.util.List;

/**
 * What a model is and expects: identity, architecture, variant (standard, adversarially trained, fine-tuned,
 * with a short account of its training), input size, normalisation, class labels and the layers it exposes.
 */
public record ModelDescriptor(String id, String name, String architecture, String variant, String description,
        int inputWidth, int inputHeight, Normalization normalization, List<String> labels, List<LayerInfo> layers) {
    public ModelDescriptor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model without id");
        }
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("model " + id + ": input size must be positive");
        }
        labels = List.copyOf(labels);
        layers = List.copyOf(layers);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("model " + id + ": no class labels");
        }
    }

    public LayerInfo layer(String layerId) {
        return layers.stream().filter(l -> l.id().equals(layerId)).findFirst()
                .orElseThrow(() -> new InferenceException("model " + id + " exposes no layer '" + layerId
                        + "'; exposed: " + layers.stream().map(LayerInfo::id).toList()));
    }
}
