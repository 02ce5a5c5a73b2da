package org.perturber.inference.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.core.runtime.jobs.Job;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.CombinedModel;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;

/**
 * The shared inference service (Declarative Services: OSGI-INF/inference-service.xml). Loading runs on a loader
 * thread; each loaded model gets its own worker thread, so a slow model never holds up another and calls into one
 * native graph are serialised. Sweeps are batched ({@code -Dperturber.inference.batch}, default 8).
 */
public final class SharedInferenceService implements InferenceService {
    static final int BATCH = Math.max(1, Integer.getInteger("perturber.inference.batch", 8));
    /** Whether a background Job may run a request on its own thread when the model is idle (see {@link #run}). */
    static final boolean CALLER_RUNS = !Boolean.getBoolean("perturber.inference.noCallerRuns");

    /** Work on a model, run on its worker. */
    interface Work<T> {
        T on(Model model) throws Exception;
    }

    private final Map<String, ModelWorker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "perturber-model-loader");
        t.setDaemon(true);
        return t;
    });
    private ContributionRegistry registry;

    public void setRegistry(ContributionRegistry registry) {
        this.registry = registry;
    }

    void deactivate() {
        workers.values().forEach(ModelWorker::close);
        workers.clear();
        loader.shutdownNow();
    }

    /** What a backend says about its device; a backend that fails to say is named instead. */
    private static String device(Contribution<ModelBackend> c, ModelBackend backend) {
        try {
            String device = backend.device();
            return device == null ? "unknown device" : device;
        } catch (Throwable e) { // a plugin's Error too: the status bar and the other backends go on
            return "unknown device (backend " + c.id() + " (bundle " + c.bundle() + ") failed: " + e + ")";
        }
    }

    @Override
    public String device() {
        // where the loaded models run, engine by engine (a CUDA libtorch beside the CPU MXNet shows both)
        java.util.Set<String> used = new java.util.LinkedHashSet<>();
        workers.values().forEach(w -> used.addAll(List.of(w.handle.backend().split("\\+"))));
        List<String> devices = new ArrayList<>();
        for (Contribution<ModelBackend> c : registry.modelBackends()) {
            if (used.contains(c.id())) {
                // "MXNet: CPU": the engine's reasons are long, and the status bar shows them for each engine
                c.instance().ifPresent(b -> devices.add(c.category() + ": " + device(c, b).split(" \\(")[0]));
            }
        }
        if (!devices.isEmpty()) {
            return String.join("; ", devices);
        }
        for (Contribution<ModelBackend> c : registry.modelBackends()) {
            if (c.instance().isPresent()) {
                return device(c, c.instance().get());
            }
        }
        return "no model backend installed";
    }

    @Override
    public CompletableFuture<LoadedModel> load(Path directory) {
        return CompletableFuture.supplyAsync(() -> {
            Path dir = directory.toAbsolutePath().normalize();
            try {
                Opened opened = open(dir);
                String key = opened.model.descriptor().id() + "#" + loads.incrementAndGet();
                LoadedModel handle = new LoadedModel(key, dir, opened.backend, opened.model.descriptor());
                workers.put(key, new ModelWorker(handle, opened.model));
                return handle;
            } catch (ModelLoadException e) {
                throw new CompletionException(e);
            }
        }, loader);
    }

    private record Opened(Model model, String backend) {
    }

    /**
     * Opens a model folder with the backends of the formats its model.json declares (a backend's category names
     * its format), in the folder's order: the first runs forward passes; when it gives no gradients and the folder
     * holds the network in another format whose engine does, that one takes the gradients ({@link CombinedModel}).
     * A backend that declares no format is asked through canOpen alone.
     */
    private Opened open(Path dir) throws ModelLoadException {
        List<Contribution<ModelBackend>> able = new ArrayList<>();
        List<String> failed = new ArrayList<>(); // backends whose canOpen threw: passed over, and named
        for (String format : ModelFolder.declaredFormats(dir)) {
            for (Contribution<ModelBackend> c : registry.modelBackends()) {
                if (format.equals(c.category()) && canOpen(c, dir, failed)) {
                    able.add(c);
                    break;
                }
            }
        }
        if (able.isEmpty()) {
            for (Contribution<ModelBackend> c : registry.modelBackends()) {
                if (!ModelFolder.FORMATS.contains(c.category()) && canOpen(c, dir, failed)) {
                    able.add(c);
                    break;
                }
            }
        }
        if (able.isEmpty() && !failed.isEmpty()) {
            throw new ModelLoadException(dir, "no installed model backend opened this folder; " + String.join("; ",
                    failed));
        }
        if (able.isEmpty()) {
            if (!java.nio.file.Files.exists(dir.resolve(ModelFolder.DESCRIPTOR))) {
                throw new ModelLoadException(dir, "no installed model backend can open this folder (a model "
                        + "folder needs a " + ModelFolder.DESCRIPTOR + ")");
            }
            ModelFolder folder = ModelFolder.read(dir); // the descriptor's own problem, named
            throw new ModelLoadException(folder.descriptorFile(), "no installed model backend opens "
                    + folder.networks().keySet() + " networks");
        }
        Model forward = openWith(able.get(0), dir);
        if (forward.descriptor().can(ModelCapability.INPUT_GRADIENTS) || able.size() < 2) {
            return new Opened(forward, able.get(0).id());
        }
        Model gradients;
        try {
            gradients = openWith(able.get(1), dir);
        } catch (ModelLoadException e) {
            forward.close();
            throw e;
        }
        return new Opened(new CombinedModel(forward, gradients), able.get(0).id() + "+" + able.get(1).id());
    }

    /** Whether a working backend says it can open the folder; one that throws is noted in {@code failed}. */
    private static boolean canOpen(Contribution<ModelBackend> c, Path dir, List<String> failed) {
        ModelBackend backend = c.instance().orElse(null);
        if (backend == null) {
            return false;
        }
        try {
            return backend.canOpen(dir);
        } catch (Throwable e) { // a plugin's Error too: the other backends are still asked
            failed.add("backend " + c.id() + " (bundle " + c.bundle() + ") failed to say whether it can: " + e);
            return false;
        }
    }

    /** Opens the folder with a backend, its model guarded from then on ({@link GuardedModel}). */
    private static Model openWith(Contribution<ModelBackend> c, Path dir) throws ModelLoadException {
        ModelBackend backend = c.instance().orElseThrow();
        Model model;
        try {
            model = backend.open(dir);
        } catch (ModelLoadException e) {
            throw e;
        } catch (Throwable e) { // an OutOfMemoryError or a native library's LinkageError too: other models go on
            throw new ModelLoadException(dir, "backend " + c.id() + " (bundle " + c.bundle() + ") failed: " + e, e);
        }
        if (model == null) {
            throw new ModelLoadException(dir, "backend " + c.id() + " (bundle " + c.bundle() + ") opened nothing");
        }
        try {
            return new GuardedModel(model, c.id(), c.bundle());
        } catch (InferenceException e) {
            model.close();
            throw new ModelLoadException(dir, e.getMessage(), e);
        }
    }

    @Override
    public List<LoadedModel> models() {
        return workers.values().stream().map(w -> w.handle).sorted((a, b) -> a.key().compareTo(b.key())).toList();
    }

    @Override
    public void unload(LoadedModel model) {
        ModelWorker worker = workers.remove(model.key());
        if (worker != null) {
            worker.thread.execute(() -> { // after the work already queued, and not while a caller runs some
                worker.inUse.acquireUninterruptibly();
                worker.model.close();
            });
            worker.thread.shutdown();
        }
    }

    @Override
    public InferenceClient newClient(String name) {
        return new LatestWinsClient(this, name);
    }

    @Override
    public CompletableFuture<InferenceResult> submit(LoadedModel model, RgbImage image, InferenceRequest request) {
        CompletableFuture<InferenceResult> future = new CompletableFuture<>();
        run(model, future, () -> m -> m.infer(image, request), r -> true);
        return future;
    }

    @Override
    public InferenceResult infer(LoadedModel model, RgbImage image, InferenceRequest request)
            throws InterruptedException, ExecutionException {
        CompletableFuture<InferenceResult> future = new CompletableFuture<>();
        run(model, future, () -> m -> m.infer(image, request), r -> true, true);
        return future.get();
    }

    @Override
    public CompletableFuture<List<InferenceResult>> submitBatch(LoadedModel model, List<RgbImage> images,
            InferenceRequest request) {
        CompletableFuture<List<InferenceResult>> future = new CompletableFuture<>();
        if (request.gradient() != null && request.gradient().objective() != null
                && request.gradient().objective().items() != 1
                && request.gradient().objective().items() != images.size()) {
            // rows are sliced with the batches below: rows that do not fit would be dropped or missing
            future.completeExceptionally(new InferenceException("objective on " + request.gradient().objective()
                    .layer() + " has " + request.gradient().objective().items() + " rows of weights for "
                    + images.size() + " images"));
            return future;
        }
        run(model, future, () -> m -> {
            List<InferenceResult> results = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i += BATCH) {
                if (future.isCancelled()) {
                    throw new CancellationException("batch cancelled after " + i + " of " + images.size());
                }
                int end = Math.min(images.size(), i + BATCH);
                results.addAll(m.inferBatch(images.subList(i, end), request.slice(i, end)));
            }
            return results;
        }, r -> true);
        return future;
    }

    /**
     * Runs work on the model's worker. {@code work} is asked for the work when the worker gets to it (null: skip,
     * already answered); {@code deliver} decides whether a result may still be delivered. Queue time is added to
     * single results' timings.
     */
    <T> void run(LoadedModel handle, CompletableFuture<T> future, Supplier<Work<T>> work, Predicate<T> deliver) {
        run(handle, future, work, deliver, Job.getJobManager().currentJob() != null);
    }

    /** As above; {@code callerWaits}: the caller blocks on the future anyway, so it may run the work itself. */
    <T> void run(LoadedModel handle, CompletableFuture<T> future, Supplier<Work<T>> work, Predicate<T> deliver,
            boolean callerWaits) {
        ModelWorker worker = workers.get(handle.key());
        if (worker == null) {
            future.completeExceptionally(new InferenceException("model " + handle.key() + " is not loaded"));
            return;
        }
        long submitted = System.nanoTime();
        // a caller that waits anyway (infer(), or a background Job: every view's update is one) and finds the model
        // idle runs the request itself: two thread hand-offs cost as much as a small network's forward pass. UI
        // threads and plain threads that submit go through the worker, so nothing a UI thread calls ever blocks it.
        if (CALLER_RUNS && callerWaits && worker.queued.get() == 0
                && worker.inUse.tryAcquire()) {
            try {
                execute(worker, future, work, deliver, submitted);
            } finally {
                worker.inUse.release();
            }
            return;
        }
        worker.queued.incrementAndGet();
        try {
            worker.thread.execute(() -> {
                worker.queued.decrementAndGet();
                worker.inUse.acquireUninterruptibly();
                try {
                    execute(worker, future, work, deliver, submitted);
                } finally {
                    worker.inUse.release();
                }
            });
        } catch (RejectedExecutionException e) {
            worker.queued.decrementAndGet();
            future.completeExceptionally(new InferenceException("model " + handle.key() + " has been unloaded"));
        }
    }

    private static <T> void execute(ModelWorker worker, CompletableFuture<T> future, Supplier<Work<T>> work,
            Predicate<T> deliver, long submitted) {
        if (future.isDone()) {
            return;
        }
        Work<T> w = work.get();
        if (w == null) {
            return;
        }
        double queued = (System.nanoTime() - submitted) / 1e6;
        try {
            T result = w.on(worker.model);
            if (result instanceof InferenceResult r) {
                @SuppressWarnings("unchecked")
                T timed = (T) r.withTimings(r.timings().withQueue(queued));
                result = timed;
            }
            if (deliver.test(result)) {
                future.complete(result);
            } else {
                future.completeExceptionally(new CancellationException("a newer result was delivered"));
            }
        } catch (Throwable e) { // an Error too: the future always completes, and the worker goes on
            future.completeExceptionally(e);
        }
    }
}
