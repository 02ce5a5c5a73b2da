package org.perturber.core.inference;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;

/**
 * The one inference service every view and sweep shares (an OSGi service). Models are opened by whichever
 * contributed backend can open them; each loaded model has its own worker, so several models infer in parallel
 * and no caller ever blocks a UI thread. Engine-neutral: GPUs are used by backends that have them.
 */
public interface InferenceService {
    /** The device models run on, and why (for the status bar). */
    String device();

    /** Opens a model directory in the background; fails with a ModelLoadException naming the file and problem. */
    CompletableFuture<LoadedModel> load(Path directory);

    List<LoadedModel> models();

    void unload(LoadedModel model);

    /** A latest-wins channel for an interactive caller. */
    InferenceClient newClient(String name);

    /** One request, run in order with the model's other work. */
    CompletableFuture<InferenceResult> submit(LoadedModel model, RgbImage image, InferenceRequest request);

    /**
     * One request, waited for: for callers that block on the result anyway (a Job, a sweep, a headless tool).
     * When the model is idle the calling thread runs the request itself, saving the two thread hand-offs that
     * cost as much as a small network's forward pass; otherwise it waits its turn. Never call it from a UI thread.
     *
     * @throws java.util.concurrent.ExecutionException with the cause the request failed with
     */
    InferenceResult infer(LoadedModel model, RgbImage image, InferenceRequest request)
            throws InterruptedException, java.util.concurrent.ExecutionException;

    /**
     * Many images (a sweep), run in batches of the service's batch size; cancelling the future stops after the
     * batch under way.
     */
    CompletableFuture<List<InferenceResult>> submitBatch(LoadedModel model, List<RgbImage> images,
            InferenceRequest request);
}
