package org.perturber.core.model;

import java.util.List;

import org.perturber.core.image.RgbImage;

/**
 * An opened model. {@link #infer} answers one request (predictions, activations, input gradient) in one
 * forward pass where it can. Implementations must be safe to call from several threads.
 */
public interface Model extends AutoCloseable {
    ModelDescriptor descriptor();

    /**
     * @param input an image of the model's input size, channels in [0, 1]; the model normalises it itself
     * @throws InferenceException for a request the model cannot answer (unknown layer, wrong size)
     */
    InferenceResult infer(RgbImage input, InferenceRequest request);

    /** Answers the same request for several images; backends override this to batch. */
    default List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        return inputs.stream().map(i -> infer(i, request)).toList();
    }

    /** Frees native resources. */
    @Override
    void close();
}
