package org.perturber.app.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.ProblemLog;
import org.perturber.app.StatusLine;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.core.registry.Contribution;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationGuard;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import org.perturber.explore.SessionEvent;
import org.perturber.core.registry.ContributionRegistry;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Top predictions of every active model for the current state, drawn by a contributed visualization of category
 * "predictions": ours ("Top predictions") by default, a lab's when chosen in the view's combo (shown when there is
 * more than one). The view computes no inference: it subscribes to the {@link ExplorePipeline}, which publishes
 * every state's predictions (latest-wins, before anything else), has the visualization turn them into bars in its
 * own Job (guarded: a visualization that fails or hangs is named in its panel and the Error Log) and paints them;
 * while a newer state is being computed for long (an attack), it says the predictions shown are of the previous
 * state.
 */
public class PredictionsPart {
    static final String VISUALIZATION = "org.perturber.viz.predictions.top";

    /** One model's predictions, or why there are none. */
    public record Panel(String model, String title, List<VisualizationFrame.Bar> bars, String problem) {
    }

    private ExploreSession session;
    private StatusLine statusLine;
    private List<Contribution<Visualization>> choices = List.of();
    private Combo choice;
    /** UI thread writes, the view's Job reads: the visualization drawing the bars. */
    private volatile Contribution<Visualization> chosen;
    private VisualizationRunner runner;
    /** The newest state's results, drawn again when another visualization is chosen. */
    private volatile Runnable redraw;
    private ExplorePipeline.Subscription subscription;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private Canvas canvas;
    private Label status;
    private StaleMarker marker;
    private Font bold;
    private final IEclipsePreferences preferences = WorkbenchPreferences.node();
    private final IEclipsePreferences.IPreferenceChangeListener topKListener = this::preferenceChanged;
    /** How many top classes each panel shows (the preference {@value WorkbenchPreferences#TOP_K}). */
    private volatile int topK = WorkbenchPreferences.TOP_K_DEFAULT;
    private volatile List<Panel> panels = List.of();
    private volatile String message = "Loading models...";
    private final AtomicInteger updates = new AtomicInteger();
    /** The state (its change time) whose predictions the view holds, and when it got them (System.nanoTime). */
    private volatile long readyChange;
    private volatile long readyAt;
    /** The state whose predictions were last painted, and when: GTK paints at its next frame, not at once. */
    private volatile long shownChange;
    private volatile long shownAt;
    /** UI thread: the inference device, for the status line after a paint. */
    private String device;
    /** Called on the UI thread when the view takes new predictions, and when it has painted them. */
    private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> shownListeners = new CopyOnWriteArrayList<>();

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline pipeline, StatusLine line,
            ContributionRegistry contributions, ProblemLog log) {
        session = explore;
        statusLine = line;
        runner = new VisualizationRunner("Predictions", log);
        parent.setLayout(new GridLayout(1, false));
        marker = new StaleMarker(parent, 1);
        choices = Contributed.ofCategory(contributions, Contributed.PREDICTIONS, VISUALIZATION);
        Composite choiceRow = new Composite(parent, SWT.NONE);
        GridLayout rowLayout = new GridLayout(2, false);
        rowLayout.marginHeight = 0;
        rowLayout.marginWidth = 0;
        choiceRow.setLayout(rowLayout);
        GridData rowData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        rowData.exclude = choices.size() < 2; // one visualization: nothing to choose, no row
        choiceRow.setLayoutData(rowData);
        choiceRow.setVisible(!rowData.exclude);
        new Label(choiceRow, SWT.NONE).setText("Visualization:");
        choice = new Combo(choiceRow, SWT.READ_ONLY);
        choice.setLayoutData(Ui.narrow());
        VisualizationChoice.fill(choice, choices, Contributed.PREDICTIONS);
        chosen = VisualizationChoice.selected(choice, choices);
        choice.addListener(SWT.Selection, e -> {
            VisualizationChoice.chosen(choice, choices, Contributed.PREDICTIONS, log);
            runner.forget();
            chosen = VisualizationChoice.selected(choice, choices);
            Runnable again = redraw;
            if (again != null) {
                runner.submit(again);
            }
        });
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.addPaintListener(e -> {
            paint(e.gc);
            shown(System.nanoTime());
        });
        status = new Label(parent, SWT.NONE);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.widthHint = 60; // takes the view's width, never widens it: the text is elided to it
        status.setLayoutData(statusData);
        FontData fd = parent.getFont().getFontData()[0];
        bold = new Font(parent.getDisplay(), fd.getName(), fd.getHeight(), SWT.BOLD);
        session.addListener(sessionListener);
        topK = WorkbenchPreferences.topK();
        preferences.addPreferenceChangeListener(topKListener);
        subscription = pipeline.subscribe("Predictions view", Needs.predictions(topK), new ExploreListener() {
            @Override
            public void computing(ExploreState state) {
                marker.computing(state.sequence(), "the predictions of the newest state", pipeline::cancel,
                        StaleMarker.progressOf(pipeline));
            }

            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                Runnable draw = () -> show(state, results, pipeline);
                redraw = draw;
                runner.submit(draw);
            }

            @Override
            public void failed(ExploreState state, String problem) {
                boolean cancelled = problem.equals(ExplorePipeline.CANCELLED);
                marker.ended(state.sequence(), cancelled);
                if (cancelled) {
                    return;
                }
                Ui.async(canvas, () -> Ui.setElided(status, "Predictions of the newest state: " + problem));
            }
        });
        sessionChanged(null);
    }

    /** UI thread: the marker saying the predictions shown are stale (tests read it). */
    public boolean staleShown() {
        return marker.showing();
    }

    /** UI thread: what the stale marker says (empty when it was never shown). */
    public String staleText() {
        return marker.text();
    }

    /** UI thread: the marker's Stop button (tests press it). */
    public Button staleStop() {
        return marker.stopButton();
    }

    /** UI thread: the combo choosing the visualization (tests choose in it; hidden when there is one choice). */
    public Combo visualizationCombo() {
        return choice;
    }

    /** How many top classes each panel shows now. */
    public int topK() {
        return topK;
    }


    /** Any thread: top-k changed in the preferences; the current state is computed again with it. */
    private void preferenceChanged(IEclipsePreferences.PreferenceChangeEvent event) {
        if (WorkbenchPreferences.TOP_K.equals(event.getKey())) {
            topK = WorkbenchPreferences.topK();
            subscription.needs(Needs.predictions(topK));
        }
    }

    /** The panels shown now (tests read them). */
    public List<Panel> panels() {
        return panels;
    }

    /** How many times the view has been updated with new predictions. */
    public int updates() {
        return updates.get();
    }

    public String message() {
        return message;
    }

    /** The session's change time (System.nanoTime) of the state whose predictions are on screen now. */
    public long shownChange() {
        return shownChange;
    }

    /** When (System.nanoTime) the predictions of {@link #shownChange()} were painted. */
    public long shownAt() {
        return shownAt;
    }

    /**
     * The session's change time of the state whose predictions the view holds; they are painted at GTK's next
     * frame (its frame clock paints at most 60 times a second, like a display's refresh).
     */
    public long readyChange() {
        return readyChange;
    }

    /** When (System.nanoTime) the view took the predictions of {@link #readyChange()} and asked for a paint. */
    public long readyAt() {
        return readyAt;
    }

    /** Runs on the UI thread whenever {@link #readyChange()} has moved on (benchmarks, tests). */
    public void addReadyListener(Runnable l) {
        readyListeners.add(l);
    }

    /** Runs on the UI thread whenever {@link #shownChange()} has moved on (benchmarks, tests). */
    public void addShownListener(Runnable l) {
        shownListeners.add(l);
    }

    /** Any thread: with no scene or no model there is nothing to compute; the view says why. */
    private void sessionChanged(SessionEvent event) {
        ExploreState state = session.state();
        if (state.ready() && session.modelProblem() == null) {
            return;
        }
        String why = session.modelProblem() != null ? session.modelProblem() : state.scene() == null
                ? "Preparing the scene..." : "No model is active: check one in the Models view.";
        if (state.ready() && !panels.isEmpty()) {
            return; // a model failed to load, but others show their predictions: the Models view says which
        }
        Ui.async(canvas, () -> {
            panels = List.of();
            message = why;
            canvas.redraw();
        });
    }

    /**
     * The view's Job: a state's predictions, turned into bars by the chosen visualization (a call guarded by the
     * runner), shown at the UI thread's next turn.
     */
    private void show(ExploreState state, List<ModelResult> results, ExplorePipeline pipeline) {
        Contribution<Visualization> top = chosen;
        int k = topK;
        List<Panel> result = new ArrayList<>();
        double inputMs = 0;
        double inferenceMs = 0;
        for (ModelResult r : results) {
            String title = r.model().descriptor().name() + " \u00b7 " + r.model().descriptor().variant()
                    + attackSource(state) + (r.skipped().isEmpty() ? "" : " \u00b7 skipped: " + r.skipped().get(0));
            inputMs = r.timings().inputMs();
            inferenceMs = r.timings().inferenceMs();
            if (!r.ok()) {
                result.add(new Panel(r.model().key(), title, List.of(), r.problem()));
                continue;
            }
            if (top == null) {
                result.add(new Panel(r.model().key(), title, List.of(), "No visualization of category predictions is "
                        + "installed"));
                continue;
            }
            VisualizationGuard.Outcome<VisualizationFrame> frame = runner.compute(top, new VisualizationInput(r.model()
                    .descriptor(), r.input(), r.result(), r.baseline(), null), VisualizationFrame.Bars.class);
            // the forward pass carries the most top classes any view asked for; this view shows its own top-k
            result.add(frame.value() instanceof VisualizationFrame.Bars bars ? new Panel(r.model().key(), title, bars
                    .bars().subList(0, Math.min(k, bars.bars().size())), null) : new Panel(r.model().key(), title,
                            List.of(), frame.problem()));
        }
        String deviceLine = pipeline.inference().device();
        String text = String.format(Locale.ROOT, "%d model%s \u00b7 input %.0f ms + inference %.0f ms \u00b7 %s",
                results.size(), results.size() == 1 ? "" : "s", inputMs, inferenceMs, deviceLine);
        Ui.async(canvas, () -> {
            panels = result;
            message = null;
            Ui.setElided(status, text);
            // painted at GTK's next frame (update() does not paint on GTK 3.16 and later): the paint listener
            // records when, and the status line's latency ends there
            canvas.redraw();
            updates.incrementAndGet();
            marker.fresh(state.sequence());
            readyAt = System.nanoTime();
            readyChange = state.createdAt();
            device = deviceLine;
            readyListeners.forEach(Runnable::run);
            if (!canvas.isVisible()) {
                shown(readyAt); // a hidden view is not painted: its predictions count as shown when taken
            }
        });
    }

    /**
     * A bar's change against the clean scene in percentage points, as shown: empty when it rounds to 0 (never
     * "(-0)").
     */
    public static String change(double change) {
        long points = Double.isNaN(change) ? 0 : Math.round(100 * change);
        return points == 0 ? "" : String.format(Locale.ROOT, " (%+d)", points);
    }

    /** Said in every title while the stack's attacks are made against one model and shown to all (transfer). */
    private static String attackSource(ExploreState state) {
        return state.models().stream().filter(m -> m.key().equals(state.attackSource())).findFirst().map(
                m -> " \u00b7 attacks made against " + m.descriptor().name()).orElse("");
    }

    /** UI thread: the panels of {@link #readyChange} are on screen (painted, or taken by a hidden view). */
    private void shown(long now) {
        long change = readyChange;
        if (change == 0 || change == shownChange) {
            return;
        }
        shownAt = now;
        shownChange = change;
        org.perturber.app.StartupReport.predictionsPainted();
        shownListeners.forEach(Runnable::run);
        statusLine.set(String.format(Locale.ROOT, "%s  \u00b7  last change to updated predictions: %.0f ms", device,
                (now - change) / 1e6));
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        if (message != null) {
            gc.drawText(Ui.elide(gc, message, area.width - 16), 8, 8, true);
            return;
        }
        int line = gc.getFontMetrics().getHeight() + 6;
        int labelWidth = 90;
        int valueWidth = 96;
        int y = 6;
        Color accent = new Color(40, 110, 200);
        Color bar = new Color(150, 175, 210);
        try {
            for (Panel p : panels) {
                gc.setFont(bold);
                gc.drawText(Ui.elide(gc, p.title(), area.width - 16), 8, y, true);
                gc.setFont(null);
                y += line;
                if (p.problem() != null) {
                    gc.drawText(Ui.elide(gc, p.problem(), area.width - 24), 16, y, true);
                    y += line + 4;
                    continue;
                }
                int barWidth = Math.max(20, area.width - 16 - labelWidth - valueWidth);
                for (int i = 0; i < p.bars().size(); i++) {
                    VisualizationFrame.Bar b = p.bars().get(i);
                    gc.drawText(Ui.elide(gc, b.label(), labelWidth - 10), 16, y, true);
                    gc.setBackground(i == 0 ? accent : bar);
                    gc.fillRectangle(8 + labelWidth, y + 2, (int) Math.round(barWidth * b.value()), line - 8);
                    String change = change(b.change());
                    gc.drawText(String.format(Locale.ROOT, "%5.1f%%", 100 * b.value()) + change, 12 + labelWidth
                            + barWidth,
                            y, true);
                    y += line;
                }
                y += 8;
            }
        } finally {
            accent.dispose();
            bar.dispose();
        }
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        preferences.removePreferenceChangeListener(topKListener);
        subscription.close();
        runner.dispose();
        if (bold != null) {
            bold.dispose();
        }
    }
}
