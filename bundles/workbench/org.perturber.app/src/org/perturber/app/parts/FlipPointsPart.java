package org.perturber.app.parts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.perturber.app.ProblemLog;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.SessionEvent;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSearch;
import org.perturber.flipsearch.FlipSettings;
import org.perturber.flipsearch.JointFlip;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Flip points: the smallest change of each parameter, each way, at which a model's top-1 class changes (the flip
 * search of {@code org.perturber.flipsearch}), started from the stack editor's "Find flip" actions. Per parameter and
 * direction: the flip value, its distance as a fraction of the range, the new class and its probability, and the
 * model's input there beside the one searched from; with several active models, each model's flip points side by
 * side and, in each row, the model that breaks first (the smallest distance) marked. A joint search over several
 * parameters shows its smallest normalised change too. Apply puts a result into the stack as one edit (Edit > Undo
 * takes it back). The search runs as a Job with its progress and Stop here (and in the status bar); the UI never
 * waits for it.
 */
public class FlipPointsPart {
    public static final String ID = "org.perturber.app.part.flipPoints";
    /** System properties for a coarser search (tests): scan points, tolerance (fraction of range), joint budget. */
    public static final String SCAN_POINTS_PROPERTY = "perturber.flip.scanPoints";
    public static final String TOLERANCE_PROPERTY = "perturber.flip.tolerance";
    public static final String JOINT_EVALUATIONS_PROPERTY = "perturber.flip.jointEvaluations";
    /** Thumbnails' side in pixels (the model input scaled, smoothly). */
    static final int THUMB = 64;
    /** The widest a parameter's name gets before it wraps. */
    private static final int LABEL_WIDTH = 170;
    /** Marks the cell of the model that breaks first in its row (tests read it). */
    public static final String FIRST = "org.perturber.app.flip.first";

