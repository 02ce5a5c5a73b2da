package org.perturber.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSearch;
import org.perturber.flipsearch.FlipSettings;

/**
 * The {@code "flip-search"} design: for every object and view, {@link FlipSearch} over the spec's factors (each
 * searched within its from/to, from the base stack's value) for every model at once; one row per object, view,
 * model, parameter and direction. A chunk is one object and view (every model, parameter and direction: a fixed
 * number of rows), written and forced to disk before the next starts, so a killed run resumes at its first
 * unfinished object and view and, the search being deterministic, ends with the same bytes. Started by
 * {@link SweepRunner#run} once the models are loaded and the meshes checked.
 */
final class FlipSweepRunner {
    /** The outcome column's words, by {@link FlipPoint.Outcome}. */
    static final String FLIP = "flip";
    static final String NONE = "none within range";
    static final String AT_LIMIT = "at limit";
    static final String FAILED = "failed";

    private final SweepRunner sweep;
    private final SweepSpec spec;
    private final List<LoadedModel> models;
    private final List<String> ids;
    private final FlipSearch search;
    /** The searched parameters, one per factor, starting at the base stack's values. */
    private final List<FlipParameter> parameters;
    /** Problems already told to a listener: each once. */
    private final Set<String> reported = new LinkedHashSet<>();

    FlipSweepRunner(SweepRunner sweep, SweepSpec spec, ContributionRegistry registry, InputPipeline inputs,
            InferenceService inference, List<LoadedModel> models, List<String> ids) throws SweepSpecException {
        this.sweep = sweep;
        this.spec = spec;
        this.models = models;
        this.ids = ids;
        this.search = new FlipSearch(inputs, inference, new FlipSettings(spec.design().scanPoints(), spec.design()
                .tolerance(), FlipSettings.DEFAULT.jointEvaluations(), spec.seed()));
        this.parameters = parameters(spec, registry);
    }

    /** The CSV header of a flip-search sweep. */
    static List<String> header() {
        return List.of("sample", "object", "view", "model", "parameter", "direction", "from", "to", "start",
                "original", "outcome", "value", "inside", "distance", "predicted", "probability", "passes", "problem");
    }

    /**
     * Each factor as a searched parameter: on the stack's last entry of its perturbation (the one the sweep's
     * factors set), or added at its defaults, within the factor's from/to.
     */
    static List<FlipParameter> parameters(SweepSpec spec, ContributionRegistry registry) throws SweepSpecException {
        List<FlipParameter> out = new ArrayList<>();
        PerturbationStack stack = spec.stack();
        for (SweepSpec.Factor f : spec.factors()) {
            Contribution<Perturbation> c = registry.perturbation(f.perturbation()).orElse(null);
            Perturbation p = c == null ? null : c.instance().orElse(null);
            ParameterDescriptor d = p == null ? null : p.parameters().stream().filter(x -> x.id().equals(f
                    .parameter())).findFirst().orElse(null);
            if (d == null) {
                throw new SweepSpecException(spec.name(), 0, "perturbation " + f.perturbation() + " or its parameter "
                        + f.parameter() + " is not available");
            }
            int entry = -1;
            for (int e = 0; e < stack.entries().size(); e++) {
                if (stack.entries().get(e).perturbation().equals(f.perturbation())) {
                    entry = e;
                }
            }
            StackEntry values = entry < 0 ? StackEntry.of(f.perturbation()) : stack.entries().get(entry);
            FlipParameter searched = FlipParameter.of(c, d, entry, values.values().get(f.parameter()));
            if (searched == null || searched.current() < f.from() || searched.current() > f.to()) {
                throw new SweepSpecException(spec.name(), 0, f.column() + " cannot be searched within [" + SweepRunner
                        .format(f.from()) + ", " + SweepRunner.format(f.to()) + "] from " + (searched == null
                                ? "its value" : SweepRunner.format(searched.current())));
            }
            out.add(searched.withRange(f.from(), f.to()));
        }
        return out;
    }

    /** Rows one object and view writes. */
    int rowsPerChunk() {
        return models.size() * parameters.size() * FlipParameter.Direction.values().length;
    }

