package org.perturber.app.parts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.ExploreSession;
import org.perturber.app.ModelInputs;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Activations of one layer of one active model, drawn from the contributed "Activation maps" visualization: a heat
 * map per channel. Click a channel to pin it; the pinned channels' mean activations are plotted below against the
 * value of the parameter last changed in the stack editor (or against time while only the camera moves).
 */
public class ActivationsPart {
    static final String VISUALIZATION = "org.perturber.viz.activations.maps";
    private static final int HISTORY = 300;

    /** One point of a pinned channel's history. */
    private record Sample(double x, double[] values) {
    }

    private ExploreSession session;
    private final Runnable listener = this::schedule;
    private final Runnable results = this::resultsArrived;
    private volatile String wantedFrom;
    private Combo model;
    private Combo layer;
    private Label title;
    private Canvas tilesCanvas;
    private Canvas plotCanvas;
    private Job job;
    private InferenceClient client;
    private final List<Image> images = new ArrayList<>();
    private List<String> labels = List.of();
    private final Set<Integer> pinned = new LinkedHashSet<>();
    private final Deque<Sample> history = new ArrayDeque<>();
    private int columns = 1;
    private int tile = 1;
    private final AtomicInteger updates = new AtomicInteger();
    private int tick;
    /** The state the plot's last point belongs to (UI thread). */
    private long sampledState;
    /** The model (key) and layer the grid shows, for points taken as results arrive. */
    private volatile String shownModel;
    private volatile String shownLayer;
    private final Pacing pacing = new Pacing();
    /** Whether a channel is pinned (read by the Job: the pinned plot needs the layer from every forward pass). */
    private volatile boolean anyPinned;
    /** The session state (its change time) whose activations the grid shows. */
    private volatile long shownState;
    /** The session's models the model list was last synchronised with. */
    private volatile List<LoadedModel> knownModels;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore) {
        session = explore;
        parent.setLayout(new GridLayout(4, false));
        new Label(parent, SWT.NONE).setText("Model:");
        model = new Combo(parent, SWT.READ_ONLY);
        model.addListener(SWT.Selection, e -> fillLayers());
        new Label(parent, SWT.NONE).setText("Layer:");
        layer = new Combo(parent, SWT.READ_ONLY);
        layer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        layer.addListener(SWT.Selection, e -> {
            pinned.clear();
            anyPinned = false;
            history.clear();
            schedule();
        });
        title = new Label(parent, SWT.NONE);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        tilesCanvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        tilesCanvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        tilesCanvas.addPaintListener(e -> paintTiles(e.gc));
        tilesCanvas.addListener(SWT.MouseDown, this::click);
        plotCanvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        GridData plotData = new GridData(SWT.FILL, SWT.FILL, true, false, 4, 1);
        plotData.heightHint = 90;
        plotCanvas.setLayoutData(plotData);
        plotCanvas.addPaintListener(e -> paintPlot(e.gc));
        job = Job.create("Updating activations", this::update);
        job.setSystem(true);
        session.addListener(listener);
        session.addResultListener(results);
        schedule();
    }

    /**
     * The Predictions view published results: ours may be among them, ready without another forward pass. The
     * pinned channels' plot takes a point from every one (cheap); the grid of maps follows at its own pace.
     */
    private void resultsArrived() {
        String key = shownModel;
        String layerId = shownLayer;
        ExploreSession.Published p = key == null ? null : session.published(key);
        if (p != null && layerId != null && p.result().activations().containsKey(layerId)) {
            var a = p.result().activations().get(layerId);
            long state = p.changedAt();
            Ui.async(plotCanvas, () -> sample(state, c -> c < a.channels() ? a.channelMean(c) : 0));
        }
        job.wakeUp(); // a Job sleeping until a fallback delay runs now (scheduling it again would not)
        job.schedule();
    }

    /** UI thread: one point of the pinned channels' plot for a state, once. */
    private void sample(long state, java.util.function.IntToDoubleFunction channelMean) {
        if (pinned.isEmpty() || state == sampledState) {
            return;
        }
        sampledState = state;
        ExploreSession.Change change = session.lastChange();
        history.addLast(new Sample(change == null ? tick++ : change.value(), pinned.stream().mapToDouble(
                channelMean::applyAsDouble).toArray()));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        plotCanvas.redraw();
    }

    public int updates() {
        return updates.get();
    }

    /** The session's change time of the state whose activations the grid shows now. */
    public long shownState() {
        return shownState;
    }

    /** Channel count shown now. */
    public int channels() {
        return labels.size();
    }

    public Set<Integer> pinned() {
        return Set.copyOf(pinned);
    }

    /** Pins or unpins a channel, as a click on its tile does. */
    public void togglePin(int channel) {
        if (!pinned.remove(channel)) {
            pinned.add(channel);
        }
        anyPinned = !pinned.isEmpty();
        job.schedule(); // with a pin, the layer comes with every forward pass again
        history.clear();
        tilesCanvas.redraw();
        plotCanvas.redraw();
    }

    /** Points in the pinned channels' plot. */
    public int plotted() {
        return history.size();
    }

    private void schedule() {
        if (tilesCanvas.isDisposed()) {
            return;
        }
        List<LoadedModel> models = session.models();
        if (models.equals(knownModels)) {
            job.schedule(40); // the same models (a drag step): no need to visit the UI thread
            return;
        }
        Ui.async(tilesCanvas, () -> {
            if (!tilesCanvas.isDisposed()) {
                syncModels();
                knownModels = models;
                job.schedule(40); // after the Predictions view, whose latency the user watches
            }
        });
    }

    /** UI thread: the model list follows the session's active models. */
    private void syncModels() {
        List<String> names = session.models().stream().map(m -> m.descriptor().name()).toList();
        if (!names.equals(List.of(model.getItems()))) {
            String was = model.getText();
            model.setItems(names.toArray(String[]::new));
            model.select(Math.max(0, names.indexOf(was)));
            fillLayers();
            model.getParent().layout();
        }
    }

    private void fillLayers() {
        LoadedModel m = selectedModel();
        List<String> layers = m == null ? List.of() : m.descriptor().layers().stream().map(LayerInfo::displayName)
                .toList();
        if (!layers.equals(List.of(layer.getItems()))) {
            layer.setItems(layers.toArray(String[]::new));
            layer.select(layers.isEmpty() ? -1 : 0);
            pinned.clear();
            anyPinned = false;
            history.clear();
        }
        job.schedule();
    }

    private LoadedModel selectedModel() {
        List<LoadedModel> models = session.models();
        int i = model.getSelectionIndex();
        return i >= 0 && i < models.size() ? models.get(i) : null;
    }

    private IStatus update(IProgressMonitor monitor) {
        long wait = pacing.delayMillis(session);
        if (wait > 0) {
            job.schedule(wait);
            return Status.OK_STATUS;
        }
        if (!Ui.yieldToPredictions(session)) {
            return Status.OK_STATUS;
        }
        LoadedModel[] m = new LoadedModel[1];
        String[] layerId = new String[1];
        Ui.sync(tilesCanvas, () -> {
            if (!tilesCanvas.isDisposed()) {
                m[0] = selectedModel();
                int i = layer.getSelectionIndex();
                layerId[0] = m[0] == null || i < 0 ? null : m[0].descriptor().layers().get(i).id();
            }
        });
        Scene scene = session.scene();
        if (m[0] == null || layerId[0] == null || scene == null) {
            return Status.OK_STATUS;
        }
        if (wantedFrom != null && !wantedFrom.equals(m[0].key())) {
            session.want("activations", wantedFrom, Set.of());
        }
        session.want("activations", m[0].key(), Set.of(layerId[0]));
        wantedFrom = m[0].key();
        shownModel = m[0].key();
        shownLayer = layerId[0];
        long state = session.changedAt();
        try {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            if (client == null) {
                client = inference.newClient("Activations view");
            }
            ExploreSession.Published shared = session.published(m[0].key());
            InferenceResult r;
            RgbImage input = null;
            if (shared != null && shared.result().activations().containsKey(layerId[0])) {
                // the Predictions view's forward pass brought our layer along; during a drag it may be a step
                // behind the newest state, whose own result wakes this Job again, so the grid ends on it
                r = shared.result();
                input = shared.input();
                state = shared.changedAt();
                if (!anyPinned && Pacing.changing(session)) {
                    // during a drag with nothing pinned the grid is due again only an interval from now: until
                    // then the Predictions view's forward passes need not copy the layer out
                    session.want("activations", m[0].key(), Set.of());
                }
            } else if (System.nanoTime() - state < 200_000_000L) {
                job.schedule(250); // the Predictions view is on it and its result wakes us; if not, we do it
                return Status.OK_STATUS;
            } else {
                input = new ModelInputs(scene, session.stack(), session.inputCache()).input(m[0], monitor);
                r = client.submit(m[0], input, InferenceRequest.predictions(1).withActivations(Set.of(layerId[0])))
                        .get();
            }
            pacing.refreshed();
            VisualizationFrame frame = Contributed.visualization(VISUALIZATION).compute(new VisualizationInput(
                    m[0].descriptor(), input, r, null, layerId[0]));
            if (frame instanceof VisualizationFrame.Tiles tiles) {
                float[] channelMeans = new float[tiles.tiles().size()];
                var a = r.activations().get(layerId[0]);
                for (int c = 0; c < channelMeans.length; c++) {
                    channelMeans[c] = a.channelMean(c);
                }
                show(tiles, channelMeans, state);
            }
        } catch (CancellationException e) {
            // superseded by a newer state; its update follows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            Ui.report(title, "Activations", e);
        }
        return Status.OK_STATUS;
    }


    private void show(VisualizationFrame.Tiles tiles, float[] channelMeans, long state) {
        Ui.async(tilesCanvas, () -> {
            if (tilesCanvas.isDisposed()) {
                return;
            }
            images.forEach(Image::dispose);
            images.clear();
            for (RgbImage t : tiles.tiles()) {
                images.add(new Image(tilesCanvas.getDisplay(), ScenePart.toImageData(t)));
            }
            labels = tiles.labels();
            title.setText(tiles.title() + (pinned.isEmpty() ? "  \u00b7  click a channel to pin it" : ""));
            sample(state, c -> c < channelMeans.length ? channelMeans[c] : 0); // if no published result brought it
            shownState = state;
            tilesCanvas.redraw();
            plotCanvas.redraw();
            updates.incrementAndGet();
        });
    }

    private void paintTiles(GC gc) {
        Rectangle area = tilesCanvas.getClientArea();
        gc.setBackground(tilesCanvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (images.isEmpty()) {
            gc.drawText(session.models().isEmpty() ? "No model is active" : "Choose a layer", 8, 8, true);
            return;
        }
        int n = images.size();
        int label = gc.getFontMetrics().getHeight();
        // the largest square tiles that fit
        tile = 4;
        for (int size = Math.min(area.width, area.height); size >= 4; size--) {
            int cols = Math.max(1, area.width / (size + 4));
            int rows = (n + cols - 1) / cols;
            if (rows * (size + 4 + label) <= area.height) {
                tile = size;
                break;
            }
        }
        columns = Math.max(1, area.width / (tile + 4));
        gc.setInterpolation(SWT.NONE);
        Color pin = tilesCanvas.getDisplay().getSystemColor(SWT.COLOR_RED);
        for (int i = 0; i < n; i++) {
            int x = (i % columns) * (tile + 4) + 2;
            int y = (i / columns) * (tile + 4 + label) + 2;
            Rectangle b = images.get(i).getBounds();
            gc.drawImage(images.get(i), 0, 0, b.width, b.height, x, y, tile, tile);
            if (pinned.contains(i)) {
                gc.setForeground(pin);
                gc.setLineWidth(2);
                gc.drawRectangle(x - 1, y - 1, tile + 1, tile + 1);
            }
            if (tile >= 40 && i < labels.size()) {
                gc.setForeground(tilesCanvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
                gc.drawText(labels.get(i), x, y + tile, true);
            }
        }
    }

    private void click(Event e) {
        int label = 0;
        GC gc = new GC(tilesCanvas);
        try {
            label = gc.getFontMetrics().getHeight();
        } finally {
            gc.dispose();
        }
        int col = (e.x - 2) / (tile + 4);
        int row = (e.y - 2) / (tile + 4 + label);
        int i = row * columns + col;
        if (col < columns && i >= 0 && i < images.size()) {
            togglePin(i);
        }
    }

    private void paintPlot(GC gc) {
        Rectangle area = plotCanvas.getClientArea();
        gc.setBackground(plotCanvas.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        ExploreSession.Change change = session.lastChange();
        String axis = change == null ? "updates" : change.label();
        if (pinned.isEmpty() || history.isEmpty()) {
            gc.drawText("Pinned channels' mean activation against " + axis + " appears here.", 8, 8, true);
            return;
        }
        double minX = history.stream().mapToDouble(Sample::x).min().orElse(0);
        double maxX = history.stream().mapToDouble(Sample::x).max().orElse(1);
        double maxY = history.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values())).max().orElse(1);
        maxY = maxY <= 0 ? 1 : maxY;
        int[] colors = { SWT.COLOR_RED, SWT.COLOR_BLUE, SWT.COLOR_DARK_GREEN, SWT.COLOR_MAGENTA, SWT.COLOR_DARK_CYAN };
        List<Integer> pins = new ArrayList<>(pinned);
        for (int k = 0; k < pins.size(); k++) {
            gc.setBackground(plotCanvas.getDisplay().getSystemColor(colors[k % colors.length]));
            for (Sample s : history) {
                if (k >= s.values().length) {
                    continue;
                }
                int x = 40 + (int) ((s.x() - minX) / Math.max(1e-9, maxX - minX) * (area.width - 50));
                int y = area.height - 14 - (int) (s.values()[k] / maxY * (area.height - 24));
                gc.fillOval(x - 2, y - 2, 5, 5);
            }
        }
        gc.setForeground(plotCanvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        gc.drawText(String.format(Locale.ROOT, "%.2f", maxY), 2, 2, true);
        gc.drawText(String.format(Locale.ROOT, "channels %s against %s (%.3g to %.3g)", pins, axis, minX, maxX), 40,
                area.height - 14, true);
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(listener);
        session.removeResultListener(results);
        if (wantedFrom != null) {
            session.want("activations", wantedFrom, Set.of());
        }
        job.cancel();
        images.forEach(Image::dispose);
    }
}
