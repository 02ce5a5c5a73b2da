package org.perturber.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.scene.Scene;

/**
 * The live analysis, without any UI: for each state of an {@link ExploreSession} it computes the models' inputs once
 * (through the same {@link InputPipeline} as sweeps), runs one forward pass per model carrying everything the
 * subscribers need (top classes, the activations of the layers shown), and publishes typed results. Latest-wins:
 * while a state is computed, newer states replace each other and only the newest is computed next; an attack under
 * way for a superseded state stops. Predictions first: gradients and scene frames for a state are computed after its
 * predictions are published; during a drag (states closer than {@value #DRAG_MS} ms) gradients come at most every
 * {@value #SECONDARY_MS} ms and frames wait until the drag settles, when the last state gets both. Runs in one
 * system Job; views subscribe and paint.
 */
public final class ExplorePipeline implements AutoCloseable {
    /** During a drag, gradients and frames are refreshed at most this often (they then lag the predictions). */
    static final long SECONDARY_MS = 150;
    /** States closer together than this are a drag; its last state's frames come this long after it. */
    static final long DRAG_MS = 250;

    /** The problem {@link ExploreListener#failed} tells when the user cancelled the state. */
    public static final String CANCELLED = "cancelled";

    private final ExploreSession session;
    private final Consumer<SessionEvent> sessionListener = e -> {
        if (e.kind() == SessionEvent.Kind.SCENE || e.kind() == SessionEvent.Kind.STACK
                || e.kind() == SessionEvent.Kind.MODELS) {
            submit(e.state());
        }
    };
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicReference<ExploreState> pending = new AtomicReference<>();
    private final Map<String, ModelResult> latest = new ConcurrentHashMap<>();
    /** Baselines by model key, for the scene they were computed for (job thread only). */
    private final Map<String, Map.Entry<Scene, InferenceResult>> baselines = new HashMap<>();
    private final AtomicInteger inputsComputed = new AtomicInteger();
    private final AtomicInteger statesComputed = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong announced = new java.util.concurrent.atomic.AtomicLong(-1);
    private final Job job;
    private volatile InputPipeline inputs;
    private volatile InferenceService inference;
    /** The state the job is working on, and whether the user asked to stop it. */
    private volatile ExploreState computing;
    private volatile boolean cancelRequested;
    private volatile ExploreState lastPublished;
    private long lastSecondaryAt;
    private long previousCreatedAt;
    private long lastPacedAt;
    private volatile Deferred deferred;
    /** What the state being computed is doing now (an attack's steps), for views' progress; null when idle. */
    private volatile Work work;
    private volatile GradientTarget lastGradientTarget;
    /** The state the user stopped, not computed again by {@link #refresh()}; null when none. */
    private volatile ExploreState stoppedState;
    private Inputs lastInputs;

    /**
     * The progress of the state being computed: the task a long step named (an attack: "Attacking ResNet") and its
     * units of work done of {@code total} (0 when it said none).
     */
    public record Work(String task, int done, int total) {
        /** How far along, 0 to 1, or NaN when the task gave no total. */
        public double fraction() {
            return total <= 0 ? Double.NaN : Math.min(1, (double) done / total);
        }
    }

    /** Follows the session; computes nothing until {@link #start} gives it the services. */
    public ExplorePipeline(ExploreSession session) {
        this.session = session;
        this.job = Job.create("Computing the live analysis", this::run);
        job.setSystem(true);
        session.addListener(sessionListener);
    }

    /** Binds the input pipeline and inference service (once they are there) and computes the current state. */
    public void start(InputPipeline inputPipeline, InferenceService inferenceService) {
        this.inputs = inputPipeline;
        this.inference = inferenceService;
        refresh();
    }

    public boolean started() {
        return inputs != null;
    }

    public ExploreSession session() {
        return session;
    }

    public InputPipeline inputs() {
        return inputs;
    }

    public InferenceService inference() {
        return inference;
    }

    /** A subscriber's handle: what it needs, and its listener. */
    public final class Subscription implements AutoCloseable {
        private final String name;
        private final ExploreListener listener;
        private volatile Needs needs;

        private Subscription(String name, Needs needs, ExploreListener listener) {
            this.name = name;
            this.needs = needs;
            this.listener = listener;
        }

        public Needs needs() {
            return needs;
        }

