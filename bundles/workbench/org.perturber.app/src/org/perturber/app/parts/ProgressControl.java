package org.perturber.app.parts;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.core.runtime.jobs.ProgressProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.perturber.explore.ExplorePipeline;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Long work in the status bar, with its progress and Cancel: the workbench's running jobs (a sweep, a range filled
 * in, models loading) and the explore pipeline while it computes a long state (an attack's steps). A pure e4
 * workbench has no Progress view (that needs the 3.x workbench), so this trim control takes its place: it gives
 * every job a progress monitor (the job manager's {@link ProgressProvider}) and shows the newest running one.
 */
public class ProgressControl {
    /** The job manager has one progress provider: the newest control's (the job manager cannot be asked). */
    private static volatile Object installed;
    private static final int POLL_MS = 200;
    /** The pipeline's states are shown once they have computed this long (a drag's steps are quicker). */
    private static final long PIPELINE_AFTER_MS = 400;

    /** A job's progress as its monitor was told it. */
    static final class Tracked extends NullProgressMonitor {
        final Job job;
        final long started = System.nanoTime();
        volatile String task = "";
        volatile String subTask = "";
        volatile int total;
        volatile double done;

        Tracked(Job job) {
            this.job = job;
        }

        @Override
        public void beginTask(String name, int totalWork) {
            task = name == null ? "" : name;
            total = totalWork == UNKNOWN ? 0 : totalWork;
            done = 0;
        }

        @Override
        public void setTaskName(String name) {
            task = name == null ? "" : name;
        }

        @Override
        public void subTask(String name) {
            subTask = name == null ? "" : name;
        }

        @Override
        public void internalWorked(double work) {
            done += work;
        }

        @Override
        public void worked(int work) {
            internalWorked(work);
        }
    }

    private final Map<Job, Tracked> running = new ConcurrentHashMap<>();
    private final ProgressProvider provider = new ProgressProvider() {
        @Override
        public IProgressMonitor createMonitor(Job job) {
            Tracked t = new Tracked(job);
            running.put(job, t);
            return t;
        }
    };
    private final IJobChangeListener jobs = new JobChangeAdapter() {
        @Override
        public void done(IJobChangeEvent event) {
            running.remove(event.getJob());
        }
    };
    private ExplorePipeline pipeline;
    private Composite box;
    private Label text;
    private ProgressBar bar;
    private Button cancel;
    private Runnable cancelAction;
    private long pipelineSince;

    @PostConstruct
    public void create(Composite parent, ExplorePipeline explorePipeline) {
        pipeline = explorePipeline;
        box = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(3, false);
        layout.marginHeight = 0;
        box.setLayout(layout);
        text = new Label(box, SWT.NONE);
        GridData textData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        textData.widthHint = 240;
        text.setLayoutData(textData);
        bar = new ProgressBar(box, SWT.HORIZONTAL | SWT.SMOOTH);
        GridData barData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        barData.widthHint = 80;
        bar.setLayoutData(barData);
        bar.setMaximum(1000);
        cancel = new Button(box, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.setToolTipText("Cancel this work");
        cancel.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        cancel.addListener(SWT.Selection, e -> {
            if (cancelAction != null) {
                cancelAction.run();
            }
        });
        setActive(false);
        Job.getJobManager().setProgressProvider(provider);
        installed = provider;
        Job.getJobManager().addJobChangeListener(jobs);
        poll();
    }

    /** UI thread: what the control says now (empty when nothing long runs). */
    public String text() {
        return text.getVisible() ? text.getToolTipText() == null ? "" : text.getToolTipText() : "";
    }

    /** UI thread: the Cancel button (tests press it). */
    public Button cancelButton() {
        return cancel;
    }

    /** UI thread: shows the newest long work, then looks again a moment later. */
    private void poll() {
        if (box.isDisposed()) {
            return;
        }
        update();
        box.getDisplay().timerExec(POLL_MS, this::poll);
    }

    private void update() {
        ExplorePipeline.Work work = pipeline.work();
        long now = System.nanoTime();
        if (work == null) {
            pipelineSince = 0;
        } else if (pipelineSince == 0) {
            pipelineSince = now;
        }
        List<Tracked> jobsShown = running.values().stream().filter(t -> !t.job.isSystem() && t.job.getState()
                == Job.RUNNING).sorted(Comparator.comparingLong((Tracked t) -> t.started).reversed()).toList();
        String shown;
        double fraction;
        if (work != null && pipelineSince != 0 && now - pipelineSince >= PIPELINE_AFTER_MS * 1_000_000) {
            shown = work.task().isBlank() ? "Computing the newest state" : work.task() + (work.total() > 0 ? " "
                    + Math.round(100 * work.fraction()) + "%" : "");
            fraction = work.fraction();
            cancelAction = pipeline::cancel;
        } else if (!jobsShown.isEmpty()) {
            Tracked t = jobsShown.get(0);
            String detail = !t.subTask.isBlank() ? t.subTask : t.task;
            shown = t.job.getName() + (detail.isBlank() || detail.equals(t.job.getName()) ? "" : ": " + detail)
                    + (jobsShown.size() > 1 ? " (+" + (jobsShown.size() - 1) + " more)" : "");
            fraction = t.total > 0 ? Math.min(1, t.done / t.total) : Double.NaN;
            cancelAction = t.job::cancel;
        } else {
            cancelAction = null;
            setActive(false);
            return;
        }
        if (!shown.equals(text.getToolTipText())) {
            text.setToolTipText(shown);
            text.setText(Ui.elide(text, shown, ((GridData) text.getLayoutData()).widthHint));
        }
        bar.setSelection(Double.isNaN(fraction) ? 0 : (int) Math.round(1000 * fraction));
        setActive(true);
    }

    /**
     * Shows or hides the control's widgets. Idle, they keep their place: the status bar's layout never changes, so
     * the views above never resize when work starts or ends (a resize would make the pipeline compute again).
     */
    private void setActive(boolean active) {
        if (text.getVisible() != active) {
            for (org.eclipse.swt.widgets.Control c : box.getChildren()) {
                c.setVisible(active);
            }
        }
    }

    @PreDestroy
    public void dispose() {
        Job.getJobManager().removeJobChangeListener(jobs);
        if (installed == provider) { // a newer window's control keeps its own
            Job.getJobManager().setProgressProvider(null);
            installed = null;
        }
    }
}
