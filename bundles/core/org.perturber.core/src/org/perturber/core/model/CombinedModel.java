package org.perturber.core.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.perturber.core.image.RgbImage;

/**
 * One model whose folder holds its network in two formats: forward passes (predictions, activations) run on the
 * faster engine, gradients on the one that can take them (ONNX Runtime is about twice as fast as libtorch here but
 * gives no gradients). Both networks come from the same model.json, so they share labels, input and layers.
 */
public final class CombinedModel implements Model {
    private final Model forward;
    private final Model gradients;
    private final ModelDescriptor descriptor;

    public CombinedModel(Model forward, Model gradients) {
        this.forward = forward;
        this.gradients = gradients;
        Set<ModelCapability> both = EnumSet.noneOf(ModelCapability.class);
        both.addAll(forward.descriptor().capabilities());
        both.addAll(gradients.descriptor().capabilities());
        this.descriptor = forward.descriptor().withCapabilities(both);
    }

    /** The model that answers a request: gradients need the gradient engine; everything else runs forward only. */
    public Model modelFor(InferenceRequest request) {
        boolean needsGradients = request.gradient() != null || !request.gradientLayers().isEmpty();
        if (needsGradients) {
            return gradients;
        }
        return forward.descriptor().cannotAnswer(request) == null ? forward : gradients;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        descriptor.checkCanAnswer(request);
        return modelFor(request).infer(input, request);
    }

    @Override
    public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        descriptor.checkCanAnswer(request);
        return modelFor(request).inferBatch(inputs, request);
    }

    @Override
    public void close() {
        try {
            forward.close();
        } finally {
            gradients.close();
        }
    }
}
