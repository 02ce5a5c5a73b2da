package org.perturber.app.parts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.ExploreSession;
import org.perturber.app.ModelInputs;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Top predictions of every active model for the current scene, drawn from the contributed "Top predictions"
 * visualization. Updates run as a Job off the UI thread: the scene is rendered at each model's input size and sent
 * through a latest-wins inference client, so while the camera moves the view always ends on the newest scene.
 */
public class PredictionsPart {
    static final String VISUALIZATION = "org.perturber.viz.predictions.top";
    private static final int TOP_K = 5;

    /** One model's predictions, or why there are none. */
    public record Panel(String model, String title, List<VisualizationFrame.Bar> bars, String problem) {
    }

    private ExploreSession session;
    private final Runnable listener = this::schedule;
    private Canvas canvas;
    private Label status;
    private Font bold;
    private Job job;
    private InferenceClient client;
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
    public void create(Composite parent, ExploreSession explore) {
        session = explore;
        parent.setLayout(new GridLayout(1, false));
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.addPaintListener(e -> {
            paint(e.gc);
            shown(System.nanoTime());
        });
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        FontData fd = parent.getFont().getFontData()[0];
        bold = new Font(parent.getDisplay(), fd.getName(), fd.getHeight(), SWT.BOLD);
        job = Job.create("Updating predictions", this::update);
        job.setSystem(true);
        session.addListener(listener);
        schedule();
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

    /** Any thread: a running update is followed by one more, however many changes arrive meanwhile. */
    private void schedule() {
        job.schedule();
    }

    private IStatus update(IProgressMonitor monitor) {
        Scene scene = session.scene();
        List<LoadedModel> models = session.models();
        if (scene == null || models.isEmpty()) {
            show(List.of(), session.modelProblem() != null ? session.modelProblem() : scene == null
                    ? "Preparing the scene..." : "No model is active: check one in the Models view.", null);
            return Status.OK_STATUS;
        }
        long start = System.nanoTime();
        long changedAt = session.changedAt();
        session.predictionsPending(changedAt);
        try {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            if (client == null) {
                client = inference.newClient("Predictions view");
            }
            Visualization top = Contributed.visualization(VISUALIZATION);
            ModelInputs inputs = new ModelInputs(scene, session.stack(), session.inputCache());
            Map<String, RgbImage> images = new HashMap<>();
            Map<String, String> skipped = new HashMap<>();
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            for (LoadedModel m : models) {
                int problemsBefore = inputs.problems().size();
                RgbImage input = inputs.input(m, monitor);
                if (inputs.problems().size() > problemsBefore) {
                    // an attack this model cannot take (no gradients) or one that failed: said beside its predictions
                    skipped.put(m.key(), " \u00b7 skipped: " + inputs.problems().get(problemsBefore));
                }
                images.put(m.key(), input);
                // activations other views want come with the same forward pass
                futures.add(client.submit(m, input, InferenceRequest.predictions(TOP_K).withActivations(session
                        .wantedLayers(m.key()))));
            }
            List<Panel> result = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                LoadedModel m = models.get(i);
                String title = m.descriptor().name() + " \u00b7 " + m.descriptor().variant() + skipped.getOrDefault(m
                        .key(), "");
                try {
                    InferenceResult r = futures.get(i).get();
                    session.publish(m.key(), changedAt, images.get(m.key()), r);
                    VisualizationFrame frame = top.compute(new VisualizationInput(m.descriptor(), images.get(m.key()),
                            r, baseline(m, scene, inputs, r), null));
                    result.add(frame instanceof VisualizationFrame.Bars bars ? new Panel(m.key(), title, bars.bars(),
                            null) : new Panel(m.key(), title, List.of(), "the visualization drew no bars"));
                } catch (CancellationException e) {
                    return Status.OK_STATUS; // a newer scene superseded this one; its update follows
                } catch (ExecutionException e) {
                    result.add(new Panel(m.key(), title, List.of(), e.getCause().getMessage()));
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            show(result, null, String.format(Locale.ROOT, "%d model%s \u00b7 render + inference %.0f ms \u00b7 %s",
                    models.size(), models.size() == 1 ? "" : "s", ms, inference.device()), changedAt, inference
                            .device());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            show(List.of(), "Predictions failed: " + e.getMessage(), null);
            session.predictionsShown(changedAt);
        }
        return Status.OK_STATUS;
    }

    /** Baselines (the scene without perturbations) by model key, for the scene they were computed for. */
    private final Map<String, Map.Entry<Scene, InferenceResult>> baselines = new HashMap<>();

    /**
     * The model's predictions for the unperturbed scene, which each bar's change is measured against. With an
     * empty stack the result is its own baseline; otherwise it is computed once per scene and model.
     */
    private InferenceResult baseline(LoadedModel m, Scene scene, ModelInputs inputs, InferenceResult now)
            throws InterruptedException, ExecutionException {
        if (session.stack().entries().stream().noneMatch(e -> e.enabled())) {
            return now;
        }
        Map.Entry<Scene, InferenceResult> cached = baselines.get(m.key());
        if (cached != null && cached.getKey().equals(scene)) {
            return cached.getValue();
        }
        InferenceResult b = client.submit(m, inputs.baseline(m), InferenceRequest.predictions(TOP_K)).get();
        baselines.put(m.key(), Map.entry(scene, b));
        return b;
    }


    private void show(List<Panel> newPanels, String newMessage, String statusText) {
        show(newPanels, newMessage, statusText, 0, null);
    }

    /**
     * Shows results; with {@code changedAt}, also the end-to-end latency from that change to the moment they are
     * painted.
     */
    private void show(List<Panel> newPanels, String newMessage, String statusText, long changedAt, String device) {
        if (canvas.isDisposed()) {
            session.predictionsShown(changedAt);
            return;
        }
        canvas.getDisplay().asyncExec(() -> {
            if (canvas.isDisposed()) {
                session.predictionsShown(changedAt);
                return;
            }
            panels = newPanels;
            message = newMessage;
            status.setText(statusText == null ? "" : statusText);
            // painted at GTK's next frame (update() does not paint on GTK 3.16 and later): the paint listener
            // records when, and the status line's latency ends there
            canvas.redraw();
            updates.incrementAndGet();
            session.predictionsShown(changedAt);
            if (device != null) {
                readyAt = System.nanoTime();
                readyChange = changedAt;
                this.device = device;
                readyListeners.forEach(Runnable::run);
                if (!canvas.isVisible()) {
                    shown(readyAt); // a hidden view is not painted: its predictions count as shown when taken
                }
            }
        });
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
        session.setStatus(String.format(Locale.ROOT, "%s  \u00b7  last change to updated predictions: %.0f ms",
                device, (now - change) / 1e6));
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        if (message != null) {
            gc.drawText(message, 8, 8, true);
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
                gc.drawText(p.title(), 8, y, true);
                gc.setFont(null);
                y += line;
                if (p.problem() != null) {
                    gc.drawText(p.problem(), 16, y, true);
                    y += line + 4;
                    continue;
                }
                int barWidth = Math.max(20, area.width - 16 - labelWidth - valueWidth);
                for (int i = 0; i < p.bars().size(); i++) {
                    VisualizationFrame.Bar b = p.bars().get(i);
                    gc.drawText(b.label(), 16, y, true);
                    gc.setBackground(i == 0 ? accent : bar);
                    gc.fillRectangle(8 + labelWidth, y + 2, (int) Math.round(barWidth * b.value()), line - 8);
                    String change = Double.isNaN(b.change()) || Math.abs(b.change()) < 0.0005 ? "" : String.format(
                            Locale.ROOT, " (%+.0f)", 100 * b.change());
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
        session.removeListener(listener);
        job.cancel();
        if (bold != null) {
            bold.dispose();
        }
    }
}
