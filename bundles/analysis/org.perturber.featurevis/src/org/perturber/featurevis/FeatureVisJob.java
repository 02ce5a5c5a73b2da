package org.perturber.featurevis;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Computes feature visualizations in the background with progress and cancel. Results (and failures) go to the
 * callbacks on the job's thread; a view hands them to its display itself.
 */
public final class FeatureVisJob extends Job {
    /** The bundle that reports this job's failures. */
    static final String BUNDLE = "org.perturber.featurevis";

    private final FeatureVisualizations visualizations;
    private final List<FeatureObjective> objectives;
    private final FeatureVisSettings settings;
    private final Consumer<List<FeatureVisResult>> done;
    private final Consumer<Throwable> failed;

    public FeatureVisJob(String name, FeatureVisualizations visualizations, List<FeatureObjective> objectives,
            FeatureVisSettings settings, Consumer<List<FeatureVisResult>> done, Consumer<Throwable> failed) {
        super(name);
        this.visualizations = visualizations;
        this.objectives = List.copyOf(objectives);
        this.settings = settings;
        this.done = done;
        this.failed = failed;
        setUser(false);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            done.accept(visualizations.compute(objectives, settings, monitor));
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (RuntimeException | Error e) {
            failed.accept(e);
            return Status.error("feature visualization of " + visualizations.model().descriptor().id() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FeatureVisJob.class;
    }
}
