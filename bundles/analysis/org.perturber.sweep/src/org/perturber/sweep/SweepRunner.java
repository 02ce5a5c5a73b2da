package org.perturber.sweep;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Activation;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Scene;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;
import org.perturber.core.render.SceneRenderer;

/**
 * Runs a sweep: samples in chunks; each chunk is rendered and perturbed, then sent to the shared inference service
 * as one batch per model, and while those batches run the next chunk is rendered. Rows go to the results file
 * chunk by chunk, so a killed run resumes at its first unfinished chunk. A perturbation that fails on some sample is
 * reported once (each distinct problem, with its bundle) and skipped (the sample is still measured), as in the
 * workbench; a model whose backend fails on a batch is reported once and its rows of that chunk are left without a
 * prediction. Either way the row says what was skipped in its {@value #SKIPPED} column (empty when nothing was), so
 * the CSV shows which rows lack which entry. The {@code "flip-search"} design runs its own way, in
 * {@code FlipSweepRunner}, after the same checks.
 */
public final class SweepRunner {
    /** Samples per chunk: the unit of batching, checkpointing and progress. */
    public static final int CHUNK = 32;
    /** Pixels of the render that checks each mesh loads: any size loads the whole mesh, so the smallest. */
    private static final int MESH_CHECK_SIZE = 8;
    /** The last column of samples.csv: what was skipped for the row ("" when nothing was), see {@link #skipped}. */
    public static final String SKIPPED = "skipped";
    /** Between the skipped things of one row. */
    public static final String SKIPPED_SEPARATOR = "; ";

    /** Where a run stands. */
    public record Progress(int done, int total, double samplesPerSecond, double secondsLeft) {
        @Override
        public String toString() {
            long left = Math.round(secondsLeft);
            return String.format(Locale.ROOT, "%d/%d samples (%.0f%%), %.1f samples/s, %d:%02d left", done, total,
                    100.0 * done / Math.max(1, total), samplesPerSecond, left / 60, left % 60);
        }
    }

    /**
     * One result row as values, for live plots: the point's factor values, the metric values (NaN: empty) and the
     * model's whole result.
     */
    public record Row(SweepPlan.Sample sample, String model, double[] metrics, InferenceResult result,
            String skipped) {
    }

    /** What the runner tells its caller. */
    public interface Listener {
        void progress(Progress progress);

        default void rows(List<Row> rows) {
        }

        default void problem(String message) {
        }
    }

    private final SweepSpec spec;
    private final SweepPlan plan;
    private final BuiltinObjects objects;
    private final InferenceService inference;
    /** Scene stage, render (reused while only image perturbations change), image stage, attacks. */
    private InputPipeline inputs;
    /** Problems met and not yet reported: "distinct key" to the line that says it. */
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final Set<String> reported = new LinkedHashSet<>();
    private final ContributionRegistry registry;
    private final SceneRenderer renderer;
    private List<LoadedModel> models;
    private boolean prepared;
    /** The flip-search design's own runner (after {@link #prepare}), else null. */
    private FlipSweepRunner flip;
    /** The spec's model ids, in the order of {@link #models}. */
    private final List<String> ids;
    private Map<String, Integer> baselines;

    public SweepRunner(SweepSpec spec, ContributionRegistry registry, SceneRenderer renderer, BuiltinObjects objects,
            InferenceService inference) {
        this.spec = spec;
        this.plan = new SweepPlan(spec);
        this.registry = registry;
        this.objects = objects;
        this.inference = inference;
        this.renderer = renderer;
        this.inputs = new InputPipeline(registry, renderer, inference);
        this.ids = spec.models().stream().map(SweepSpec.SweepModel::id).toList();
    }

    public SweepPlan plan() {
        return plan;
    }

