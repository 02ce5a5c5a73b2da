package org.perturber.core.inference;

import java.util.concurrent.CompletableFuture;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;

/**
 * An interactive caller (a view) of the inference service. Requests are latest-wins per model: a newer request
 * supersedes this client's older one that has not started yet (its future fails with a
 * {@link java.util.concurrent.CancellationException}), and a result never arrives after a newer one.
 */
public interface InferenceClient {
    CompletableFuture<InferenceResult> submit(LoadedModel model, RgbImage image, InferenceRequest request);
}
