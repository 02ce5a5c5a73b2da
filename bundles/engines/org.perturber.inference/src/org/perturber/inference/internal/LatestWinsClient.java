package org.perturber.inference.internal;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;

/**
 * Latest-wins requests of one interactive caller: per model, a new request supersedes the previous one if that
 * has not started, and a result older than one already delivered is dropped (never shown after a newer one).
 */
final class LatestWinsClient implements InferenceClient {
    private final SharedInferenceService service;
    private final String name;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();

    /** A submitted request; {@code claimed} is set by whoever gets it first: the worker, or a newer request. */
    private record Pending(long sequence, AtomicBoolean claimed, CompletableFuture<InferenceResult> future) {
    }

    LatestWinsClient(SharedInferenceService service, String name) {
        this.service = service;
        this.name = name;
    }

    @Override
    public CompletableFuture<InferenceResult> submit(LoadedModel model, RgbImage image, InferenceRequest request) {
        Pending pending = new Pending(sequence.incrementAndGet(), new AtomicBoolean(), new CompletableFuture<>());
        Pending previous = waiting.put(model.key(), pending);
        if (previous != null && previous.claimed().compareAndSet(false, true)) {
            previous.future().completeExceptionally(new CancellationException(name + ": superseded by a newer request"));
        }
        AtomicLong last = delivered.computeIfAbsent(model.key(), k -> new AtomicLong());
        service.run(model, pending.future(), () -> {
            if (!pending.claimed().compareAndSet(false, true)) {
                return null; // superseded before it started: nothing to compute
            }
            waiting.remove(model.key(), pending);
            return (SharedInferenceService.Work<InferenceResult>) m -> m.infer(image, request);
        }, result -> {
            // results of one model arrive in order on its worker; this guards the rule itself
            long seen = last.getAndAccumulate(pending.sequence(), Math::max);
            return seen < pending.sequence();
        });
        return pending.future();
    }
}