    /**
     * The CSV header: sample identity, the factors, the model, its prediction and the metrics; for a flip search,
     * object, view, model, parameter and direction, then what the search found.
     */
    public List<String> header() {
        if (flipSearch()) {
            return FlipSweepRunner.header();
        }
        List<String> h = new ArrayList<>(List.of("sample", "point", "object", "view"));
        h.addAll(plan.pointColumns());
        h.add("model");
        h.add("predicted");
        spec.metrics().forEach(m -> h.add(m.column()));
        h.add(SKIPPED);
        return h;
    }

    /**
     * The skipped column's text for a row: each problem's entry (1-based), perturbation, bundle and kind, in entry
     * order, without the details that vary between calls (such as counts), so that a resumed run writes the same
     * bytes. A call abandoned at its time budget and one not made because its abandoned call still ran both say
     * "time budget".
     */
    public static String skipped(List<StackApplier.Problem> problems) {
        List<String> parts = new ArrayList<>();
        for (StackApplier.Problem p : problems) {
            String part = "entry " + (p.entry() + 1) + " " + p.perturbation() + (p.bundle().isEmpty() ? "" : " ("
                    + p.bundle() + ")") + ": " + switch (p.cause()) {
                    case NOT_INSTALLED -> "not installed";
                    case BROKEN -> "broken";
                    case THREW -> "threw";
                    case WRONG_SIZE -> "wrong size";
                    case NOT_FINITE -> "NaN or infinite values";
                    case OUT_OF_RANGE -> "values out of range";
                    case TIME_BUDGET, STILL_RUNNING -> "time budget";
                    case INTERRUPTED -> "interrupted";
                    };
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        return String.join(SKIPPED_SEPARATOR, parts);
    }

    /**
     * Runs (or resumes) the sweep into its output folder and writes the summary at the end.
     *
     * @return the summary, or null when cancelled (the finished chunks are kept for a resume)
     */
    public Summary run(boolean fresh, BooleanSupplier cancelled, Listener listener) throws IOException,
            SweepSpecException, InterruptedException {
        prepare();
        if (flip != null) {
            return flip.run(fresh, cancelled, listener);
        }
        reportMissing(listener);
        int total = plan.size();
        int chunks = chunks();
        try (SweepResults results = open(fresh)) {
            int first = results.completedChunks();
            long start = System.nanoTime();
            int startDone = Math.min(total, first * CHUNK);
            listener.progress(new Progress(startDone, total, 0, Double.NaN));
            if (first < chunks) {
                baselines();
                Prepared next = prepare(first);
                for (int c = first; c < chunks; c++) {
                    if (cancelled.getAsBoolean()) {
                        return null;
                    }
                    Submitted running = submit(next);
                    next = c + 1 < chunks ? prepare(c + 1) : null; // renders while the models run
                    List<Row> rows = collect(running);
                    results.append(rows.stream().map(this::csv).toList());
                    listener.rows(rows);
                    reportProblems(listener);
                    int done = Math.min(total, (c + 1) * CHUNK);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double rate = (done - startDone) / Math.max(1e-9, seconds);
                    listener.progress(new Progress(done, total, rate, (total - done) / Math.max(1e-9, rate)));
                }
            }
        }
        return finish();
    }

    /**
     * Renders through {@code other}'s input pipeline, and its cache, instead of this runner's own: runners of the
     * same sweep in one JVM (a cluster executor's concurrent tasks) then render each object and view once, not once
     * each. Before {@link #prepare}.
     */
    public synchronized void shareRenders(SweepRunner other) {
        if (prepared) {
            throw new IllegalStateException("renders are shared before prepare()");
        }
        inputs = other.inputs;
    }

    /**
     * Loads the models and checks the spec against them (layers, gradients, meshes): what every run does before
     * its first sample, locally or on a cluster's executor. Once is enough; later calls return at once.
     */
    public synchronized void prepare() throws SweepSpecException, InterruptedException {
        if (prepared) {
            return;
        }
        models = load();
        checkMetrics();
        checkGradients();
        checkMeshes();
        if (flipSearch()) {
            flip = new FlipSweepRunner(this, spec, registry, inputs, inference, models, ids);
        }
        prepared = true;
    }

    /** A corruption suite's corruptions that did not load: one line each, and the others go on without them. */
    public void reportMissing(Listener listener) {
        SweepSpec.Suite suite = spec.design().suite();
        if (suite != null) {
            suite.missing().forEach(m -> listener.problem(m.problem()));
        }
    }

    /** Chunks of the plan (after {@link #prepare}): the unit of batching, checkpointing and distribution. */
    public int chunks() {
        return flip != null ? plan.size() : (plan.size() + CHUNK - 1) / CHUNK;
    }

    /** Samples in a chunk: {@value #CHUNK} but in the last, one in a flip search (an object and view). */
    public int samplesIn(int chunk) {
        return flip != null ? 1 : Math.min(plan.size(), (chunk + 1) * CHUNK) - chunk * CHUNK;
    }

    /** Rows a chunk writes (after {@link #prepare}); the last chunk may write fewer. */
    public int rowsPerChunk() {
        return flip != null ? flip.rowsPerChunk() : CHUNK * models.size();
    }

    /** Opens the output folder for this sweep's rows (after {@link #prepare}): fresh, or resuming. */
    public SweepResults open(boolean fresh) throws IOException, SweepSpecException {
        return SweepResults.open(spec, header(), rowsPerChunk(), fresh);
    }

    /**
     * One chunk on its own, as samples.csv's rows (after {@link #prepare}): rendered, perturbed and sent as one
     * batch per model, exactly the batches {@link #run} sends, so that the rows are the same bytes. Problems go to
     * the listener; {@link Listener#rows} is called for sampled designs. What an executor of a distributed sweep
     * runs; one thread at a time per runner.
     *
     * @return the rows, or null when cancelled
     */
    public List<List<String>> chunk(int chunk, BooleanSupplier cancelled, Listener listener)
            throws InterruptedException, SweepSpecException {
        if (chunk < 0 || chunk >= chunks()) {
            throw new IllegalArgumentException("chunk " + chunk + " of " + chunks());
        }
        if (flip != null) {
            return flip.chunk(chunk, cancelled, listener);
        }
        baselines();
        List<Row> rows = collect(submit(prepare(chunk)));
        listener.rows(rows);
        reportProblems(listener);
        return rows.stream().map(this::csv).toList();
    }

    /** Writes summary.csv (and a suite's corruption errors) from samples.csv, once every chunk is in it. */
    public Summary finish() throws IOException {
        Summary summary = Summary.of(spec);
        summary.write(spec.output().resolve(Summary.FILE), spec.metrics());
        if (summary.corruptionErrors() != null) {
            summary.corruptionErrors().write(spec.output());
        }
        return summary;
    }

    private List<LoadedModel> load() throws SweepSpecException, InterruptedException {
        List<LoadedModel> loaded = new ArrayList<>();
        for (SweepSpec.SweepModel m : spec.models()) {
            LoadedModel already = inference.models().stream().filter(l -> l.location().toAbsolutePath().normalize()
                    .equals(m.directory().toAbsolutePath().normalize())).findFirst().orElse(null);
            if (already != null) {
                loaded.add(already);
                continue;
            }
            try {
                loaded.add(inference.load(m.directory()).get());
            } catch (ExecutionException e) {
                throw new SweepSpecException(spec.name(), 0, "model " + m.id() + " did not load: " + e.getCause()
                        .getMessage());
            }
        }
        return loaded;
    }

    private void checkMetrics() throws SweepSpecException {
        for (Metric m : spec.metrics()) {
            if (m.kind() != Metric.Kind.ACTIVATION) {
                continue;
            }
            for (LoadedModel model : models) {
                if (model.descriptor().layers().stream().noneMatch(l -> l.id().equals(m.layer()))) {
                    throw new SweepSpecException(spec.name(), 0, "model " + model.descriptor().id()
                            + " exposes no layer '" + m.layer() + "' (metric " + m.column() + "); it exposes "
                            + model.descriptor().layers().stream().map(l -> l.id()).toList());
                }
            }
        }
    }

    /** Attacks need input gradients: a model that cannot compute them stops the sweep before it starts. */
    private void checkGradients() throws SweepSpecException {
        Set<String> used = new LinkedHashSet<>();
        spec.stack().entries().stream().filter(e -> e.enabled()).forEach(e -> used.add(e.perturbation()));
        spec.factors().forEach(f -> used.add(f.perturbation()));
        if (spec.design().suite() != null) {
            spec.design().suite().corruptions().forEach(c -> used.add(c.perturbation()));
        }
        for (String id : used) {
            boolean attack = registry.perturbation(id).flatMap(c -> c.instance()).map(Perturbation::stage).orElse(
                    Stage.SCENE) == Stage.MODEL_AWARE;
            for (LoadedModel model : attack ? models : List.<LoadedModel>of()) {
                if (!model.descriptor().can(ModelCapability.INPUT_GRADIENTS)) {
                    throw new SweepSpecException(spec.name(), 0, model.descriptor().cannot(ModelCapability
                            .INPUT_GRADIENTS) + ", which '" + id + "' needs");
                }
            }
        }
    }

    private Set<String> activationLayers() {
        Set<String> layers = new LinkedHashSet<>();
        spec.metrics().stream().filter(m -> m.kind() == Metric.Kind.ACTIVATION).forEach(m -> layers.add(m.layer()));
        return layers;
    }

    /**
     * The scene of an object and view before any perturbation: the spec's own scene with its camera turned by the
     * view (view 0 is that scene exactly), or else the standard scene around the object.
     */
    /**
     * Loads every object's mesh once (a tiny render of its first view) before the first sample, so that a broken
     * mesh file stops the sweep before anything is written, with every broken object named.
     */
    private void checkMeshes() throws SweepSpecException {
        List<String> broken = new ArrayList<>();
        int count = spec.scene() != null ? 1 : spec.objects().size();
        for (int o = 0; o < count; o++) {
            try {
                renderer.render(baseScene(o, 0), MESH_CHECK_SIZE, MESH_CHECK_SIZE);
            } catch (RuntimeException e) {
                SweepSpec.SweepObject object = spec.objects().get(o);
                broken.add("object '" + object.name() + "' (" + object.mesh().id() + "): cannot be loaded: " + (e.getMessage() == null ? "no reason given"
                        : e.getMessage()));
            }
        }
        if (!broken.isEmpty()) {
            throw new SweepSpecException(broken);
        }
    }

    public Scene baseScene(int object, int view) {
        double turn = 360.0 * view / spec.views();
        Scene scene = spec.scene();
        if (scene != null) {
            Camera c = scene.camera();
            return view == 0 ? scene : scene.withCamera(c.withOrbit(c.azimuthDegrees() + turn, c
                    .elevationDegrees(), c.distance()));
        }
        SweepSpec.SweepObject o = spec.objects().get(object);
        return BuiltinScenes.standard(objects, o.mesh(), o.name(), turn);
    }

    private RgbImage render(Scene scene, int size) {
        return inputs.render(scene, size, size);
    }

    /**
     * Top-1 class of each model for each object and view without perturbations, for the flip metric: computed
     * once, before the first chunk that needs it.
     */
    private void baselines() throws InterruptedException, SweepSpecException {
        if (baselines == null && spec.metrics().stream().anyMatch(m -> m.kind() == Metric.Kind.FLIP)) {
            baselines = computeBaselines();
        }
    }

    private Map<String, Integer> computeBaselines() throws InterruptedException, SweepSpecException {
        Map<String, Integer> best = new HashMap<>();
        for (LoadedModel m : models) {
            List<RgbImage> images = new ArrayList<>();
            for (int o = 0; o < spec.objects().size(); o++) {
                for (int v = 0; v < spec.views(); v++) {
                    images.add(render(baseScene(o, v), m.descriptor().inputWidth()));
                }
            }
            List<InferenceResult> results = await(inference.submitBatch(m, images, InferenceRequest.predictions(1)));
            int i = 0;
            for (int o = 0; o < spec.objects().size(); o++) {
                for (int v = 0; v < spec.views(); v++) {
                    best.put(m.key() + "|" + o + "|" + v, results.get(i++).best().index());
                }
            }
        }
        return best;
    }

    /** A chunk's inputs and, per model and sample, what was skipped making them. */
    private record Prepared(List<SweepPlan.Sample> samples, Map<LoadedModel, List<RgbImage>> images,
            Map<LoadedModel, List<String>> skipped) {
    }

    private record Submitted(Prepared prepared, Map<LoadedModel, CompletableFuture<List<InferenceResult>>> futures) {
    }

    private Prepared prepare(int chunk) {
        List<SweepPlan.Sample> samples = new ArrayList<>();
        Map<LoadedModel, List<RgbImage>> images = new LinkedHashMap<>();
        Map<LoadedModel, List<String>> skipped = new LinkedHashMap<>();
        models.forEach(m -> images.put(m, new ArrayList<>()));
        models.forEach(m -> skipped.put(m, new ArrayList<>()));
        for (int i = chunk * CHUNK; i < Math.min(plan.size(), (chunk + 1) * CHUNK); i++) {
            SweepPlan.Sample s = plan.sample(i);
            samples.add(s);
            // the same stages, in the same code, as the workbench's live view of this state
            InputPipeline.State state = inputs.state(baseScene(s.object(), s.view()), plan.stackFor(s.point()));
            for (LoadedModel m : models) {
                images.get(m).add(state.input(m, null));
                skipped.get(m).add(skipped(state.problems(m)));
            }
            state.problems().forEach(p -> problems.putIfAbsent(p.key(), p.toString()));
        }
        return new Prepared(samples, images, skipped);
    }

    private Submitted submit(Prepared p) {
        Map<LoadedModel, CompletableFuture<List<InferenceResult>>> futures = new LinkedHashMap<>();
        InferenceRequest request = InferenceRequest.predictions(5).withActivations(activationLayers());
        for (LoadedModel m : models) {
            futures.put(m, inference.submitBatch(m, p.images().get(m), request));
        }
        return new Submitted(p, futures);
    }

    private List<Row> collect(Submitted s) throws InterruptedException, SweepSpecException {
        List<Row> rows = new ArrayList<>();
        Map<LoadedModel, List<InferenceResult>> results = new LinkedHashMap<>();
        Map<LoadedModel, String> failed = new LinkedHashMap<>();
        for (LoadedModel m : models) {
            try {
                results.put(m, s.futures().get(m).get());
            } catch (ExecutionException e) {
                // its backend failed on this batch (reported with its bundle): the other models go on, and so
                // does the sweep; this model's rows of the chunk get no prediction
                String why = e.getCause() == null || e.getCause().getMessage() == null ? String.valueOf(e
                        .getCause()) : e.getCause().getMessage();
                problems.putIfAbsent("model|" + id(m), "model " + id(m) + ": " + why.strip().lines().findFirst()
                        .orElse("") + " (its rows are left without a prediction)");
                failed.put(m, "model " + id(m) + " (backend " + m.backend() + "): failed");
            }
        }
        for (int i = 0; i < s.prepared().samples().size(); i++) {
            SweepPlan.Sample sample = s.prepared().samples().get(i);
            for (LoadedModel m : models) {
                String skipped = s.prepared().skipped().get(m).get(i);
                if (failed.containsKey(m)) {
                    double[] none = new double[spec.metrics().size() + 1];
                    java.util.Arrays.fill(none, Double.NaN);
                    rows.add(new Row(sample, id(m), none, null, skipped.isEmpty() ? failed.get(m) : skipped
                            + SKIPPED_SEPARATOR + failed.get(m)));
                    continue;
                }
                InferenceResult r = results.get(m).get(i);
                rows.add(new Row(sample, id(m), metrics(sample, m, r), r, skipped));
            }
        }
        return rows;
    }

    private double[] metrics(SweepPlan.Sample sample, LoadedModel m, InferenceResult r) {
        List<String> labels = m.descriptor().labels();
        int truth = labels.indexOf(spec.objects().get(sample.object()).label());
        double[] v = new double[spec.metrics().size() + 1];
        v[0] = r.best().index();
        for (int k = 0; k < spec.metrics().size(); k++) {
            Metric metric = spec.metrics().get(k);
            v[k + 1] = switch (metric.kind()) {
            case TOP1 -> truth < 0 ? Double.NaN : r.best().index() == truth ? 1 : 0;
            case TRUE_CLASS_PROBABILITY -> truth < 0 ? Double.NaN : r.probabilities()[truth];
            case TOP5 -> truth < 0 ? Double.NaN : r.top().stream().limit(5).map(ClassScore::index).anyMatch(
                    c -> c == truth) ? 1 : 0;
            case FLIP -> r.best().index() == baselines.get(m.key() + "|" + sample.object() + "|" + sample.view()) ? 0
                    : 1;
            case ACTIVATION -> channelMean(r.activations().get(metric.layer()), metric.channel());
            };
        }
        return v;
    }

    private static double channelMean(Activation a, int channel) {
        return a == null || channel < 0 || channel >= a.channels() ? Double.NaN : a.channelMean(channel);
    }

    private List<String> csv(Row row) {
        SweepPlan.Sample s = row.sample();
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(s.index()));
        cells.add(Integer.toString(s.point().index()));
        cells.add(spec.objects().get(s.object()).name());
        cells.add(Integer.toString(s.view()));
        for (Object v : s.point().values()) {
            cells.add(v == null ? "" : format(v));
        }
        cells.add(row.model());
        LoadedModel model = models.get(ids.indexOf(row.model()));
        cells.add(Double.isNaN(row.metrics()[0]) ? "" : model.descriptor().labels().get((int) row.metrics()[0]));
        for (int k = 1; k < row.metrics().length; k++) {
            cells.add(Double.isNaN(row.metrics()[k]) ? "" : format(row.metrics()[k]));
        }
        cells.add(row.skipped());
        return cells;
    }