    /**
     * What a search is asked for: a title for people ("Gaussian noise: sigma"), the parameters, and whether the
     * joint search follows the single-parameter one.
     */
    public record Request(String title, List<FlipParameter> parameters, boolean joint) {
        public Request {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * What a finished search found, for the state it searched from: one report per model (the active models' order)
     * and, for a joint search, one joint flip per model (null where the model could not be searched; the reason is
     * in {@code jointProblems}).
     */
    public record Result(Request request, Scene scene, PerturbationStack stack, List<FlipReport> reports,
            List<JointFlip> joints, List<String> jointProblems, long millis) {
    }

    private ExploreSession session;
    private ExplorePipeline pipeline;
    private ProblemLog problems;
    private Composite parent;
    private Label status;
    private ProgressBar bar;
    private Button stop;
    private ScrolledComposite scroll;
    private Composite table;
    private final List<Image> images = new ArrayList<>();
    private Font bold;
    private Color firstBackground;
    private final Map<String, Button> applyButtons = new HashMap<>();
    private final Map<String, Label> cells = new HashMap<>();
    private final Map<String, Button> jointButtons = new HashMap<>();
    private final java.util.function.Consumer<SessionEvent> sessionListener = e -> {
        if (e.kind() == SessionEvent.Kind.STACK || e.kind() == SessionEvent.Kind.SCENE) {
            Ui.async(status, this::sayWhetherStale);
        }
    };

    /** The search under way (null when none) and the number of the newest search: an older one never shows. */
    private volatile Job running;
    private final AtomicLong searches = new AtomicLong();
    private volatile Tracked progress;
    private volatile Result result;
    private String resultText = "";
    /** What the last click on Apply did, said before the results' line. */
    private String note = "";

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline explorePipeline,
            @org.eclipse.e4.core.di.annotations.Optional ProblemLog log) {
        this.parent = parent;
        session = explore;
        pipeline = explorePipeline;
        problems = log;
        parent.setLayout(new GridLayout(3, false));
        status = new Label(parent, SWT.WRAP);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.widthHint = 100; // wraps to what the bar and Stop leave
        status.setLayoutData(statusData);
        status.setText("Press \"Find flip\" on a parameter in the Perturbations view (or \"Find flip \u25be\" above "
                + "its stack): the smallest change of it, each way, that changes each active model's top class "
                + "is shown here.");
        bar = new ProgressBar(parent, SWT.HORIZONTAL | SWT.SMOOTH);
        GridData barData = new GridData(SWT.END, SWT.CENTER, false, false);
        barData.widthHint = 90;
        bar.setLayoutData(barData);
        bar.setMaximum(1000);
        bar.setVisible(false);
        stop = new Button(parent, SWT.PUSH);
        stop.setText("Stop");
        stop.setToolTipText("Stop the search (nothing of it is shown)");
        stop.setEnabled(false);
        stop.addListener(SWT.Selection, e -> {
            Job j = running;
            if (j != null) {
                j.cancel();
            }
        });
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        table = new Composite(scroll, SWT.NONE);
        scroll.setContent(table);
        scroll.getVerticalBar().setIncrement(20);
        FontData[] data = parent.getFont().getFontData();
        for (FontData d : data) {
            d.setStyle(SWT.BOLD);
        }
        bold = new Font(parent.getDisplay(), data);
        firstBackground = new Color(parent.getDisplay(), 255, 222, 205);
        session.addListener(sessionListener);
    }

    /** The coarseness of the search: the defaults, or what the system properties ask for. */
    static FlipSettings settings() {
        FlipSettings s = FlipSettings.DEFAULT;
        Integer points = Integer.getInteger(SCAN_POINTS_PROPERTY);
        if (points != null) {
            s = s.withScanPoints(points);
        }
        String tolerance = System.getProperty(TOLERANCE_PROPERTY);
        if (tolerance != null) {
            s = s.withTolerance(Double.parseDouble(tolerance));
        }
        Integer evaluations = Integer.getInteger(JOINT_EVALUATIONS_PROPERTY);
        if (evaluations != null) {
            s = s.withJointEvaluations(evaluations);
        }
        return s;
    }

    /**
     * UI thread: searches the session as it is now (scene, stack, active models) for the request's parameters in a
     * Job; a search still running is stopped first. Returns the Job, or null when there is nothing to search (the
     * view says why).
     */
    public Job search(Request request) {
        Job previous = running;
        if (previous != null) {
            previous.cancel();
        }
        ExploreState state = session.state();
        List<LoadedModel> models = state.models();
        String why = state.scene() == null ? "The scene is still being prepared."
                : models.isEmpty() ? "No active model: check one in the Models view."
                        : !pipeline.started() ? "The workbench is still starting."
                                : request.parameters().isEmpty() ? "Nothing to search: " + request.title()
                                        + " has no numeric parameter with a range."
                                        : request.joint() && request.parameters().size() < 2
                                                ? "The joint search needs at least two numeric parameters; "
                                                        + request.title() + " has one."
                                                : null;
        FlipSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            settings = null;
            why = "Flip search settings: " + e.getMessage();
        }
        if (why != null) {
            setStatus(why);
            return null;
        }
        long number = searches.incrementAndGet();
        Scene scene = state.scene();
        PerturbationStack stack = state.stack();
        FlipSearch search = new FlipSearch(pipeline.inputs(), pipeline.inference(), settings);
        String title = request.title();
        Job job = Job.create("Finding flip points: " + title, (IProgressMonitor monitor) -> {
            long t0 = System.nanoTime();
            Tracked tracked = new Tracked(monitor);
            progress = tracked;
            try {
                SubMonitor work = SubMonitor.convert(tracked, request.joint() ? 100 : 10);
                List<FlipReport> reports = search.search(scene, stack, models, request.parameters(), work.split(
                        request.joint() ? 30 : 10));
                List<JointFlip> joints = new ArrayList<>();
                List<String> jointProblems = new ArrayList<>();
                if (request.joint()) {
                    SubMonitor jointWork = work.split(70).setWorkRemaining(models.size());
                    for (int m = 0; m < models.size(); m++) {
                        FlipReport report = reports.get(m);
                        if (report.problem() != null) {
                            joints.add(null);
                            jointProblems.add(report.problem());
                            jointWork.worked(1);
                            continue;
                        }
                        try {
                            joints.add(search.joint(scene, stack, models.get(m), request.parameters(), report,
                                    jointWork.split(1)));
                            jointProblems.add(null);
                        } catch (IllegalStateException e) {
                            joints.add(null); // the model failed on the state searched from
                            jointProblems.add(e.getMessage());
                        }
                    }
                }
                Result done = new Result(request, scene, stack, reports, joints, jointProblems, (System.nanoTime()
                        - t0) / 1_000_000);
                Ui.async(status, () -> {
                    if (searches.get() == number) {
                        show(done);
                    }
                });
                return Status.OK_STATUS;
            } catch (OperationCanceledException e) {
                ended(number, "Stopped: " + title + " (nothing of it is shown).");
                return Status.CANCEL_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended(number, "Stopped: " + title + " (nothing of it is shown).");
                return Status.CANCEL_STATUS;
            } catch (RuntimeException | LinkageError e) {
                String message = "The flip search of " + title + " failed: " + e;
                if (problems != null) {
                    problems.report("Flip points", message, e);
                }
                ended(number, message);
                return Status.OK_STATUS; // reported in the view and the Error Log
            } finally {
                Ui.async(status, () -> {
                    if (searches.get() == number) {
                        running = null;
                        progress = null;
                        stop.setEnabled(false);
                        bar.setVisible(false);
                    }
                });
            }
        });
        job.setUser(true);
        running = job;
        clear();
        result = null;
        setStatus("Searching " + title + " for " + models.size() + (models.size() == 1 ? " model" : " models")
                + " (" + request.parameters().size() + (request.parameters().size() == 1 ? " parameter"
                        : " parameters") + (request.joint() ? ", then jointly" : "") + ")...");
        stop.setEnabled(true);
        bar.setSelection(0);
        bar.setVisible(true);
        job.schedule();
        poll(number);
        return job;
    }

