package org.perturber.inference.internal;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelDescriptor;

/**
 * A model as the backend contribution that opened it gave it, with every call guarded: whatever the backend throws
 * (an Error too: an OutOfMemoryError, a StackOverflowError, a native library's LinkageError) and whatever it
 * returns that no caller can use (no result, a count of probabilities other than the labels', NaN or infinite
 * probabilities, a batch of another size) becomes an {@link InferenceException} naming the backend and its bundle.
 * The caller's request fails; the other models, and this one's next request, go on. An InferenceException the
 * backend throws itself (a request it cannot answer) passes through as it is.
 */
final class GuardedModel implements Model {
    private final Model model;
    private final String backend;
    private final String bundle;
    private final ModelDescriptor descriptor;

    /** @throws InferenceException when the backend fails to say even what the model is */
    GuardedModel(Model model, String backend, String bundle) {
        this.model = model;
        this.backend = backend;
        this.bundle = bundle;
        ModelDescriptor d;
        try {
            d = model.descriptor();
        } catch (Throwable e) {
            throw failure("failed to describe its model", e);
        }
        if (d == null) {
            throw failure("gave a model without a descriptor", null);
        }
        this.descriptor = d;
    }

    /** Who is to blame, as messages say it. */
    String who() {
        return "backend " + backend + " (bundle " + bundle + ")";
    }

    private InferenceException failure(String what, Throwable cause) {
        String message = who() + " " + what + (cause == null ? "" : ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        return cause == null ? new InferenceException(message) : new InferenceException(message, cause);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        InferenceResult result;
        try {
            result = model.infer(input, request);
        } catch (InferenceException e) {
            throw e;
        } catch (Throwable e) {
            throw failure("failed", e);
        }
        check(result, request, "");
        return result;
    }

    @Override
    public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        List<InferenceResult> results;
        try {
            results = model.inferBatch(inputs, request);
        } catch (InferenceException e) {
            throw e;
        } catch (Throwable e) {
            throw failure("failed", e);
        }
        if (results == null || results.size() != inputs.size()) {
            throw failure("returned " + (results == null ? "no" : results.size()) + " results for a batch of "
                    + inputs.size(), null);
        }
        for (int i = 0; i < results.size(); i++) {
            check(results.get(i), request, " (image " + (i + 1) + " of the batch)");
        }
        return results;
    }

    private void check(InferenceResult r, InferenceRequest request, String where) {
        if (r == null) {
            throw failure("returned no result" + where, null);
        }
        float[] p = r.probabilities();
        int labels = descriptor.labels().size();
        if (p == null || p.length != labels) {
            throw failure("returned " + (p == null ? "no" : p.length) + " probabilities for " + labels + " labels"
                    + where, null);
        }
        int bad = 0;
        for (float v : p) {
            bad += Float.isFinite(v) ? 0 : 1;
        }
        if (bad > 0) {
            throw failure("returned " + bad + " NaN or infinite probabilities of " + p.length + where, null);
        }
        if (request.topK() > 0 && r.top().isEmpty()) {
            throw failure("returned no top classes" + where, null);
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } catch (Throwable e) {
            // the model is gone from the service either way and nobody waits on it: said, and not passed on
            System.err.println("perturber: " + who() + " failed to close model " + descriptor.id() + ": " + e);
        }
    }
}