    /** Numbers with at most six decimals and no trailing zeros ("-20", "0.125"), the same on every machine. */
    public static String format(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return new BigDecimal(String.format(Locale.ROOT, "%.6f", d)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private <T> T await(CompletableFuture<T> f) throws InterruptedException, SweepSpecException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new SweepSpecException(spec.name(), 0, "inference failed: " + e.getCause().getMessage());
        }
    }

    /** Each distinct problem once (the same entry, bundle and kind of problem on other samples is not repeated). */
    private void reportProblems(Listener listener) {
        problems.forEach((key, line) -> {
            if (reported.add(key)) {
                listener.problem(line);
            }
        });
        problems.clear();
    }

    /** The spec's name for a loaded model (the service's keys differ when a model is loaded twice). */
    private String id(LoadedModel m) {
        return ids.get(models.indexOf(m));
    }


    /**
     * Whether the spec's design is a flip search: its rows are flip points (see {@code FlipSweepRunner}), one chunk
     * per object and view, and {@link Listener#rows} is not called.
     */
    public boolean flipSearch() {
        return spec.design().type() == SweepSpec.Design.Type.FLIP_SEARCH;
    }

    /** The models the sweep ran on, as loaded (after {@link #run}). */
    public List<LoadedModel> models() {
        return models;
    }
}