    /** Any thread: a search ended without a result (stopped or failed); the view says so if it is the newest. */
    private void ended(long number, String text) {
        Ui.async(status, () -> {
            if (searches.get() == number) {
                setStatus(text);
            }
        });
    }

    /** UI thread: the progress bar follows the search while it runs. */
    private void poll(long number) {
        if (status.isDisposed() || searches.get() != number || running == null) {
            return;
        }
        Tracked t = progress;
        if (t != null && t.total > 0) {
            bar.setSelection((int) Math.round(1000 * Math.min(1, t.done / t.total)));
            bar.setToolTipText(Math.round(100 * Math.min(1, t.done / t.total)) + "%" + (t.subTask.isEmpty() ? ""
                    : ": " + t.subTask));
        }
        status.getDisplay().timerExec(150, () -> poll(number));
    }

    /** The root monitor's progress as the search reports it, passed on to the Job's monitor (and its Cancel). */
    private static final class Tracked extends ProgressMonitorWrapper {
        volatile double total;
        volatile double done;
        volatile String subTask = "";

        Tracked(IProgressMonitor monitor) {
            super(monitor);
        }

        @Override
        public void beginTask(String name, int totalWork) {
            total = totalWork;
            super.beginTask(name, totalWork);
        }

        @Override
        public void internalWorked(double work) {
            done += work;
            super.internalWorked(work);
        }

        @Override
        public void worked(int work) {
            internalWorked(work);
        }

        @Override
        public void subTask(String name) {
            subTask = name == null ? "" : name;
            super.subTask(name);
        }
    }

    private void setStatus(String text) {
        status.setText(text);
        status.setToolTipText(text);
        parent.layout(true, true);
    }

    /** UI thread: the status line, with a note when the stack or scene changed since the results shown. */
    private void sayWhetherStale() {
        Result r = result;
        if (r == null || status.isDisposed()) {
            return;
        }
        boolean same = r.stack().equals(session.stack()) && r.scene().equals(session.scene());
        setStatus((note.isEmpty() ? "" : note + " ") + resultText + (same ? "" : " The scene or stack has changed since: these are the flips of the "
                + "state searched from."));
    }