        /** Changes what this subscriber needs; the current state is computed again when it needs more. */
        public void needs(Needs newNeeds) {
            Needs old = needs;
            needs = newNeeds;
            if (!newNeeds.equals(old)) {
                refresh();
            }
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Subscribes a view (or a test, a benchmark); it is told about the next state computed. */
    public Subscription subscribe(String name, Needs needs, ExploreListener listener) {
        Subscription s = new Subscription(name, needs, listener);
        subscriptions.add(s);
        return s;
    }

    /**
     * Computes the session's current state again (a subscriber needs more of it), unless the user stopped it: a
     * stopped state stays stopped (a view resizing must not restart a 500-step attack) until the session changes.
     */
    public void refresh() {
        ExploreState now = session.state();
        if (isStopped(now)) {
            return;
        }
        pending.accumulateAndGet(now, (a, b) -> a == null || b.sequence() >= a.sequence() ? b : a);
        if (inputs != null) {
            job.schedule();
            job.wakeUp();
        }
    }

    /** Stops the state being computed (a 500-step attack); its subscribers are told it failed. */
    public void cancel() {
        cancelRequested = true;
    }

    /** The progress of the state being computed, or null when none is (see {@link Work}). */
    public Work work() {
        return computing == null ? null : work;
    }

    /** The target of the last gradient asked of a model (tests check which class a map is for), or null. */
    public GradientTarget lastGradientTarget() {
        return lastGradientTarget;
    }

    /** Whether the user stopped this state (it is not computed again until the session changes). */
    public boolean isStopped(ExploreState state) {
        ExploreState stopped = stoppedState;
        return stopped != null && stopped.sequence() == state.sequence();
    }

    /** The state being computed now, or null. */
    public ExploreState computing() {
        return computing;
    }

    /** Whether a job is the pipeline's own (its progress and cancel are the pipeline's). */
    public boolean isPipelineJob(Job candidate) {
        return candidate == job;
    }

    /** The latest published result of a model, or null. */
    public ModelResult latest(String modelKey) {
        return latest.get(modelKey);
    }

    /** The state whose predictions were last published, or null. */
    public ExploreState lastPublished() {
        return lastPublished;
    }

    /** How many times a model input was computed (each state's inputs are computed once). */
    public int inputsComputed() {
        return inputsComputed.get();
    }

    /** How many states were computed to the end (superseded ones are not). */
    public int statesComputed() {
        return statesComputed.get();
    }

    private void submit(ExploreState state) {
        ExploreState merged = pending.accumulateAndGet(state, (a, b) -> a == null || b.sequence() >= a
                .sequence() ? b : a);
        if (merged != state) {
            return; // an older state arriving late
        }
        ExploreState current = computing;
        if (current != null && current.sequence() < state.sequence()) {
            announce(state); // a long state is under way: views can say that what they show is stale
        }
        if (inputs != null) {
            job.schedule();
            job.wakeUp(); // a job sleeping until a drag settles runs now (scheduling it again would not)
        }
    }

    private IStatus run(IProgressMonitor jobMonitor) {
        ExploreState state;
        while ((state = pending.getAndSet(null)) != null) {
            if (jobMonitor.isCanceled()) {
                return Status.CANCEL_STATUS;
            }
            if (isStopped(state)) {
                continue; // asked for again while it computed (a view resized), but the user stopped it
            }
            computing = state;
            work = new Work("", 0, 0);
            cancelRequested = false;
            try {
                compute(state, jobMonitor);
            } catch (RuntimeException | LinkageError e) {
                ExploreState failed = state;
                // views (and the Error Log, through them) show the reason in words; the trace goes to the log file,
                // as information: a failing scene fails at every step of a drag and is reported once by the views
                ILog.get().log(new Status(IStatus.INFO,
                        "org.perturber.explore", "Explore pipeline: a state failed", e));
                String why = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                        : "an unexpected " + e.getClass().getSimpleName();
                tell(l -> l.failed(failed, why));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } finally {
                computing = null;
                work = null;
            }
        }
        try {
            settle();
        } catch (RuntimeException | LinkageError e) {
            ILog.get().error("Explore pipeline: the settled state's gradients and frames failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Status.OK_STATUS;
    }

    /** Whether the state should stop: a newer one is waiting (latest-wins) or the user cancelled it. */
    private boolean superseded(ExploreState state) {
        ExploreState next = pending.get();
        return next != null && next.sequence() > state.sequence();
    }

    private void compute(ExploreState state, IProgressMonitor jobMonitor) throws InterruptedException {
        List<Subscription> subs = List.copyOf(subscriptions);
        boolean dragging = state.createdAt() - previousCreatedAt < DRAG_MS * 1_000_000;
        long started = System.nanoTime();
        boolean pacedDue = !dragging || started - lastPacedAt >= SECONDARY_MS * 1_000_000;
        if (pacedDue && subs.stream().anyMatch(s -> s.needs().paced())) {
            lastPacedAt = started;
        }
        // paced subscribers' layers ride along only when due: the others' predictions do not wait for the copy
        List<Needs> needs = subs.stream().map(Subscription::needs).filter(n -> pacedDue || !n.paced()).toList();
        boolean pacedSkipped = !pacedDue && subs.stream().anyMatch(s -> s.needs().paced());
        announce(state);
        if (state.scene() == null) {
            return;
        }
        long start = System.nanoTime();
        // an attack checks this monitor between its steps: a newer state or the user's cancel stops it
        IProgressMonitor monitor = new ProgressMonitorWrapper(jobMonitor == null ? new NullProgressMonitor()
                : jobMonitor) {
            @Override
            public boolean isCanceled() {
                return cancelRequested || superseded(state) || super.isCanceled();
            }

            @Override
            public void beginTask(String name, int totalWork) {
                work = new Work(name, 0, totalWork == UNKNOWN ? 0 : totalWork);
                super.beginTask(name, totalWork);
            }

            @Override
            public void setTaskName(String name) {
                Work w = work;
                work = new Work(name, w == null ? 0 : w.done(), w == null ? 0 : w.total());
                super.setTaskName(name);
            }

            @Override
            public void internalWorked(double amount) {
                Work w = work;
                if (w != null) {
                    work = new Work(w.task(), w.done() + (int) Math.round(amount), w.total());
                }
                super.internalWorked(amount);
            }

            @Override
            public void worked(int amount) {
                internalWorked(amount);
            }
        };
        InputPipeline.State in = inputs.state(state.scene(), state.stack());
        List<ModelResult> results = new ArrayList<>();
        if (!state.models().isEmpty()) {
            int topK = Math.max(1, needs.stream().mapToInt(Needs::topK).max().orElse(1));
            Map<String, RgbImage> images = new HashMap<>();
            Map<String, List<String>> skipped = new HashMap<>();
            LoadedModel attacker = state.models().stream().filter(m -> m.key().equals(state.attackSource()))
                    .findFirst().orElse(null);
            RgbImage transferred = null;
            Inputs cached = lastInputs;
            if (cached != null && cached.state().sameInputs(state)) {
                // the same pixels asked for again (a view needing more, resized): a 500-step attack is not redone
                images.putAll(cached.images());
                skipped.putAll(cached.skipped());
            } else {
                if (attacker != null && in.modelAware()) {
                    transferred = in.input(attacker, monitor); // the transfer: made against one, shown to all
                    inputsComputed.incrementAndGet();
                }
                for (LoadedModel m : state.models()) {
                    int before = in.problems().size();
                    List<String> problems = new ArrayList<>();
                    if (transferred != null && transferred.width() == m.descriptor().inputWidth()) {
                        images.put(m.key(), transferred);
                    } else {
                        images.put(m.key(), in.input(m, monitor));
                        inputsComputed.incrementAndGet();
                        if (transferred != null) {
                            problems.add("attack made against itself: its input size differs from "
                                    + attacker.descriptor().name() + "'s");
                        }
                    }
                    in.problems().subList(before, in.problems().size()).forEach(p -> problems.add(p.toString()));
                    skipped.put(m.key(), problems);
                    if (monitor.isCanceled()) {
                        stopped(state);
                        return;
                    }
                }
                lastInputs = new Inputs(state, Map.copyOf(images), Map.copyOf(skipped));
            }
            double inputMs = (System.nanoTime() - start) / 1e6;
            long inferStart = System.nanoTime();
            // every model's forward pass at once (each model has its own worker); the first on this thread
            Map<String, CompletableFuture<InferenceResult>> futures = new HashMap<>();
            for (int i = 1; i < state.models().size(); i++) {
                LoadedModel m = state.models().get(i);
                futures.put(m.key(), inference.submit(m, images.get(m.key()), request(topK, needs, m)));
            }
            LoadedModel first = state.models().get(0);
            Map<String, Object> outcomes = new HashMap<>();
            outcomes.put(first.key(), outcome(() -> inference.infer(first, images.get(first.key()), request(topK,
                    needs, first))));
            for (Map.Entry<String, CompletableFuture<InferenceResult>> f : futures.entrySet()) {
                outcomes.put(f.getKey(), outcome(() -> f.getValue().get()));
            }
            double inferenceMs = (System.nanoTime() - inferStart) / 1e6;
            for (LoadedModel m : state.models()) {
                Object o = outcomes.get(m.key());
                InferenceResult r = o instanceof InferenceResult ir ? ir : null;
                InferenceResult baseline = r == null ? null : baseline(state, in, m, r, topK);
                results.add(new ModelResult(state, m, images.get(m.key()), r, baseline, skipped.get(m.key()),
                        new ModelResult.Timings(inputMs, inferenceMs, (System.nanoTime() - state.createdAt())
                                / 1e6), r == null ? String.valueOf(o) : null));
            }
            // published even when a newer state waits: states are computed in order, so this is the newest result
            results.forEach(r -> latest.put(r.model().key(), r));
            lastPublished = state;
            List<ModelResult> published = List.copyOf(results);
            tell(l -> l.predictions(state, published));
        }
        // secondary work (gradients, frames): during a drag it would hold up the next state's predictions, so
        // gradients come at most every SECONDARY_MS and frames not at all; both follow once the drag settles
        long now = System.nanoTime();
        previousCreatedAt = state.createdAt();
        statesComputed.incrementAndGet();
        if (dragging || superseded(state)) {
            if (!superseded(state) && now - lastSecondaryAt >= SECONDARY_MS * 1_000_000) {
                lastSecondaryAt = now;
                gradients(state, subs, results, in);
            }
            deferred = new Deferred(state, results, in, pacedSkipped);
            job.schedule(DRAG_MS);
            return;
        }
        deferred = null;
        lastSecondaryAt = now;
        gradients(state, subs, results, in);
        frames(state, subs, in);
    }

    /** The models' inputs of the last state computed to the end (job thread). */
    private record Inputs(ExploreState state, Map<String, RgbImage> images, Map<String, List<String>> skipped) {
    }

    /** A state's secondary work left for when the drag settles. */
    private record Deferred(ExploreState state, List<ModelResult> results, InputPipeline.State in,
            boolean pacedSkipped) {
    }

    /** Job thread: the last state's gradients and frames, once no state has come for {@link #DRAG_MS}. */
    private void settle() throws InterruptedException {
        Deferred d = deferred;
        if (d == null || pending.get() != null) {
            return;
        }
        long quiet = System.nanoTime() - d.state().createdAt();
        if (quiet < DRAG_MS * 1_000_000) {
            job.schedule(Math.max(1, DRAG_MS - quiet / 1_000_000));
            return;
        }
        deferred = null;
        List<Subscription> subs = List.copyOf(subscriptions);
        lastSecondaryAt = System.nanoTime();
        if (d.pacedSkipped()) {
            pacedCatchUp(d, subs);
        }
        gradients(d.state(), subs, d.results(), d.in());
        frames(d.state(), subs, d.in());
    }

    /**
     * The drag's last state went without the paced subscribers' layers: one more forward pass per model with them,
     * told to those subscribers only, so that every view ends on the state the drag ended on.
     */
    private void pacedCatchUp(Deferred d, List<Subscription> subs) throws InterruptedException {
        List<Subscription> paced = subs.stream().filter(s -> s.needs().paced()).toList();
        List<Needs> needs = paced.stream().map(Subscription::needs).toList();
        List<ModelResult> results = new ArrayList<>();
        for (ModelResult r : d.results()) {
            InferenceRequest request = request(1, needs, r.model());
            if (!r.ok() || request.activationLayers().isEmpty()) {
                results.add(r);
                continue;
            }
            Object o = outcome(() -> inference.infer(r.model(), r.input(), request));
            results.add(o instanceof InferenceResult ir ? new ModelResult(r.state(), r.model(), r.input(), ir, r
                    .baseline(), r.skipped(), r.timings(), null) : r);
        }
        List<ModelResult> published = List.copyOf(results);
        paced.forEach(s -> guard(s, l -> l.predictions(d.state(), published)));
    }

    private void stopped(ExploreState state) {
        if (cancelRequested) {
            stoppedState = state;
            tell(l -> l.failed(state, CANCELLED));
        }
    }

    private interface Call {
        InferenceResult get() throws Exception;
    }

    /** The result, or the reason it failed (a String). */
    private static Object outcome(Call call) throws InterruptedException {
        try {
            return call.get();
        } catch (InterruptedException e) {
            throw e;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e.toString() : e.getCause().getMessage();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static InferenceRequest request(int topK, List<Needs> needs, LoadedModel m) {
        Set<String> layers = new LinkedHashSet<>(Needs.layers(needs, m.key()));
        layers.retainAll(m.descriptor().layers().stream().map(l -> l.id()).toList());
        return InferenceRequest.predictions(topK).withActivations(layers);
    }

    /**
     * The model's predictions for the unperturbed scene, which changes are measured against: the state's own
     * result when no perturbation is enabled, otherwise computed once per scene and model.
     */
    private InferenceResult baseline(ExploreState state, InputPipeline.State in, LoadedModel m, InferenceResult now,
            int topK) throws InterruptedException {
        if (state.stack().entries().stream().noneMatch(e -> e.enabled())) {
            return now;
        }
        Map.Entry<Scene, InferenceResult> cached = baselines.get(m.key());
        if (cached != null && cached.getKey().equals(state.scene()) && cached.getValue().top().size() >= topK) {
            return cached.getValue();
        }
        Object b = outcome(() -> inference.infer(m, in.baseline(m.descriptor().inputWidth()), InferenceRequest
                .predictions(topK)));
        if (b instanceof InferenceResult r) {
            baselines.put(m.key(), Map.entry(state.scene(), r));
            return r;
        }
        return null;
    }

    private void gradients(ExploreState state, List<Subscription> subs, List<ModelResult> results,
            InputPipeline.State in) throws InterruptedException {
        for (Subscription s : subs) {
            for (Needs.Gradient g : s.needs().gradients()) {
                ModelResult mr = results.stream().filter(r -> r.model().key().equals(g.modelKey())).findFirst()
                        .orElse(null);
                if (mr == null || !mr.ok()) {
                    continue;
                }
                String cannot = mr.model().descriptor().cannotAnswer(InferenceRequest.predictions(1).withGradient(
                        GradientTarget.classScore(0)).withGradientLayers(g.gradientLayers()));
                if (cannot != null) {
                    guard(s, l -> l.gradientFailed(state, g, cannot));
                    continue;
                }
                int cls = g.classFor(mr.result().best().index());
                if (cls < 0 || cls >= mr.model().descriptor().labels().size()) {
                    guard(s, l -> l.gradientFailed(state, g, "class " + cls + " is not one of "
                            + mr.model().descriptor().name() + "'s " + mr.model().descriptor().labels().size()
                            + " classes"));
                    continue;
                }
                GradientTarget target = g.kind() == GradientTarget.Kind.LOSS ? GradientTarget.loss(cls)
                        : GradientTarget.classScore(cls);
                lastGradientTarget = target;
                Object o = outcome(() -> inference.infer(mr.model(), mr.input(), InferenceRequest.predictions(1)
                        .withActivations(g.activationLayers()).withGradient(target).withGradientLayers(g
                                .gradientLayers())));
                if (o instanceof InferenceResult r) {
                    guard(s, l -> l.gradient(state, g, mr, r));
                } else {
                    guard(s, l -> l.gradientFailed(state, g, String.valueOf(o)));
                }
            }
        }
    }

    private void frames(ExploreState state, List<Subscription> subs, InputPipeline.State in) {
        for (Subscription s : subs) {
            Needs n = s.needs();
            if (n.sceneWidth() > 0 && n.sceneHeight() > 0) {
                long t = System.nanoTime();
                RgbImage frame = in.image(n.sceneWidth(), n.sceneHeight());
                double ms = (System.nanoTime() - t) / 1e6;
                List<String> skipped = in.problems().stream().map(StackApplier.Problem::toString).distinct().toList();
                guard(s, l -> l.sceneFrame(state, frame, skipped, ms));
            }
        }
    }

    private void tell(Consumer<ExploreListener> call) {
        for (Subscription s : subscriptions) {
            guard(s, call);
        }
    }

    private static void guard(Subscription s, Consumer<ExploreListener> call) {
        try {
            call.accept(s.listener);
        } catch (RuntimeException | LinkageError e) {
            // one subscriber's bug must not stop the others; it is reported in the log
            ILog.get().error("Explore subscriber " + s + " failed", e);
        }
    }

    /** Tells subscribers a state is being computed, once per state. */
    private void announce(ExploreState state) {
        long before = announced.getAndAccumulate(state.sequence(), Math::max);
        if (before < state.sequence()) {
            tell(l -> l.computing(state));
        }
    }

    @Override
    public void close() {
        session.removeListener(sessionListener);
        subscriptions.clear();
        job.cancel();
    }
}
