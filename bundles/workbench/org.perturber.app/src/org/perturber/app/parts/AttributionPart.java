package org.perturber.app.parts;

import java.util.function.Consumer;
import java.util.Set;
import org.perturber.explore.SessionEvent;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import org.eclipse.swt.graphics.ImageData;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.perturber.explore.ExploreSession;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Attribution maps over the model input, from the contributed visualizations of category "attribution" (gradient
 * saliency, gradient x input, and whatever a lab adds): which pixels the top class's score reacts to.
 */
public class AttributionPart {
    private ExploreSession session;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private ExplorePipeline.Subscription subscription;
    private volatile Choice chosen;
    private Combo model;
    private Combo method;
    private Combo layer;
    private Label title;
    private Canvas canvas;
    private Image picture;
    /** Why there is no map for the chosen model (it cannot compute gradients); null when there is one. */
    private String notice;
    private List<Contribution<Visualization>> methods = List.of();
    private final AtomicInteger updates = new AtomicInteger();

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline pipeline,
            ContributionRegistry registry) {
        session = explore;
        parent.setLayout(new GridLayout(6, false));
        new Label(parent, SWT.NONE).setText("Model:");
        model = new Combo(parent, SWT.READ_ONLY);
        model.addListener(SWT.Selection, e -> {
            fillLayers();
            updateNeeds();
        });
        new Label(parent, SWT.NONE).setText("Method:");
        method = new Combo(parent, SWT.READ_ONLY);
        method.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        methods = registry.visualizations().stream().filter(c -> c.category().equals("attribution") && c.instance()
                .isPresent()).toList();
        methods.forEach(c -> method.add(c.name()));
        method.select(methods.isEmpty() ? -1 : 0);
        method.addListener(SWT.Selection, e -> updateNeeds());
        new Label(parent, SWT.NONE).setText("Layer:");
        layer = new Combo(parent, SWT.READ_ONLY);
        layer.setToolTipText("The layer Grad-CAM looks at (usually the last convolutional block)");
        layer.addListener(SWT.Selection, e -> updateNeeds());
        title = new Label(parent, SWT.NONE);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        subscription = pipeline.subscribe("Attribution view", Needs.NOTHING, new ExploreListener() {
            @Override
            public void gradient(ExploreState state, Needs.Gradient need, ModelResult predictions,
                    InferenceResult gradient) {
                gradientArrived(need, predictions, gradient);
            }

            @Override
            public void gradientFailed(ExploreState state, Needs.Gradient need, String problem) {
                Ui.async(canvas, () -> showNotice("No attribution map: " + problem));
            }
        });
        session.addListener(sessionListener);
        sessionChanged(null);
    }

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

    /** UI thread: the layer list follows the chosen model; the last convolutional layer is the default. */
    private void fillLayers() {
        List<LoadedModel> models = session.models();
        int i = model.getSelectionIndex();
        List<String> names = i < 0 || i >= models.size() ? List.of() : models.get(i).descriptor().layers().stream()
                .map(l -> l.displayName()).toList();
        if (!names.equals(List.of(layer.getItems()))) {
            layer.setItems(names.toArray(String[]::new));
            int pick = names.size() - 1;
            while (pick > 0 && models.get(i).descriptor().layers().get(pick).id().startsWith("fc")) {
                pick--; // fully connected layers have no spatial map
            }
            layer.select(pick);
            layer.getParent().layout();
        }
    }

    /** UI thread: asks the pipeline for the gradient the chosen method needs, of the chosen model and layer. */
    private void updateNeeds() {
        List<LoadedModel> models = session.models();
        int m = model.getSelectionIndex();
        int v = method.getSelectionIndex();
        if (m < 0 || m >= models.size() || v < 0) {
            chosen = null;
            subscription.needs(Needs.NOTHING);
            return;
        }
        LoadedModel chosenModel = models.get(m);
        Visualization viz = methods.get(v).instance().orElseThrow();
        int l = layer.getSelectionIndex();
        String layerId = l < 0 || l >= chosenModel.descriptor().layers().size() ? null : chosenModel.descriptor()
                .layers().get(l).id();
        if (!chosenModel.descriptor().can(ModelCapability.INPUT_GRADIENTS)) {
            // said where the map would be, instead of failing on every update
            chosen = null;
            subscription.needs(Needs.NOTHING);
            showNotice("No attribution map: " + chosenModel.descriptor().cannot(ModelCapability.INPUT_GRADIENTS)
                    + ".");
            return;
        }
        GradientTarget.Kind kind = viz.needs().gradient() == null ? GradientTarget.Kind.CLASS_SCORE
                : viz.needs().gradient();
        Set<String> activations = layerId != null && viz.needs().selectedLayerActivations() ? Set.of(layerId)
                : Set.of();
        Set<String> gradients = layerId != null && viz.needs().selectedLayerGradient() ? Set.of(layerId) : Set.of();
        Needs.Gradient gradient = new Needs.Gradient(chosenModel.key(), kind, activations, gradients);
        chosen = new Choice(gradient, viz, layerId);
        subscription.needs(Needs.predictions(1).withGradients(List.of(gradient)));
    }

    /** What the view shows: the gradient asked for, the visualization drawing it and its layer. */
    private record Choice(Needs.Gradient gradient, Visualization visualization, String layer) {
    }

    /** Pipeline thread: the gradient of a state, drawn by the chosen visualization. */
    private void gradientArrived(Needs.Gradient need, ModelResult predictions, InferenceResult gradient) {
        Choice c = chosen;
        if (c == null || !c.gradient().equals(need)) {
            return; // asked for before the user chose another model or method
        }
        try {
            VisualizationFrame frame = c.visualization().compute(new VisualizationInput(predictions.model()
                    .descriptor(), predictions.input(), gradient, null, c.layer()));
            if (frame instanceof VisualizationFrame.Picture p) {
                ImageData data = ScenePart.toImageData(p.image());
                Ui.async(canvas, () -> show(p, data));
            }
        } catch (RuntimeException | LinkageError e) {
            Ui.report(title, "Attribution (" + c.visualization().getClass().getName() + ")", e);
        }
    }

    private void showNotice(String text) {
        if (canvas.isDisposed()) {
            return;
        }
        notice = text;
        title.setText(text);
        canvas.redraw();
        updates.incrementAndGet();
    }

    private void show(VisualizationFrame.Picture p, ImageData data) {
        if (canvas.isDisposed()) {
            return;
        }
        notice = null;
        if (picture != null) {
            picture.dispose();
        }
        picture = new Image(canvas.getDisplay(), data);
        title.setText(p.title() + (p.legend().isEmpty() ? "" : "  \u00b7  " + p.legend()));
        canvas.redraw();
        updates.incrementAndGet();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (notice != null) {
            gc.drawText(notice, 8, 8, true);
            return;
        }
        if (picture == null) {
            gc.drawText(methods.isEmpty() ? "No attribution visualization is installed" : "Waiting for a model...", 8,
                    8, true);
            return;
        }
        Rectangle b = picture.getBounds();
        int side = Math.max(1, Math.min(area.width, area.height));
        gc.setInterpolation(SWT.NONE);
        gc.drawImage(picture, 0, 0, b.width, b.height, (area.width - side) / 2, 0, side, side);
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        if (picture != null) {
            picture.dispose();
        }
    }
}
