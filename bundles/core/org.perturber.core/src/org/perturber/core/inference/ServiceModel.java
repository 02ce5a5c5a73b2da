package org.perturber.core.inference;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelDescriptor;

/**
 * A loaded model seen through the shared inference service as a plain {@link Model}, for code written against models
 * (model-aware perturbations such as attacks, evaluations) that should still queue with every other user of the
 * model. Closing it does not unload the model: the service owns it.
 */
public final class ServiceModel implements Model {
    private final InferenceService service;
    private final LoadedModel model;

    public ServiceModel(InferenceService service, LoadedModel model) {
        this.service = service;
        this.model = model;
    }

    @Override
    public ModelDescriptor descriptor() {
        return model.descriptor();
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        // the caller waits anyway: the service may run it on this thread (no hand-offs)
        try {
            return service.infer(model, input, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for inference");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        return await(service.submitBatch(model, inputs, request));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for inference");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r
                : new InferenceException(e.getCause().getMessage(), e.getCause());
    }

    @Override
    public void close() {
        // the service owns the model
    }
}
