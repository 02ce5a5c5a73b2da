package org.perturber.app.parts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
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
import org.perturber.app.ExploreSession;
import org.perturber.app.ModelInputs;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
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
    private final Runnable listener = this::schedule;
    private Combo model;
    private Combo method;
    private Combo layer;
    private Label title;
    private Canvas canvas;
    private Image picture;
    /** Why there is no map for the chosen model (it cannot compute gradients); null when there is one. */
    private String notice;
    private Job job;
    private final Pacing pacing = new Pacing();
    /** The session's models the model list was last synchronised with. */
    private volatile List<LoadedModel> knownModels;
    private InferenceClient client;
    private List<Contribution<Visualization>> methods = List.of();
    private final AtomicInteger updates = new AtomicInteger();

    @PostConstruct
    public void create(Composite parent, ExploreSession explore) {
        session = explore;
        parent.setLayout(new GridLayout(6, false));
        new Label(parent, SWT.NONE).setText("Model:");
        model = new Combo(parent, SWT.READ_ONLY);
        model.addListener(SWT.Selection, e -> {
            fillLayers();
            job.schedule(40); // after the Predictions view, whose latency the user watches
        });
        new Label(parent, SWT.NONE).setText("Method:");
        method = new Combo(parent, SWT.READ_ONLY);
        method.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        methods = registry.visualizations().stream().filter(c -> c.category().equals("attribution") && c.instance()
                .isPresent()).toList();
        methods.forEach(c -> method.add(c.name()));
        method.select(methods.isEmpty() ? -1 : 0);
        method.addListener(SWT.Selection, e -> job.schedule());
        new Label(parent, SWT.NONE).setText("Layer:");
        layer = new Combo(parent, SWT.READ_ONLY);
        layer.setToolTipText("The layer Grad-CAM looks at (usually the last convolutional block)");
        layer.addListener(SWT.Selection, e -> job.schedule());
        title = new Label(parent, SWT.NONE);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        job = Job.create("Updating attribution", this::update);
        job.setSystem(true);
        session.addListener(listener);
        schedule();
    }

    public int updates() {
        return updates.get();
    }

    private void schedule() {
        if (canvas.isDisposed()) {
            return;
        }
        List<LoadedModel> models = session.models();
        if (models.equals(knownModels)) {
            job.schedule(40); // the same models (a drag step): no need to visit the UI thread
            return;
        }
        Ui.async(canvas, () -> {
            if (canvas.isDisposed()) {
                return;
            }
            knownModels = models;
            List<String> names = session.models().stream().map(m -> m.descriptor().name()).toList();
            if (!names.equals(List.of(model.getItems()))) {
                String was = model.getText();
                model.setItems(names.toArray(String[]::new));
                model.select(Math.max(0, names.indexOf(was)));
                model.getParent().layout();
            }
            fillLayers();
            job.schedule(40); // after the Predictions view, whose latency the user watches
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

    private IStatus update(IProgressMonitor monitor) {
        long wait = pacing.delayMillis(session);
        if (wait > 0) {
            job.schedule(wait);
            return Status.OK_STATUS;
        }
        pacing.refreshed();
        if (!Ui.yieldToPredictions(session)) {
            return Status.OK_STATUS;
        }
        int[] choice = new int[3];
        Ui.sync(canvas, () -> {
            if (!canvas.isDisposed()) {
                choice[0] = model.getSelectionIndex();
                choice[1] = method.getSelectionIndex();
                choice[2] = layer.getSelectionIndex();
            }
        });
        List<LoadedModel> models = session.models();
        Scene scene = session.scene();
        if (scene == null || choice[0] < 0 || choice[0] >= models.size() || choice[1] < 0) {
            return Status.OK_STATUS;
        }
        LoadedModel m = models.get(choice[0]);
        Visualization viz = methods.get(choice[1]).instance().orElseThrow();
        if (!m.descriptor().can(ModelCapability.INPUT_GRADIENTS)) {
            // said where the map would be, instead of failing on every update
            String why = "No attribution map: " + m.descriptor().cannot(ModelCapability.INPUT_GRADIENTS) + ".";
            Ui.async(canvas, () -> showNotice(why));
            return Status.OK_STATUS;
        }
        try {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            if (client == null) {
                client = inference.newClient("Attribution view");
            }
            RgbImage input = new ModelInputs(scene, session.stack(), session.inputCache()).input(m, monitor);
            int best = client.submit(m, input, InferenceRequest.predictions(1)).get().best().index();
            GradientTarget.Kind kind = viz.needs().gradient() == null ? GradientTarget.Kind.CLASS_SCORE
                    : viz.needs().gradient();
            InferenceRequest request = InferenceRequest.predictions(1).withGradient(kind
                    == GradientTarget.Kind.CLASS_SCORE ? GradientTarget.classScore(best) : GradientTarget.loss(best));
            String layerId = choice[2] < 0 || choice[2] >= m.descriptor().layers().size() ? null : m.descriptor()
                    .layers().get(choice[2]).id();
            if (layerId != null && viz.needs().selectedLayerActivations()) {
                request = request.withActivations(java.util.Set.of(layerId));
            }
            if (layerId != null && viz.needs().selectedLayerGradient()) {
                request = request.withGradientLayers(java.util.Set.of(layerId));
            }
            InferenceResult r = client.submit(m, input, request).get();
            VisualizationFrame frame = viz.compute(new VisualizationInput(m.descriptor(), input, r, null, layerId));
            if (frame instanceof VisualizationFrame.Picture p) {
                Ui.async(canvas, () -> show(p));
            }
        } catch (CancellationException e) {
            // superseded by a newer state
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            Ui.report(title, "Attribution", e);
        }
        return Status.OK_STATUS;
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

    private void show(VisualizationFrame.Picture p) {
        if (canvas.isDisposed()) {
            return;
        }
        notice = null;
        if (picture != null) {
            picture.dispose();
        }
        picture = new Image(canvas.getDisplay(), ScenePart.toImageData(p.image()));
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
        session.removeListener(listener);
        job.cancel();
        if (picture != null) {
            picture.dispose();
        }
    }
}
