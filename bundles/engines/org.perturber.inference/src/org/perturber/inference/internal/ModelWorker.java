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
    /** Held by whatever runs on the model now: the worker's task, or a caller running a request itself. */
    final java.util.concurrent.Semaphore inUse = new java.util.concurrent.Semaphore(1);
    /** Tasks handed to the worker and not started yet. */
    final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();

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
        try {
            inUse.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS); // let a caller's request finish first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
    }
}
