package org.perturber.inference.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Model;

/** One loaded model and the single thread its work runs on, in submission order. */
final class ModelWorker {
    final LoadedModel handle;
    final Model model;
    final ExecutorService thread;

    ModelWorker(LoadedModel handle, Model model) {
        this.handle = handle;
        this.model = model;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "perturber-inference-" + handle.key());
            t.setDaemon(true);
            return t;
        });
    }

    void close() {
        thread.shutdownNow();
        model.close();
    }
}
