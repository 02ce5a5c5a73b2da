package org.perturber.app.parts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.perturber.app.ProblemLog;
import org.perturber.core.registry.Contribution;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationGuard;
import org.perturber.core.viz.VisualizationInput;

/**
 * One view's calls into contributed visualizations: in a Job, off the UI thread and off the explore pipeline's
 * thread (a visualization that takes its whole budget holds up this view only), latest-wins (work submitted while
 * one runs replaces any not yet started), each call guarded by {@link VisualizationGuard} and every new problem
 * reported to the Error Log with the bundle, the contribution and the view named.
 */
final class VisualizationRunner {
    private final String view;
    private final ProblemLog log;
    private final AtomicReference<Runnable> waiting = new AtomicReference<>();
    private final Job job;
    /** Each contribution's last problem: one failing at every state is listed once, and again when it changes. */
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();

    /** {@code log} may be null (a view made without a workbench). */
    VisualizationRunner(String view, ProblemLog log) {
        this.view = view;
        this.log = log;
        job = Job.create("Visualizations of the " + view + " view", (IProgressMonitor monitor) -> {
            for (Runnable work = waiting.getAndSet(null); work != null && !monitor.isCanceled(); work = waiting
                    .getAndSet(null)) {
                work.run();
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
    }

    /** Any thread: runs {@code work} in the view's Job; work still waiting from before is dropped. */
    void submit(Runnable work) {
        submit(work, 0);
    }

    /** Any thread: as {@link #submit(Runnable)}, {@code delayMs} later at the earliest. */
    void submit(Runnable work, long delayMs) {
        waiting.set(work);
        job.schedule(delayMs);
    }

    /**
     * In submitted work: the visualization's frame for the input, or its problem (reported); a frame of another kind
     * than {@code kind} (the view draws only that one; null: any) is a problem too.
     */
    VisualizationGuard.Outcome<VisualizationFrame> compute(Contribution<Visualization> c, VisualizationInput input,
            Class<? extends VisualizationFrame> kind) {
        VisualizationGuard.Outcome<VisualizationFrame> out = VisualizationGuard.compute(c, input, Contributed
                .budget());
        if (out.ok() && kind != null && !kind.isInstance(out.value())) {
            out = new VisualizationGuard.Outcome<>(null, VisualizationGuard.name(c) + ": compute returned "
                    + kindName(out.value().getClass()) + " where the " + view + " view draws " + kindName(kind), null);
        }
        return reported(c, out);
    }

    /** A frame kind in words: "a picture", "bars", "tiles". */
    static String kindName(Class<?> kind) {
        return kind == VisualizationFrame.Picture.class ? "a picture" : kind.getSimpleName().toLowerCase(
                java.util.Locale.ROOT);
    }

    /** In submitted work: what the visualization needs from the inference, or its problem (reported). */
    VisualizationGuard.Outcome<ResultNeeds> needs(Contribution<Visualization> c) {
        return reported(c, VisualizationGuard.needs(c, Contributed.budget()));
    }

    /** The problem as the view says it: the Error Log has the same words and the details. */
    private <T> VisualizationGuard.Outcome<T> reported(Contribution<Visualization> c,
            VisualizationGuard.Outcome<T> outcome) {
        String key = c.bundle() + "/" + c.id();
        if (outcome.ok()) {
            lastProblem.remove(key);
        } else if (!outcome.problem().equals(lastProblem.put(key, outcome.problem())) && log != null) {
            log.report(c.bundle(), outcome.problem() + " (in the " + view + " view; the other views go on)", outcome
                    .cause());
        }
        return outcome;
    }

    /** A new choice of the user's: a problem seen before is listed again if it comes back. */
    void forget() {
        lastProblem.clear();
    }

    void dispose() {
        waiting.set(null);
        job.cancel();
    }
}