    Summary run(boolean fresh, BooleanSupplier cancelled, SweepRunner.Listener listener) throws IOException,
            SweepSpecException, InterruptedException {
        int total = sweep.plan().size();
        try (SweepResults results = SweepResults.open(spec, header(), rowsPerChunk(), fresh)) {
            int first = results.completedChunks();
            long start = System.nanoTime();
            listener.progress(new SweepRunner.Progress(Math.min(first, total), total, 0, Double.NaN));
            for (int c = first; c < total; c++) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                List<List<String>> rows = chunk(c, cancelled, listener);
                if (rows == null) {
                    return null;
                }
                results.append(rows);
                int done = c + 1;
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = (done - first) / Math.max(1e-9, seconds);
                listener.progress(new SweepRunner.Progress(done, total, rate, (total - done) / Math.max(1e-9, rate)));
            }
        }
        return sweep.finish();
    }

    /** One object and view (sample {@code c}): every model's rows, or null when cancelled. */
    List<List<String>> chunk(int c, BooleanSupplier cancelled, SweepRunner.Listener listener)
            throws InterruptedException {
        NullProgressMonitor monitor = new NullProgressMonitor() {
            @Override
            public boolean isCanceled() {
                return cancelled.getAsBoolean();
            }
        };
        SweepPlan.Sample sample = sweep.plan().sample(c);
        List<FlipReport> reports;
        try {
            reports = search.search(sweep.baseScene(sample.object(), sample.view()), spec.stack(), models,
                    parameters, monitor);
        } catch (OperationCanceledException e) {
            return null;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            rows.addAll(rows(sample, ids.get(m), reports.get(m), listener, reported));
        }
        return rows;
    }

    /** One model's rows for an object and view: each parameter, DOWN then UP, in the spec's factor order. */
    private List<List<String>> rows(SweepPlan.Sample sample, String model, FlipReport report,
            SweepRunner.Listener listener, Set<String> reported) {
        List<List<String>> rows = new ArrayList<>();
        for (FlipParameter p : parameters) {
            for (FlipParameter.Direction d : FlipParameter.Direction.values()) {
                FlipPoint point = report.problem() != null ? null : report.point(p, d).orElse(null);
                String problem = report.problem() != null ? report.problem() : point == null ? "not searched"
                        : point.problem();
                if (problem != null && reported.add(problem)) {
                    listener.problem(problem);
                }
                List<String> cells = new ArrayList<>();
                cells.add(Integer.toString(sample.index()));
                cells.add(spec.objects().get(sample.object()).name());
                cells.add(Integer.toString(sample.view()));
                cells.add(model);
                cells.add(p.column());
                cells.add(d.name().toLowerCase(Locale.ROOT));
                cells.add(SweepRunner.format(p.min()));
                cells.add(SweepRunner.format(p.max()));
                cells.add(SweepRunner.format(p.current()));
                cells.add(report.originalClass() == null ? "" : report.originalClass());
                if (point == null) {
                    cells.addAll(List.of(FAILED, "", "", "", "", "", "0"));
                } else {
                    boolean flip = point.flips();
                    cells.add(outcome(point.outcome()));
                    cells.add(flip ? SweepRunner.format(point.value()) : "");
                    cells.add(point.outcome() == FlipPoint.Outcome.AT_LIMIT ? "" : SweepRunner.format(point
                            .inside()));
                    cells.add(flip ? SweepRunner.format(point.distance()) : "");
                    cells.add(flip ? point.newClass() : "");
                    cells.add(flip ? SweepRunner.format(point.newProbability()) : "");
                    cells.add(Integer.toString(point.passes()));
                }
                cells.add(problem == null ? "" : problem.strip().lines().findFirst().orElse(""));
                rows.add(cells);
            }
        }
        return rows;
    }

    static String outcome(FlipPoint.Outcome o) {
        return switch (o) {
        case FLIP -> FLIP;
        case NONE_WITHIN_RANGE -> NONE;
        case AT_LIMIT -> AT_LIMIT;
        case FAILED -> FAILED;
        };
    }
}
