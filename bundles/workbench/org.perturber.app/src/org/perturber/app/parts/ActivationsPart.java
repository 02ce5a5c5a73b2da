package org.perturber.app.parts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.ProblemLog;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.registry.Contribution;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationGuard;
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
 * Activations of one layer of one active model, drawn by a contributed visualization of category "activations": ours
 * ("Activation maps", a heat map per channel) by default, a lab's when chosen in the view's combo (shown when there
 * is more than one). A visualization that fails, draws a bad frame or hangs is named in the title and the Error Log;
 * the maps drawn last stay. The layer comes with the predictions' own forward pass (the view asks the explore pipeline for
 * it). Click a channel to pin it: the Robustness curve view plots the pinned channels' mean activations against the
 * parameter being changed. Beside the grid, the {@link FeatureVisPanel} shows the feature visualization of the channel
 * under the mouse (or clicked last) and its most and least exciting renders. While states keep coming (a drag) the grid refreshes at most every
 * {@value #INTERVAL_MS} ms, leaving the UI thread to the predictions; it always ends on the newest state.
 */
public class ActivationsPart {
    static final String VISUALIZATION = "org.perturber.viz.activations.maps";
    static final long INTERVAL_MS = 100;
    /** Heat maps never get smaller than this (pixels a side): below it they are dots; the grid scrolls instead. */
    public static final int MIN_TILE = 48;

    private ExploreSession session;
    private ExplorePipeline.Subscription subscription;
    private List<Contribution<Visualization>> choices = List.of();
    private Combo choice;
    /** UI thread writes, the view's Job reads: the visualization drawing the maps. */
    private volatile Contribution<Visualization> chosen;
    private VisualizationRunner runner;
    /** The last result drawn (or to draw), drawn again when another visualization is chosen. */
    private volatile ModelResult last;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private Combo model;
    private Combo layer;
    private Label title;
    private StaleMarker marker;
    private ScrolledComposite scroller;
    private Canvas tilesCanvas;
    private FeatureVisPanel featureVis;
    private int labelHeight;
    private final List<Image> images = new ArrayList<>();
    private List<String> labels = List.of();
    private final Set<Integer> pinned = new LinkedHashSet<>();
    private int columns = 1;
    private int tile = 1;
    private final AtomicInteger updates = new AtomicInteger();
    /** The model (key) and layer the grid shows (UI thread writes, pipeline thread reads). */
    private volatile String shownModel;
    private volatile String shownLayer;
    /** The newest result with our layer not yet drawn, and when the grid was last drawn (System.nanoTime). */
    private final AtomicReference<ModelResult> waiting = new AtomicReference<>();
    private volatile long lastDrawn;
    /** The session state (its change time) whose activations the grid shows. */
    private volatile long shownState;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline pipeline,
            ContributionRegistry contributions, ProblemLog log) {
        session = explore;
        runner = new VisualizationRunner("Activations", log);
        parent.setLayout(new GridLayout(4, false));
        marker = new StaleMarker(parent, 4);
        choices = Contributed.ofCategory(contributions, Contributed.ACTIVATIONS, VISUALIZATION);
        Label choiceLabel = new Label(parent, SWT.NONE);
        choiceLabel.setText("Visualization:");
        choice = new Combo(parent, SWT.READ_ONLY);
        GridData choiceData = new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1);
        choiceData.widthHint = 120;
        choice.setLayoutData(choiceData);
        if (choices.size() < 2) { // one visualization: nothing to choose, no row
            GridData labelData = new GridData();
            labelData.exclude = true;
            choiceLabel.setLayoutData(labelData);
            choiceLabel.setVisible(false);
            choiceData.exclude = true;
            choice.setVisible(false);
        }
        VisualizationChoice.fill(choice, choices, Contributed.ACTIVATIONS);
        chosen = VisualizationChoice.selected(choice, choices);
        choice.addListener(SWT.Selection, e -> {
            VisualizationChoice.chosen(choice, choices, Contributed.ACTIVATIONS, log);
            runner.forget();
            chosen = VisualizationChoice.selected(choice, choices);
            ModelResult again = last;
            if (again != null) {
                arrived(again);
            }
        });
        new Label(parent, SWT.NONE).setText("Model:");
        model = new Combo(parent, SWT.READ_ONLY);
        model.setLayoutData(Ui.narrow());
        model.addListener(SWT.Selection, e -> fillLayers());
        new Label(parent, SWT.NONE).setText("Layer:");
        layer = new Combo(parent, SWT.READ_ONLY);
        layer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        layer.addListener(SWT.Selection, e -> {
            pinned.clear();
            updateNeeds();
        });
        GridData layerData = (GridData) layer.getLayoutData();
        layerData.widthHint = 120; // long layer names do not widen the view: the combo takes what is left
        title = new Label(parent, SWT.NONE);
        GridData titleData = new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1);
        titleData.widthHint = 60;
        title.setLayoutData(titleData);
        SashForm split = new SashForm(parent, SWT.HORIZONTAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        scroller = new ScrolledComposite(split, SWT.V_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        tilesCanvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
        scroller.setContent(tilesCanvas);
        scroller.addListener(SWT.Resize, e -> layoutTiles());
        GC measure = new GC(tilesCanvas);
        try {
            labelHeight = measure.getFontMetrics().getHeight();
        } finally {
            measure.dispose();
        }
        tilesCanvas.addPaintListener(e -> paintTiles(e.gc));
        tilesCanvas.addListener(SWT.MouseDown, this::click);
        tilesCanvas.addListener(SWT.MouseMove, e -> featureVis.hover(tileAt(e.x, e.y)));
        tilesCanvas.addListener(SWT.MouseExit, e -> featureVis.hover(-1));
        featureVis = new FeatureVisPanel(split, log);
        split.setWeights(64, 36);
        subscription = pipeline.subscribe("Activations view", Needs.NOTHING, new ExploreListener() {
            @Override
            public void computing(ExploreState state) {
                String layerId = shownLayer;
                if (layerId != null) {
                    marker.computing(state.sequence(), "the activations of " + layerId + " for the newest state",
                            pipeline::cancel, StaleMarker.progressOf(pipeline));
                }
            }

            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                String key = shownModel;
                String layerId = shownLayer;
                results.stream().filter(r -> r.ok() && r.model().key().equals(key) && r.result().activations()
                        .containsKey(layerId)).findFirst().ifPresentOrElse(ActivationsPart.this::arrived, () -> {
                            if (results.stream().noneMatch(r -> r.ok() && r.model().key().equals(key))) {
                                marker.fresh(state.sequence()); // no map to wait for: the model failed
                            }
                        });
            }

            @Override
            public void failed(ExploreState state, String problem) {
                marker.ended(state.sequence(), problem.equals(ExplorePipeline.CANCELLED));
            }
        });
        session.addListener(sessionListener);
        sessionChanged(null);
    }

    public int updates() {
        return updates.get();
    }

    /** UI thread: the combo choosing the visualization (tests choose in it; hidden when there is one choice). */
    public Combo visualizationCombo() {
        return choice;
    }

    /** UI thread: the title above the maps, whole (it names a visualization's problem when there is one). */
    public String title() {
        return Ui.fullText(title);
    }

    /** The session's change time of the state whose activations the grid shows now. */
    public long shownState() {
        return shownState;
    }

    /** Channel count shown now. */
    public int channels() {
        return labels.size();
    }

    /** UI thread: whether the stale marker shows, and what it says. */
    public boolean staleShown() {
        return marker.showing();
    }

    public String staleText() {
        return marker.text();
    }

    public Set<Integer> pinned() {
        return Set.copyOf(pinned);
    }

    /** The feature visualization panel beside the grid. */
    public FeatureVisPanel featureVisualization() {
        return featureVis;
    }

    /** UI thread: the centre of a channel's tile on the grid's canvas (where a user points at it). */
    public Point tileCentre(int channel) {
        return new Point((channel % columns) * (tile + 4) + 2 + tile / 2, (channel / columns) * (tile + 4
                + labelHeight) + 2 + tile / 2);
    }

    /** The grid's canvas (tests point at tiles on it). */
    public Canvas tilesCanvas() {
        return tilesCanvas;
    }

    /** Pins or unpins a channel, as a click on its tile does. */
    public void togglePin(int channel) {
        if (!pinned.remove(channel)) {
            pinned.add(channel);
        }
        publishPins();
        tilesCanvas.redraw();
        Ui.setElided(title, Ui.fullText(title).replace("  \u00b7  click a channel to pin it", "") + (pinned
                .isEmpty() ? "  \u00b7  click a channel to pin it" : ""));
    }

    private void publishPins() {
        session.setPins(pinned.isEmpty() || shownModel == null ? ExploreSession.Pins.NONE : new ExploreSession.Pins(
                shownModel, shownLayer, new java.util.TreeSet<>(pinned)));
    }

    /** Any thread: the model list follows the session's active models. */
    private void sessionChanged(SessionEvent event) {
        if (event != null && event.kind() != SessionEvent.Kind.MODELS) {
            return;
        }
        Ui.async(tilesCanvas, () -> {
            Ui.showModels(model, session.models());
            fillLayers();
        });
    }

    private void fillLayers() {
        LoadedModel m = selectedModel();
        List<String> layers = m == null ? List.of() : m.descriptor().layers().stream().map(LayerInfo::displayName)
                .toList();
        if (!layers.equals(List.of(layer.getItems()))) {
            layer.setItems(layers.toArray(String[]::new));
            layer.select(layers.isEmpty() ? -1 : 0);
            pinned.clear();
        }
        updateNeeds();
    }

    /** UI thread: asks the pipeline for the chosen layer with every forward pass of the chosen model. */
    private void updateNeeds() {
        LoadedModel m = selectedModel();
        int i = layer.getSelectionIndex();
        String layerId = m == null || i < 0 ? null : m.descriptor().layers().get(i).id();
        shownModel = m == null ? null : m.key();
        shownLayer = layerId;
        featureVis.target(m, layerId, m == null || i < 0 ? null : m.descriptor().layers().get(i).displayName());
        publishPins();
        subscription.needs(layerId == null ? Needs.NOTHING : Needs.predictions(1).withActivations(m.key(), Set.of(
                layerId)).pacedDuringDrags());
        if (layerId == null) {
            Ui.async(tilesCanvas, () -> show(null, List.of(), "", 0));
        }
    }

    private LoadedModel selectedModel() {
        List<LoadedModel> models = session.models();
        int i = model.getSelectionIndex();
        return i >= 0 && i < models.size() ? models.get(i) : null;
    }

    /** Pipeline thread: our layer came with a forward pass; drawn in a Job now, or at most an interval later. */
    private void arrived(ModelResult r) {
        waiting.set(r);
        last = r;
        long since = System.nanoTime() - lastDrawn;
        runner.submit(this::draw, since >= INTERVAL_MS * 1_000_000 ? 0 : Math.max(1, INTERVAL_MS - since
                / 1_000_000));
    }

    /**
     * The view's Job: draws the newest waiting result through the chosen visualization (a guarded call), off the
     * pipeline's thread; a problem is said in the title over the maps drawn last.
     */
    private void draw() {
        ModelResult r = waiting.getAndSet(null);
        Contribution<Visualization> c = chosen;
        if (r == null) {
            return;
        }
        if (c == null) { // no visualization of category activations is installed: nothing will come
            Ui.async(tilesCanvas, () -> Ui.setElided(title, "No visualization of category activations is installed"));
            marker.fresh(r.state().sequence());
            return;
        }
        lastDrawn = System.nanoTime();
        String layerId = shownLayer;
        VisualizationGuard.Outcome<VisualizationFrame> frame = runner.compute(c, new VisualizationInput(r.model()
                .descriptor(), r.input(), r.result(), null, layerId), VisualizationFrame.Tiles.class);
        if (frame.value() instanceof VisualizationFrame.Tiles tiles) {
            List<ImageData> data = tiles.tiles().stream().map(ScenePart::toImageData).toList();
            Ui.async(tilesCanvas, () -> show(tiles, data, tiles.title(), r.state().createdAt()));
        } else {
            Ui.async(tilesCanvas, () -> {
                Ui.setElided(title, "Not updated (the maps drawn last are shown): " + frame.problem());
                updates.incrementAndGet();
            });
        }
        marker.fresh(r.state().sequence());
    }

    private void show(VisualizationFrame.Tiles tiles, List<ImageData> data, String text, long state) {
        images.forEach(Image::dispose);
        images.clear();
        for (ImageData d : data) {
            images.add(new Image(tilesCanvas.getDisplay(), d));
        }
        labels = tiles == null ? List.of() : tiles.labels();
        Ui.setElided(title, text + (tiles != null && pinned.isEmpty() ? "  \u00b7  click a channel to pin it"
                : ""));
        shownState = state;
        layoutTiles();
        tilesCanvas.redraw();
        updates.incrementAndGet();
    }

    /** The side of the heat maps drawn now, in pixels (never below {@link #MIN_TILE} while there are maps). */
    public int tileSize() {
        return images.isEmpty() ? 0 : tile;
    }

    /** UI thread: the largest square tiles that fit the view, at least {@link #MIN_TILE}; more rows scroll. */
    private void layoutTiles() {
        Rectangle view = scroller.getClientArea();
        int n = images.size();
        if (n == 0 || view.width <= 0) {
            scroller.setMinSize(0, 0);
            return;
        }
        tile = MIN_TILE;
        for (int size = Math.min(view.width, view.height); size > MIN_TILE; size--) {
            int cols = Math.max(1, view.width / (size + 4));
            int rows = (n + cols - 1) / cols;
            if (rows * (size + 4 + labelHeight) <= view.height) {
                tile = size;
                break;
            }
        }
        columns = Math.max(1, view.width / (tile + 4));
        int rows = (n + columns - 1) / columns;
        scroller.setMinSize(tile + 8, rows * (tile + 4 + labelHeight) + 4);
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
        int label = labelHeight;
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
                gc.drawText(Ui.elide(gc, labels.get(i), tile), x, y + tile, true);
            }
        }
    }

    private void click(Event e) {
        int i = tileAt(e.x, e.y);
        if (i >= 0) {
            togglePin(i);
            // the panel shows the channel pinned last (while the mouse is elsewhere)
            featureVis.select(pinned.contains(i) ? i : pinned.stream().reduce((a, b) -> b).orElse(-1));
        }
    }

    /** The channel whose tile (with its label) is at a point of the canvas, or -1. */
    private int tileAt(int x, int y) {
        if (x < 2 || y < 2 || images.isEmpty()) {
            return -1;
        }
        int col = (x - 2) / (tile + 4);
        int row = (y - 2) / (tile + 4 + labelHeight);
        int i = row * columns + col;
        return col < columns && i < images.size() ? i : -1;
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        runner.dispose();
        featureVis.dispose();
        images.forEach(Image::dispose);
    }
}
