package org.perturber.core.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a model is and expects: identity, architecture, variant (standard, adversarially trained, fine-tuned,
 * with a short account of its training), input size, normalisation, class labels, the layers it exposes and what
 * it can compute ({@link ModelCapability}: an engine without gradients says so here).
 */
public record ModelDescriptor(String id, String name, String architecture, String variant, String description,
        int inputWidth, int inputHeight, Normalization normalization, List<String> labels, List<LayerInfo> layers,
        Set<ModelCapability> capabilities) {
    /** A model that can compute everything. */
    public ModelDescriptor(String id, String name, String architecture, String variant, String description,
            int inputWidth, int inputHeight, Normalization normalization, List<String> labels,
            List<LayerInfo> layers) {
        this(id, name, architecture, variant, description, inputWidth, inputHeight, normalization, labels, layers,
                ModelCapability.all());
    }

    public ModelDescriptor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model without id");
        }
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("model " + id + ": input size must be positive");
        }
        labels = List.copyOf(labels);
        layers = List.copyOf(layers);
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("model " + id + ": no class labels");
        }
    }

    public LayerInfo layer(String layerId) {
        return layers.stream().filter(l -> l.id().equals(layerId)).findFirst()
                .orElseThrow(() -> new InferenceException("model " + id + " exposes no layer '" + layerId
                        + "'; exposed: " + layers.stream().map(LayerInfo::id).toList()));
    }

    public boolean can(ModelCapability capability) {
        return capabilities.contains(capability);
    }

    /** The same model, able to compute {@code what}. */
    public ModelDescriptor withCapabilities(Set<ModelCapability> what) {
        return new ModelDescriptor(id, name, architecture, variant, description, inputWidth, inputHeight,
                normalization, labels, layers, what);
    }

    /**
     * Why this model cannot answer the request, for the user: "model resnet18 cannot compute input gradients
     * (...)"; null when it can.
     */
    public String cannotAnswer(InferenceRequest request) {
        for (ModelCapability needed : ModelCapability.neededBy(request)) {
            if (!can(needed)) {
                return cannot(needed);
            }
        }
        return null;
    }

    /** "model X cannot compute input gradients (...)": the message every feature shows. */
    public String cannot(ModelCapability capability) {
        String hint = capability == ModelCapability.OBJECTIVE_GRADIENTS
                ? " (MXNet models can, and TorchScript networks written by releng/export-model since feature"
                        + " visualization came: export this one again)"
                : " (its engine gives none; a model folder that also holds a TorchScript network can)";
        return "model " + id + " cannot compute " + capability.description() + hint;
    }

    /** Throws an {@link InferenceException} saying why, when this model cannot answer the request. */
    public void checkCanAnswer(InferenceRequest request) {
        String why = cannotAnswer(request);
        if (why != null) {
            throw new InferenceException(why);
        }
    }

    /** Throws an {@link InferenceException} for an image that is not of this model's input size. */
    public void checkInputSize(org.perturber.core.image.RgbImage input) {
        if (input.width() != inputWidth || input.height() != inputHeight) {
            throw new InferenceException("model " + id + " takes " + inputWidth + "x" + inputHeight + " images, got "
                    + input.width() + "x" + input.height());
        }
    }
}
