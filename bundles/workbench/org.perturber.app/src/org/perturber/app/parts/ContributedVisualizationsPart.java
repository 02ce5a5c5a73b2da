package org.perturber.app.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.ProblemLog;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.ResultNeeds;
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

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Contributed visualizations of the categories no other view draws (a lab's own kind of view): one choice per
 * contribution ("name (category)"), for a chosen model and layer, drawing whatever frame it returns (a picture,
 * bars or tiles). What the visualization needs ({@link Visualization#needs()}) decides what the explore pipeline
 * computes for it: top classes, the chosen layer's activations, a gradient. Every call is guarded and made off the
 * UI thread: one that fails, draws a bad frame or hangs is named in the title and the Error Log, and the frame drawn
 * last stays. Reached through Window > Show view.
 */
public class ContributedVisualizationsPart {
    /** The preference remembering the choice: a contribution id. */
    static final String CATEGORY_KEY = "other";

    private ExploreSession session;
    private ExplorePipeline pipeline;
    private ProblemLog problems;
    private ExplorePipeline.Subscription subscription;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private List<Contribution<Visualization>> choices = List.of();
    private Combo choice;
    private Combo model;
    private Combo layer;
    private Label title;
    private StaleMarker marker;
    private Canvas canvas;
    private VisualizationRunner runner;
    /** What each visualization needs (by id), asked for off the UI thread when first chosen. */
    private final Map<String, VisualizationGuard.Outcome<ResultNeeds>> needs = new ConcurrentHashMap<>();
    /** The visualizations being asked (by id): one question at a time each. */
    private final java.util.Set<String> asking = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** What is drawn now: the chosen visualization, model and layer (UI thread writes, the view's Job reads). */
    private volatile Shown wanted;
    private VisualizationFrame frame;
    private Image picture;
    private final List<Image> tiles = new ArrayList<>();
    private String notice;
    private final AtomicInteger updates = new AtomicInteger();
    /** The newest input drawn or to draw: drawn again when the choice changes but the needs do not. */
    private volatile Runnable redraw;

    /** The choice a frame is drawn for: a visualization, a model (key), a layer (id; may be null) and its needs. */
    private record Shown(Contribution<Visualization> visualization, LoadedModel model, String layer,
            ResultNeeds needs) {
    }

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline explorePipeline,
            ContributionRegistry registry, ProblemLog log) {
        session = explore;
        pipeline = explorePipeline;
        problems = log;
        runner = new VisualizationRunner("Contributed visualizations", log);
        parent.setLayout(new GridLayout(6, false));
        marker = new StaleMarker(parent, 6);
        new Label(parent, SWT.NONE).setText("Visualization:");
        choice = new Combo(parent, SWT.READ_ONLY);
        GridData choiceData = Ui.narrow();
        choiceData.widthHint = 170; // "name (category)": wider than a model's name
        choice.setLayoutData(choiceData);
        choices = Contributed.ofOtherCategories(registry);
        VisualizationChoice.fill(choice, choices, CATEGORY_KEY, c -> c.name() + " (" + (c.category().isBlank()
                ? "no category" : c.category()) + ")");
        choice.addListener(SWT.Selection, e -> {
            VisualizationChoice.chosen(choice, choices, CATEGORY_KEY, problems);
            runner.forget();
            needs.values().removeIf(o -> !o.ok()); // asked again: a plugin may answer now
            updateNeeds();
        });
        new Label(parent, SWT.NONE).setText("Model:");
        model = new Combo(parent, SWT.READ_ONLY);
        model.setLayoutData(Ui.narrow());
        model.addListener(SWT.Selection, e -> {
            fillLayers();
            updateNeeds();
        });
        new Label(parent, SWT.NONE).setText("Layer:");
        layer = new Combo(parent, SWT.READ_ONLY);
        layer.setLayoutData(Ui.narrow());
        layer.setToolTipText("The layer given to visualizations that need one");
        layer.addListener(SWT.Selection, e -> updateNeeds());
        title = new Label(parent, SWT.NONE);
        GridData titleData = new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1);
        titleData.widthHint = 60; // elided to the view's width, never widens it
        title.setLayoutData(titleData);
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        subscription = pipeline.subscribe("Contributed visualizations view", Needs.NOTHING, new ExploreListener() {
            @Override
            public void computing(ExploreState state) {
                Shown w = wanted;
                if (w != null) {
                    marker.computing(state.sequence(), w.visualization().name() + " for the newest state",
                            pipeline::cancel, StaleMarker.progressOf(pipeline));
                }
            }

            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                Shown w = wanted;
                if (w == null) {
                    return;
                }
                ModelResult r = results.stream().filter(m -> m.model().key().equals(w.model().key())).findFirst()
                        .orElse(null);
                if (r == null || !r.ok()) {
                    marker.fresh(state.sequence()); // nothing to draw: the model failed
                } else if (w.needs().gradient() == null) {
                    arrived(w, r, r.result(), state.sequence());
                }
            }

            @Override
            public void gradient(ExploreState state, Needs.Gradient need, ModelResult predictions,
                    InferenceResult gradient) {
                Shown w = wanted;
                if (w != null && w.needs().gradient() != null && need.modelKey().equals(w.model().key())) {
                    arrived(w, predictions, gradient, state.sequence());
                }
            }

            @Override
            public void gradientFailed(ExploreState state, Needs.Gradient need, String problem) {
                marker.fresh(state.sequence());
                Ui.async(canvas, () -> showNotice("Not updated: " + problem));
            }

            @Override
            public void failed(ExploreState state, String problem) {
                marker.ended(state.sequence(), problem.equals(ExplorePipeline.CANCELLED));
            }
        });
        session.addListener(sessionListener);
        sessionChanged(null);
    }

    /** UI thread: the combo choosing the visualization (tests choose in it). */
    public Combo visualizationCombo() {
        return choice;
    }

    /** UI thread: the title, whole: the frame's title, or the problem that kept the view from updating. */
    public String title() {
        return Ui.fullText(title);
    }

    /** UI thread: the frame drawn now (null before the first). */
    public VisualizationFrame frame() {
        return frame;
    }

    /** UI thread: the canvas the frame is drawn on (tests read its pixels). */
    public Canvas canvas() {
        return canvas;
    }

    /** How many times the view has shown a frame or a problem. */
    public int updates() {
        return updates.get();
    }

    /** Any thread: the model list follows the session's active models. */
    private void sessionChanged(SessionEvent event) {
        if (event != null && event.kind() != SessionEvent.Kind.MODELS) {
            return;
        }
        Ui.async(canvas, () -> {
            Ui.showModels(model, session.models());
            fillLayers();
            updateNeeds();
        });
    }

    private LoadedModel selectedModel() {
        List<LoadedModel> models = session.models();
        int i = model.getSelectionIndex();
        return i >= 0 && i < models.size() ? models.get(i) : null;
    }

    /** UI thread: the layer list follows the chosen model; the last layer with a spatial map is the default. */
    private void fillLayers() {
        LoadedModel m = selectedModel();
        List<LayerInfo> layers = m == null ? List.of() : m.descriptor().layers();
        List<String> names = layers.stream().map(LayerInfo::displayName).toList();
        if (!names.equals(List.of(layer.getItems()))) {
            layer.setItems(names.toArray(String[]::new));
            int pick = names.size() - 1;
            while (pick > 0 && layers.get(pick).id().startsWith("fc")) {
                pick--;
            }
            layer.select(pick);
            layer.getParent().layout();
        }
    }

    /** UI thread: asks the pipeline for what the chosen visualization needs, of the chosen model and layer. */
    private void updateNeeds() {
        Contribution<Visualization> c = VisualizationChoice.selected(choice, choices);
        LoadedModel m = selectedModel();
        if (c == null || m == null) {
            wanted = null;
            subscription.needs(Needs.NOTHING);
            showNotice(c == null ? "No visualization of another category is installed: a lab's visualization whose "
                    + "category no other view draws appears here" : "No model is active");
            return;
        }
        VisualizationGuard.Outcome<ResultNeeds> known = needs.get(c.id());
        if (known == null) {
            // the visualization is created and asked off the UI thread (it may hang); this runs again then
            wanted = null;
            subscription.needs(Needs.NOTHING);
            Job ask = Job.create("Asking " + c.name() + " what it needs", (IProgressMonitor monitor) -> {
                needs.put(c.id(), runner.needs(c));
                asking.remove(c.id());
                Ui.async(canvas, this::updateNeeds);
                return Status.OK_STATUS;
            });
            ask.setSystem(true);
            if (asking.add(c.id())) {
                ask.schedule();
            }
            return;
        }
        if (!known.ok()) {
            wanted = null;
            subscription.needs(Needs.NOTHING);
            showNotice("Not drawn: " + known.problem());
            return;
        }
        ResultNeeds w = known.value();
        int l = layer.getSelectionIndex();
        String layerId = l < 0 || l >= m.descriptor().layers().size() ? null : m.descriptor().layers().get(l).id();
        Shown previous = wanted;
        Shown now = new Shown(c, m, layerId, w);
        wanted = now;
        Needs asked = Needs.predictions(Math.max(1, w.topK()));
        if (w.selectedLayerActivations() && layerId != null && w.gradient() == null) {
            asked = asked.withActivations(m.key(), Set.of(layerId)).pacedDuringDrags();
        }
        if (w.gradient() != null) {
            asked = asked.withGradients(List.of(new Needs.Gradient(m.key(), w.gradient(), layerId != null && w
                    .selectedLayerActivations() ? Set.of(layerId) : Set.of(), layerId != null && w
                            .selectedLayerGradient() ? Set.of(layerId) : Set.of())));
        }
        subscription.needs(asked);
        Runnable again = redraw;
        if (again != null && previous != null && !now.equals(previous) && previous.model().key().equals(m.key())
                && previous.needs().equals(w) && java.util.Objects.equals(previous.layer(), layerId)) {
            // another visualization of the same needs (the pipeline computes nothing new): the result at hand
            runner.submit(again);
        }
    }

    /** Pipeline thread: a result for the choice; drawn in the view's Job. */
    private void arrived(Shown w, ModelResult predictions, InferenceResult result, long sequence) {
        Runnable draw = () -> draw(predictions, result, sequence);
        redraw = draw;
        runner.submit(draw);
    }

    /** The view's Job: the chosen visualization's frame (a guarded call), or its problem over the frame drawn last. */
    private void draw(ModelResult predictions, InferenceResult result, long sequence) {
        Shown w = wanted;
        if (w == null || !w.model().key().equals(predictions.model().key())) {
            return;
        }
        VisualizationGuard.Outcome<VisualizationFrame> out = runner.compute(w.visualization(), new VisualizationInput(
                predictions.model().descriptor(), predictions.input(), result, predictions.baseline(), w.layer()),
                null);
        if (out.ok()) {
            VisualizationFrame f = out.value();
            List<ImageData> images = switch (f) {
                case VisualizationFrame.Picture p -> List.of(ScenePart.toImageData(p.image()));
                case VisualizationFrame.Tiles t -> t.tiles().stream().map(ScenePart::toImageData).toList();
                case VisualizationFrame.Bars b -> List.of();
            };
            Ui.async(canvas, () -> show(f, images));
        } else {
            Ui.async(canvas, () -> showNotice("Not updated (the frame drawn last is shown): " + out.problem()));
        }
        marker.fresh(sequence);
    }

    /** UI thread: a frame to draw, with its images made ready off the UI thread. */
    private void show(VisualizationFrame f, List<ImageData> images) {
        if (canvas.isDisposed()) {
            return;
        }
        disposeImages();
        frame = f;
        notice = null;
        if (f instanceof VisualizationFrame.Picture) {
            picture = new Image(canvas.getDisplay(), images.get(0));
        } else {
            images.forEach(d -> tiles.add(new Image(canvas.getDisplay(), d)));
        }
        Ui.setElided(title, f.title() + (f instanceof VisualizationFrame.Picture p && p.legend() != null && !p
                .legend().isBlank() ? "  \u00b7  " + p.legend() : ""));
        canvas.redraw();
        updates.incrementAndGet();
    }

    /** UI thread: a message in the title; the frame drawn last stays. */
    private void showNotice(String text) {
        if (canvas.isDisposed()) {
            return;
        }
        notice = text;
        Ui.setElided(title, frame == null ? "" : text); // with no frame, the canvas says it whole
        canvas.redraw();
        updates.incrementAndGet();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        if (frame == null) {
            org.eclipse.swt.graphics.TextLayout text = new org.eclipse.swt.graphics.TextLayout(canvas.getDisplay());
            try {
                text.setText(notice != null ? notice : "Waiting for a result...");
                text.setWidth(Math.max(40, area.width - 16));
                text.draw(gc, 8, 8);
            } finally {
                text.dispose();
            }
            return;
        }
        gc.setInterpolation(SWT.NONE);
        switch (frame) {
            case VisualizationFrame.Picture p -> {
                Rectangle b = picture.getBounds();
                int side = Math.max(1, Math.min(area.width, area.height));
                gc.drawImage(picture, 0, 0, b.width, b.height, (area.width - side) / 2, 0, side, side);
            }
            case VisualizationFrame.Tiles t -> paintTiles(gc, area, t);
            case VisualizationFrame.Bars b -> paintBars(gc, area, b);
        }
    }

    /** The largest square tiles that fit, in rows, each labelled below. */
    private void paintTiles(GC gc, Rectangle area, VisualizationFrame.Tiles t) {
        int n = tiles.size();
        if (n == 0) {
            gc.drawText("(no tiles)", 8, 8, true);
            return;
        }
        int label = gc.getFontMetrics().getHeight();
        int size = 8;
        for (int s = Math.min(area.width, area.height); s > 8; s--) {
            int cols = Math.max(1, area.width / (s + 4));
            if ((n + cols - 1) / cols * (s + 4 + label) <= area.height) {
                size = s;
                break;
            }
        }
        int columns = Math.max(1, area.width / (size + 4));
        for (int i = 0; i < n; i++) {
            int x = (i % columns) * (size + 4) + 2;
            int y = (i / columns) * (size + 4 + label) + 2;
            Rectangle b = tiles.get(i).getBounds();
            gc.drawImage(tiles.get(i), 0, 0, b.width, b.height, x, y, size, size);
            if (size >= 32) {
                gc.drawText(Ui.elide(gc, t.labels().get(i), size), x, y + size, true);
            }
        }
    }

    /** Bars as the Predictions view draws them: label, bar, value and change. */
    private void paintBars(GC gc, Rectangle area, VisualizationFrame.Bars b) {
        int line = gc.getFontMetrics().getHeight() + 6;
        int labelWidth = 110;
        int valueWidth = 96;
        int barWidth = Math.max(20, area.width - 16 - labelWidth - valueWidth);
        Color fill = new Color(40, 110, 200);
        try {
            gc.setBackground(fill);
            int y = 6;
            for (VisualizationFrame.Bar bar : b.bars()) {
                gc.drawText(Ui.elide(gc, bar.label(), labelWidth - 10), 8, y, true);
                gc.fillRectangle(8 + labelWidth, y + 2, (int) Math.round(barWidth * Math.max(0, Math.min(1, bar
                        .value()))), line - 8);
                gc.drawText(String.format(Locale.ROOT, "%5.1f%%", 100 * bar.value()) + PredictionsPart.change(bar
                        .change()), 12 + labelWidth + barWidth, y, true);
                y += line;
            }
        } finally {
            fill.dispose();
        }
    }

    private void disposeImages() {
        if (picture != null) {
            picture.dispose();
            picture = null;
        }
        tiles.forEach(Image::dispose);
        tiles.clear();
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        runner.dispose();
        disposeImages();
    }
}
