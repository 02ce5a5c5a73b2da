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

import org.eclipse.jface.bindings.keys.KeyStroke;
import org.eclipse.jface.fieldassist.ComboContentAdapter;
import org.eclipse.jface.fieldassist.ContentProposalAdapter;
import org.eclipse.jface.fieldassist.SimpleContentProposalProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
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
import org.perturber.explore.RobustnessCurve;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationGuard;
import org.perturber.core.viz.VisualizationInput;
import org.perturber.app.ProblemLog;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Attribution maps over the model input, from the contributed visualizations of category "attribution" (gradient
 * saliency, gradient x input, Grad-CAM and whatever a lab adds, chosen in the Method combo and remembered): which
 * pixels a class's score reacts to. The class is chosen by name (typed with completion over the model's labels): the
 * top class by default, the scene's true class, or any label; the title says which class the map is for. Every call
 * into a visualization is guarded and made off the UI thread: one that fails, draws a bad frame or hangs is named in
 * the title and the Error Log, and the map drawn last stays.
 */
public class AttributionPart {
    /** The default method, as before methods were chosen by category: the first of ours by id. */
    static final String VISUALIZATION = "org.perturber.viz.attribution.gradCam";
    private ExploreSession session;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private ExplorePipeline.Subscription subscription;
    private volatile Choice chosen;
    private Combo model;
    private Combo method;
    private Combo layer;
    private Combo target;
    private Label title;
    /** UI thread: what the title says while a typed class name is unknown (null when none is). */
    private String unknownClass;
    private StaleMarker marker;
    private ScrolledComposite scroller;
    private Canvas canvas;
    private Image picture;
    private ImageData pictureData;
    /** The class the map is for: an index into the chosen model's labels, or {@link Needs.Gradient#TOP_CLASS}. */
    private int classIndex = Needs.Gradient.TOP_CLASS;
    /** What the class combo says the class is (its whole text when it was understood). */
    private String className = TOP_CLASS;
    /** Why there is no map for the chosen model (it cannot compute gradients); null when there is one. */
    private String notice;
    private List<Contribution<Visualization>> methods = List.of();
    /** What each method needs from the inference (by id), asked for off the UI thread when first chosen. */
    private final java.util.Map<String, VisualizationGuard.Outcome<ResultNeeds>> needs =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The visualizations being asked (by id): one question at a time each. */
    private final java.util.Set<String> asking = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private VisualizationRunner runner;
    private ProblemLog problems;
    private SimpleContentProposalProvider classProposals;
    private ExplorePipeline pipeline;
    /** Counts the user's choices (model, method, layer, class): a new one makes the map shown stale too. */
    private volatile long choiceVersion;
    private final AtomicInteger updates = new AtomicInteger();
    static final String TOP_CLASS = "top class";
    private static final String TRUE_CLASS = "true class";
    /** Attribution maps never get smaller than this (pixels a side); the view scrolls instead. */
    public static final int MIN_MAP = 160;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline pipeline,
            ContributionRegistry registry, ProblemLog log) {
        session = explore;
        problems = log;
        runner = new VisualizationRunner("Attribution", log);
        this.pipeline = pipeline;
        parent.setLayout(new GridLayout(6, false));
        marker = new StaleMarker(parent, 6);
        new Label(parent, SWT.NONE).setText("Model:");
        model = new Combo(parent, SWT.READ_ONLY);
        model.setLayoutData(Ui.narrow());
        model.addListener(SWT.Selection, e -> {
            fillLayers();
            fillClasses();
            updateNeeds();
        });
        new Label(parent, SWT.NONE).setText("Method:");
        method = new Combo(parent, SWT.READ_ONLY);
        method.setLayoutData(Ui.narrow());
        methods = Contributed.ofCategory(registry, Contributed.ATTRIBUTION, VISUALIZATION);
        VisualizationChoice.fill(method, methods, Contributed.ATTRIBUTION);
        method.addListener(SWT.Selection, e -> {
            VisualizationChoice.chosen(method, methods, Contributed.ATTRIBUTION, problems);
            runner.forget();
            needs.values().removeIf(o -> !o.ok()); // asked again: a plugin may answer now
            updateNeeds();
        });
        new Label(parent, SWT.NONE).setText("Layer:");
        layer = new Combo(parent, SWT.READ_ONLY);
        layer.setLayoutData(Ui.narrow());
        layer.setToolTipText("The layer Grad-CAM looks at (usually the last convolutional block)");
        layer.addListener(SWT.Selection, e -> updateNeeds());
        Label forClass = new Label(parent, SWT.NONE);
        forClass.setText("Class:");
        target = new Combo(parent, SWT.DROP_DOWN);
        GridData targetData = new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1);
        targetData.widthHint = 120;
        target.setLayoutData(targetData);
        target.setToolTipText("The class the map is for: the top class, the scene's true class, or type a class "
                + "name (Ctrl+Space completes it)");
        target.setText(TOP_CLASS);
        target.addListener(SWT.Selection, e -> chooseClass());
        target.addListener(SWT.DefaultSelection, e -> chooseClass());
        target.addListener(SWT.FocusOut, e -> chooseClass());
        classProposals = new SimpleContentProposalProvider();
        classProposals.setFiltering(true);
        ContentProposalAdapter completion = new ContentProposalAdapter(target, new ComboContentAdapter(),
                classProposals, KeyStroke.getInstance(SWT.CTRL, ' '), null);
        completion.setProposalAcceptanceStyle(ContentProposalAdapter.PROPOSAL_REPLACE);
        completion.addContentProposalListener(proposal -> chooseClass());
        title = new Label(parent, SWT.NONE);
        GridData titleData = new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1);
        titleData.widthHint = 60; // the title is elided to the view's width, never widens it
        title.setLayoutData(titleData);
        scroller = new ScrolledComposite(parent, SWT.H_SCROLL | SWT.V_SCROLL);
        scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        scroller.setMinSize(MIN_MAP, MIN_MAP);
        canvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
        scroller.setContent(canvas);
        canvas.addPaintListener(e -> paint(e.gc));
        subscription = pipeline.subscribe("Attribution view", Needs.NOTHING, new ExploreListener() {
            @Override
            public void computing(ExploreState state) {
                Choice c = chosen;
                if (c != null) {
                    marker.computing(key(state.sequence()), c.description(), pipeline::cancel, StaleMarker
                            .progressOf(pipeline));
                }
            }

            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                Choice c = chosen;
                if (c != null && results.stream().noneMatch(r -> r.ok() && r.model().key().equals(c.gradient()
                        .modelKey()))) {
                    marker.fresh(key(state.sequence())); // no map to wait for: the model failed
                }
            }

            @Override
            public void gradient(ExploreState state, Needs.Gradient need, ModelResult predictions,
                    InferenceResult gradient) {
                // the marker says fresh once the map is drawn (in the view's Job)
                gradientArrived(need, predictions, gradient, key(state.sequence()));
            }

            @Override
            public void gradientFailed(ExploreState state, Needs.Gradient need, String problem) {
                marker.fresh(key(state.sequence()));
                Ui.async(canvas, () -> showNotice("No attribution map: " + problem));
            }

            @Override
            public void failed(ExploreState state, String problem) {
                marker.ended(key(state.sequence()), problem.equals(ExplorePipeline.CANCELLED));
            }
        });
        session.addListener(sessionListener);
        sessionChanged(null);
    }

    public int updates() {
        return updates.get();
    }

    /** The class the map is asked for: an index into the model's labels, or -1 for the top class. */
    public int classIndex() {
        return classIndex;
    }

    /** UI thread: the view's title, whole (it may be shown elided), which names the class. */
    public String title() {
        return Ui.fullText(title);
    }

    /** UI thread: the combo choosing the method, a contributed visualization (tests choose in it). */
    public Combo methodCombo() {
        return method;
    }

    /** UI thread: the class combo (tests type into it). */
    public Combo classCombo() {
        return target;
    }

    /** UI thread: the map shown now, or null. */
    public ImageData picture() {
        return pictureData;
    }

    /** UI thread: the side of the map drawn, in pixels (never below {@link #MIN_MAP}). */
    public int mapSize() {
        Rectangle area = canvas.getClientArea();
        return Math.min(area.width, area.height);
    }

    /** UI thread: whether the stale marker shows, and what it says. */
    public boolean staleShown() {
        return marker.showing();
    }

    public String staleText() {
        return marker.text();
    }

    /**
     * UI thread: the class typed or chosen in the combo becomes the map's class: "top class", "true class (...)" or
     * a label of the model (any case); anything else is refused with a message and the combo shows the class again.
     */
    private void chooseClass() {
        LoadedModel m = selectedModel();
        String typed = target.getText().strip();
        if (m == null || typed.equals(className)) {
            return;
        }
        List<String> labels = m.descriptor().labels();
        int index;
        String name;
        if (typed.isEmpty() || typed.equalsIgnoreCase(TOP_CLASS)) {
            index = Needs.Gradient.TOP_CLASS;
            name = TOP_CLASS;
        } else {
            String truth = trueClass(labels);
            boolean wantsTruth = typed.toLowerCase(java.util.Locale.ROOT).startsWith(TRUE_CLASS) && truth != null;
            index = indexOf(labels, wantsTruth ? truth : typed);
            name = index < 0 ? null : wantsTruth ? TRUE_CLASS + " (" + truth + ")" : labels.get(index);
        }
        if (name == null) {
            target.setText(className);
            unknownClass = "No class named \"" + typed + "\" among " + m.descriptor().name() + "'s " + labels.size()
                    + " classes; the map stays for " + className;
            Ui.setElided(title, unknownClass);
            return;
        }
        unknownClass = null;
        classIndex = index;
        className = name;
        if (!target.getText().equals(name)) {
            target.setText(name);
        }
        updateNeeds();
    }

    private static int indexOf(List<String> labels, String label) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        return -1;
    }

    /** The scene's true class when it is one of the labels, else null. */
    private String trueClass(List<String> labels) {
        String truth = session.scene() == null ? null : RobustnessCurve.trueClass(session.scene());
        return truth != null && indexOf(labels, truth) >= 0 ? truth : null;
    }

    /** UI thread: the class list follows the chosen model (and the scene's true class, when it is a label). */
    private void fillClasses() {
        LoadedModel m = selectedModel();
        List<String> labels = m == null ? List.of() : m.descriptor().labels();
        List<String> items = new java.util.ArrayList<>(List.of(TOP_CLASS));
        String truth = trueClass(labels);
        if (truth != null) {
            items.add(TRUE_CLASS + " (" + truth + ")");
        }
        items.addAll(labels);
        if (!items.equals(List.of(target.getItems()))) {
            target.setItems(items.toArray(String[]::new));
            classProposals.setProposals(items.toArray(String[]::new));
            if (classIndex != Needs.Gradient.TOP_CLASS) { // another model: the same class by name, if it has it
                classIndex = indexOf(labels, className.startsWith(TRUE_CLASS) ? truth == null ? "" : truth
                        : className);
                className = classIndex < 0 ? TOP_CLASS : className;
            }
            target.setText(className);
        }
    }

    private LoadedModel selectedModel() {
        List<LoadedModel> models = session.models();
        int i = model.getSelectionIndex();
        return i < 0 || i >= models.size() ? null : models.get(i);
    }

    /** Any thread: the model list follows the session's active models. */
    private void sessionChanged(SessionEvent event) {
        if (event != null && event.kind() != SessionEvent.Kind.MODELS) {
            return;
        }
        Ui.async(canvas, () -> {
            Ui.showModels(model, session.models());
            fillLayers();
            fillClasses();
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
        Contribution<Visualization> viz = methods.get(v);
        VisualizationGuard.Outcome<ResultNeeds> known = needs.get(viz.id());
        if (known == null) {
            // the visualization is created and asked off the UI thread (it may hang); this runs again then
            chosen = null;
            subscription.needs(Needs.NOTHING);
            org.eclipse.core.runtime.jobs.Job ask = org.eclipse.core.runtime.jobs.Job.create("Asking " + viz.name()
                    + " what it needs", (org.eclipse.core.runtime.IProgressMonitor monitor) -> {
                        needs.put(viz.id(), runner.needs(viz));
                        asking.remove(viz.id());
                        Ui.async(canvas, this::updateNeeds);
                        return org.eclipse.core.runtime.Status.OK_STATUS;
                    });
            ask.setSystem(true);
            if (asking.add(viz.id())) {
                ask.schedule();
            }
            return;
        }
        if (!known.ok()) {
            chosen = null;
            subscription.needs(Needs.NOTHING);
            showNotice("No attribution map: " + known.problem());
            return;
        }
        ResultNeeds wants = known.value();
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
        GradientTarget.Kind kind = wants.gradient() == null ? GradientTarget.Kind.CLASS_SCORE : wants.gradient();
        Set<String> activations = layerId != null && wants.selectedLayerActivations() ? Set.of(layerId) : Set.of();
        Set<String> gradients = layerId != null && wants.selectedLayerGradient() ? Set.of(layerId) : Set.of();
        Needs.Gradient gradient = new Needs.Gradient(chosenModel.key(), kind, activations, gradients, classIndex);
        Choice previous = chosen;
        Choice c = new Choice(gradient, viz, layerId, methods.get(v).name() + " for " + chosenModel.descriptor()
                .name() + " (" + className + ")", className);
        chosen = c;
        if (previous == null || !previous.gradient().equals(gradient)) {
            // the map shown is of another choice: stale until the pipeline computes this one (unless stopped)
            choiceVersion++;
            ExploreState now = session.state();
            if (now.ready() && !pipeline.isStopped(now)) {
                marker.computing(key(now.sequence()), c.description(), pipeline::cancel, StaleMarker.progressOf(
                        pipeline));
            }
        }
        subscription.needs(Needs.predictions(1).withGradients(List.of(gradient)));
        Runnable again = redraw;
        if (previous != null && previous.gradient().equals(gradient) && previous.visualization() != viz
                && again != null) {
            runner.submit(again); // another method of the same needs: the gradient at hand is drawn with it
        }
    }

    /** What the stale marker counts: the state, then the user's choice for it. */
    private long key(long sequence) {
        return StaleMarker.key(sequence, choiceVersion);
    }

    /**
     * What the view shows: the gradient asked for, the visualization drawing it and its layer; what is computed,
     * in words, and the class's name.
     */
    private record Choice(Needs.Gradient gradient, Contribution<Visualization> visualization, String layer,
            String description, String className) {
    }

    /** The last gradient that arrived, drawn again when another method with the same needs is chosen. */
    private volatile Runnable redraw;

    /** Pipeline thread: the gradient of a state, drawn by the chosen visualization in the view's Job. */
    private void gradientArrived(Needs.Gradient need, ModelResult predictions, InferenceResult gradient, long key) {
        Runnable draw = () -> draw(need, predictions, gradient, key);
        redraw = draw;
        runner.submit(draw);
    }

    /**
     * The view's Job: the chosen visualization's map of a gradient (a guarded call); a problem is said in the title
     * over the map drawn last.
     */
    private void draw(Needs.Gradient need, ModelResult predictions, InferenceResult gradient, long key) {
        Choice c = chosen;
        if (c == null || !c.gradient().equals(need)) {
            return; // asked for before the user chose another model or method
        }
        VisualizationGuard.Outcome<VisualizationFrame> frame = runner.compute(c.visualization(),
                new VisualizationInput(predictions.model().descriptor(), predictions.input(), gradient, null, c
                        .layer()), VisualizationFrame.Picture.class);
        if (frame.value() instanceof VisualizationFrame.Picture p) {
            ImageData data = ScenePart.toImageData(p.image());
            int shownClass = need.classFor(predictions.result().best().index());
            String forClass = "For " + (c.className().equals(TOP_CLASS) ? "the top class, " : "class ")
                    + predictions.model().descriptor().labels().get(shownClass) + " (index " + shownClass + ")";
            Ui.async(canvas, () -> show(p, data, forClass));
        } else {
            Ui.async(canvas, () -> {
                Ui.setElided(title, "Not updated (the map drawn last is shown): " + frame.problem());
                updates.incrementAndGet();
            });
        }
        marker.fresh(key);
    }

    private void showNotice(String text) {
        if (canvas.isDisposed()) {
            return;
        }
        notice = text;
        Ui.setElided(title, text);
        canvas.redraw();
        updates.incrementAndGet();
    }

    private void show(VisualizationFrame.Picture p, ImageData data, String forClass) {
        if (canvas.isDisposed()) {
            return;
        }
        notice = null;
        if (picture != null) {
            picture.dispose();
        }
        picture = new Image(canvas.getDisplay(), data);
        pictureData = data;
        // a map of the same class arriving after an unknown name was typed keeps the message saying so
        Ui.setElided(title, unknownClass != null ? unknownClass : forClass + "  \u00b7  " + p.title() + (p.legend()
                .isEmpty() ? "" : "  \u00b7  " + p.legend()));
        canvas.redraw();
        updates.incrementAndGet();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (notice != null) {
            gc.drawText(Ui.elide(gc, notice, area.width - 16), 8, 8, true);
            return;
        }
        if (picture == null) {
            gc.drawText(methods.isEmpty() ? "No attribution visualization is installed" : "Waiting for a model...", 8,
                    8, true);
            return;
        }
        Rectangle b = picture.getBounds();
        int side = Math.max(MIN_MAP, Math.min(area.width, area.height));
        gc.setInterpolation(SWT.NONE);
        gc.drawImage(picture, 0, 0, b.width, b.height, (area.width - side) / 2, 0, side, side);
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        runner.dispose();
        if (picture != null) {
            picture.dispose();
        }
    }
}