    private void clear() {
        for (Control c : table.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        applyButtons.clear();
        cells.clear();
        jointButtons.clear();
    }

    private static String key(String modelKey, FlipParameter p, FlipParameter.Direction d) {
        return modelKey + "|" + p.perturbation() + "|" + p.parameter() + "|" + p.entry() + "|" + d;
    }

    /** UI thread: the results as a grid, per parameter and direction, one column group per model. */
    private void show(Result r) {
        clear();
        result = r;
        note = "";
        List<FlipReport> reports = r.reports();
        int k = reports.size();
        GridLayout layout = new GridLayout(2 + 3 * k, false);
        layout.horizontalSpacing = 8;
        layout.verticalSpacing = 4;
        table.setLayout(layout);
        // the header: each model's input in the state searched from and its class there
        header(table, "Parameter", 1);
        header(table, "", 1);
        for (FlipReport report : reports) {
            thumbnail(table, report.original(), report.modelName() + " in the state searched from");
            Label name = new Label(table, SWT.WRAP);
            name.setFont(bold);
            name.setText(report.modelName() + "\n" + (report.problem() != null ? "failed: " + Ui.elide(report
                    .problem(), 80) : "now: " + report.originalClass() + " " + percent(report.originalProbability())));
            name.setToolTipText(report.problem());
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false, 2, 1));
        }
        int flips = 0;
        int directions = 0;
        for (FlipParameter p : r.request().parameters()) {
            for (FlipParameter.Direction d : FlipParameter.Direction.values()) {
                directions++;
                Label parameter = new Label(table, SWT.WRAP);
                parameter.setText(d == FlipParameter.Direction.DOWN ? p.label() + (p.entry() < 0 ? " (added)" : "")
                        : "");
                // long names wrap: the models' columns, not the names, get the view's width
                parameter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
                ((GridData) parameter.getLayoutData()).widthHint = Math.min(LABEL_WIDTH, parameter.computeSize(
                        SWT.DEFAULT, SWT.DEFAULT).x);
                parameter.setToolTipText(p.label() + " from " + p.format(p.current()) + " in [" + p.format(p.min())
                        + ", " + p.format(p.max()) + "]" + (p.entry() < 0 ? ": not in the stack, added at its "
                                + "defaults" : ""));
                Label sign = new Label(table, SWT.NONE);
                sign.setText(d.sign());
                sign.setToolTipText(d == FlipParameter.Direction.UP ? "raising it" : "lowering it");
                double smallest = Double.POSITIVE_INFINITY;
                for (FlipReport report : reports) {
                    FlipPoint f = report.point(p, d).orElse(null);
                    if (f != null && f.flips()) {
                        smallest = Math.min(smallest, f.distance());
                    }
                }
                for (FlipReport report : reports) {
                    FlipPoint f = report.point(p, d).orElse(null);
                    boolean first = k > 1 && f != null && f.flips() && f.distance() == smallest;
                    if (f != null && f.flips()) {
                        flips++;
                    }
                    cell(report, p, d, f, first);
                }
            }
        }
        if (!r.joints().isEmpty()) {
            jointRows(r);
        }
        int passes = reports.stream().mapToInt(FlipReport::passes).sum() + r.joints().stream().filter(
                java.util.Objects::nonNull).mapToInt(JointFlip::passes).sum();
        resultText = "Flip points of " + r.request().title() + ": " + flips + " of " + directions * k
                + " directions flip" + (k > 1 ? " (the model that breaks first is marked in each row)" : "") + "; "
                + passes + " images in " + String.format(Locale.ROOT, "%.1f", r.millis() / 1000.0) + " s.";
        table.layout(true, true);
        scroll.setMinSize(table.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        sayWhetherStale();
    }

