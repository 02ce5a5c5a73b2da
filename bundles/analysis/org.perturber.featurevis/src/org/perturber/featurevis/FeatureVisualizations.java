package org.perturber.featurevis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.perturber.core.model.Model;

/**
 * Feature visualizations of one model, through the cache: what was computed before (for the same weights, objective
 * and settings) is read back; what is missing is optimised in one batch and stored. The entry point for the
 * workbench, the headless tool and the benchmark.
 */
public final class FeatureVisualizations {
    private final Model model;
    private final String digest;
    private final FeatureVisCache cache;
    private final AtomicLong optimised = new AtomicLong();
    private volatile String cacheProblem;

    /**
     * @param model the model (a {@link org.perturber.core.inference.ServiceModel} to queue with the model's other users)
     * @param folder the model's folder, whose files the cache key digests
     */
    public FeatureVisualizations(Model model, Path folder, FeatureVisCache cache) throws IOException {
        this.model = model;
        this.digest = ModelDigest.of(folder);
        this.cache = cache;
    }

    public Model model() {
        return model;
    }

    /** The digest of the model's weights the cache is keyed by. */
    public String digest() {
        return digest;
    }

    /** How many images this instance has optimised (not read from the cache). */
    public long optimisedCount() {
        return optimised.get();
    }

    /** The cached visualization of {@code objective}, if there is one (reads one small PNG). */
    public Optional<FeatureVisResult> cached(FeatureObjective objective, FeatureVisSettings settings) {
        return cache.get(digest, objective, settings, model.descriptor().inputWidth(), model.descriptor()
                .inputHeight());
    }

    /**
     * Visualizations of every objective, in order: cached ones read, missing ones optimised together and stored. A
     * cache that cannot be written loses nothing: the results are returned and {@link #cacheProblem()} says why
     * they were not kept.
     */
    public List<FeatureVisResult> compute(List<FeatureObjective> objectives, FeatureVisSettings settings,
            IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, objectives.size() * (settings.steps() + 3));
        FeatureVisResult[] results = new FeatureVisResult[objectives.size()];
        List<FeatureObjective> missing = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            Optional<FeatureVisResult> hit = cached(objectives.get(i), settings);
            if (hit.isPresent()) {
                results[i] = hit.get();
            } else {
                missing.add(objectives.get(i));
                where.add(i);
            }
        }
        progress.worked(objectives.size());
        if (!missing.isEmpty()) {
            List<FeatureVisResult> done = FeatureVisualizer.optimise(model, missing, settings, progress.split(missing
                    .size() * (settings.steps() + 2)));
            optimised.addAndGet(done.size());
            for (int j = 0; j < done.size(); j++) {
                results[where.get(j)] = done.get(j);
                try {
                    cache.put(digest, done.get(j));
                } catch (IOException | RuntimeException e) {
                    cacheProblem = "feature visualization cache " + cache.root() + " cannot be written: " + e
                            .getMessage();
                }
            }
        }
        return List.of(results);
    }

    /** Why the last results could not be kept in the cache (a full disk, a read-only folder), if they could not. */
    public Optional<String> cacheProblem() {
        return Optional.ofNullable(cacheProblem);
    }
}