    private void header(Composite c, String text, int span) {
        Label l = new Label(c, SWT.NONE);
        l.setFont(bold);
        l.setText(text);
        l.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, span, 1));
    }

    private void cell(FlipReport report, FlipParameter p, FlipParameter.Direction d, FlipPoint f, boolean first) {
        if (f == null || !f.flips()) {
            new Label(table, SWT.NONE).setLayoutData(new GridData(THUMB, SWT.DEFAULT));
            Label text = new Label(table, SWT.NONE);
            String says = report.problem() != null ? "" : f == null ? "not searched" : f.outcome() == FlipPoint
                    .Outcome.NONE_WITHIN_RANGE ? "none within range (to " + p.format(f.searchedTo()) + ")" : f
                            .describe();
            text.setText(Ui.elide(says, 60));
            text.setToolTipText(says);
            text.setForeground(text.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false, 2, 1));
            cells.put(key(report.modelKey(), p, d), text);
            return;
        }
        thumbnail(table, f.flipped(), report.modelName() + "'s input at " + p.label() + " = " + p.format(f
                .value()));
        Label text = new Label(table, SWT.NONE);
        text.setText(p.format(f.value()) + " \u2192 " + f.newClass() + " " + percent(f.newProbability()) + "\n"
                + String.format(Locale.ROOT, "%.1f%%", 100 * f.distance()) + " of the range" + (first
                        ? "  \u25c6 breaks first" : ""));
        text.setToolTipText(report.modelName() + ": at " + p.label() + " = " + p.format(f.value()) + " the top "
                + "class is " + f.newClass() + " (" + percent(f.newProbability()) + "); at " + p.format(f.inside())
                + " still " + report.originalClass() + ". The change is " + String.format(Locale.ROOT, "%.2f%%",
                        100 * f.distance()) + " of the range [" + p.format(p.min()) + ", " + p.format(p.max()) + "].");
        if (first) {
            text.setBackground(firstBackground);
            text.setData(FIRST, Boolean.TRUE);
        }
        cells.put(key(report.modelKey(), p, d), text);
        Button apply = new Button(table, SWT.PUSH);
        apply.setText("Apply");
        apply.setToolTipText("Set " + p.label() + " to " + p.format(f.value()) + (p.entry() < 0 ? " (adds "
                + "the perturbation to the stack)" : "") + "; Edit > Undo takes it back");
        apply.addListener(SWT.Selection, e -> apply(f));
        applyButtons.put(key(report.modelKey(), p, d), apply);
    }

    private void jointRows(Result r) {
        Label title = new Label(table, SWT.WRAP);
        title.setFont(bold);
        title.setText("Joint: the smallest change of the " + r.request().parameters().size() + " parameters "
                + "together (the norm of the changes, each as a fraction of its range)");
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, 2 + 3 * r.reports().size(), 1);
        data.widthHint = 1;
        data.verticalIndent = 8;
        title.setLayoutData(data);
        new Label(table, SWT.NONE).setText("All together");
        new Label(table, SWT.NONE);
        for (int m = 0; m < r.reports().size(); m++) {
            FlipReport report = r.reports().get(m);
            JointFlip j = r.joints().get(m);
            if (j == null || !j.found()) {
                new Label(table, SWT.NONE).setLayoutData(new GridData(THUMB, SWT.DEFAULT));
                Label text = new Label(table, SWT.NONE);
                String says = j == null ? "failed: " + r.jointProblems().get(m) : "none found in " + j.passes()
                        + " images";
                text.setText(Ui.elide(says, 60));
                text.setToolTipText(says);
                text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false, 2, 1));
                continue;
            }
            thumbnail(table, j.flipped(), report.modelName() + "'s input at the joint flip");
            Label text = new Label(table, SWT.NONE);
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < j.parameters().size(); i++) {
                FlipParameter p = j.parameters().get(i);
                if (j.values()[i] != p.current()) {
                    values.append(values.isEmpty() ? "" : ", ").append(p.column()).append(" = ").append(p.format(j
                            .values()[i]));
                }
            }
            text.setText("\u2192 " + j.newClass() + " " + percent(j.newProbability()) + "\nnorm " + String.format(
                    Locale.ROOT, "%.3f", j.norm()) + (Double.isNaN(j.bestSingle()) ? "" : String.format(Locale.ROOT,
                            " (one parameter: %.3f)", j.bestSingle())));
            text.setToolTipText(values.toString());
            Button apply = new Button(table, SWT.PUSH);
            apply.setText("Apply");
            apply.setToolTipText("Set " + values + "; Edit > Undo takes it back");
            apply.addListener(SWT.Selection, e -> applyJoint(j));
            jointButtons.put(report.modelKey(), apply);
        }
    }

    private void thumbnail(Composite c, RgbImage input, String tip) {
        Label l = new Label(c, SWT.NONE);
        l.setLayoutData(new GridData(THUMB, THUMB));
        l.setToolTipText(tip);
        if (input == null) {
            return;
        }
        Image full = new Image(c.getDisplay(), ScenePart.toImageData(input));
        Image small = new Image(c.getDisplay(), THUMB, THUMB);
        GC gc = new GC(small);
        try {
            gc.setInterpolation(SWT.HIGH);
            gc.drawImage(full, 0, 0, input.width(), input.height(), 0, 0, THUMB, THUMB);
        } finally {
            gc.dispose();
            full.dispose();
        }
        images.add(small);
        l.setImage(small);
    }

    private static String percent(double p) {
        return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * p);
    }

    /**
     * UI thread: sets the flip point's parameter to its value in the session's stack (on its entry, or a new entry
     * of its perturbation at its defaults) as one edit that Edit > Undo takes back.
     */
    public void apply(FlipPoint f) {
        FlipParameter p = f.parameter();
        PerturbationStack stack = session.stack();
        if (p.entry() >= 0 && (p.entry() >= stack.entries().size() || !stack.entries().get(p.entry()).perturbation()
                .equals(p.perturbation()))) {
            note = "Not applied: the stack has changed since the search (entry " + (p.entry() + 1) + " is no "
                    + "longer " + p.label().split(":")[0] + "); search again.";
            sayWhetherStale();
            return;
        }
        note = "Applied " + p.label() + " = " + p.format(f.value()) + (p.entry() < 0 ? " (added to the stack)" : "")
                + "; Edit > Undo takes it back.";
        session.setStack(p.apply(stack, f.value()));
        sayWhetherStale();
    }

    /** UI thread: sets every parameter of a joint flip, as one edit. */
    public void applyJoint(JointFlip j) {
        PerturbationStack stack = session.stack();
        for (FlipParameter p : j.parameters()) {
            if (p.entry() >= 0 && (p.entry() >= stack.entries().size() || !stack.entries().get(p.entry())
                    .perturbation().equals(p.perturbation()))) {
                note = "Not applied: the stack has changed since the search; search again.";
                sayWhetherStale();
                return;
            }
        }
        note = "Applied the joint flip (norm " + String.format(Locale.ROOT, "%.3f", j.norm()) + "); Edit > Undo "
                + "takes it back.";
        session.setStack(FlipSearch.applyAll(stack, j.parameters(), j.values()));
        sayWhetherStale();
    }

    /** The last search's result shown, or null. */
    public Result result() {
        return result;
    }

    /** The search under way, or null. */
    public Job running() {
        return running;
    }

    /** UI thread: the status line's whole text. */
    public String status() {
        return status.getText();
    }

    public Button stopButton() {
        return stop;
    }

    /** UI thread: the Apply button of a model's flip point, or null when that direction has none. */
    public Button applyButton(String modelKey, FlipParameter p, FlipParameter.Direction d) {
        return applyButtons.get(key(modelKey, p, d));
    }

    /** UI thread: the Apply button of a model's joint flip, or null. */
    public Button jointApplyButton(String modelKey) {
        return jointButtons.get(modelKey);
    }

    /** UI thread: the text shown for a model's flip point (or its absence). */
    public Label cell(String modelKey, FlipParameter p, FlipParameter.Direction d) {
        return cells.get(key(modelKey, p, d));
    }

    /** UI thread: thumbnails shown (before and after). */
    public int thumbnails() {
        return images.size();
    }

    /** UI thread: the view's size needed for the whole table (for screenshots). */
    public Point tableSize() {
        return table.computeSize(SWT.DEFAULT, SWT.DEFAULT);
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        Job j = running;
        if (j != null) {
            j.cancel();
        }
        images.forEach(Image::dispose);
        bold.dispose();
        firstBackground.dispose();
    }
}
