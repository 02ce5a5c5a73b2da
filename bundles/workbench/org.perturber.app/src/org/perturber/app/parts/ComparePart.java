package org.perturber.app.parts;

import java.util.function.Consumer;
import org.perturber.explore.SessionEvent;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
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
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.app.BuiltinModels;
import org.perturber.explore.ExploreSession;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Activation;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.service.Services;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The active models side by side on the same perturbed scene: each one's input and top predictions, with a model
 * whose top-1 class differs from the others' highlighted; for models with the same layers (the fine-tuned variants
 * of one network) how far their activations moved from the first model's; and transfer: with an attack source
 * chosen, the stack's attacks are made against that model only and every model is shown the same attacked image.
 * Opening the Compare perspective activates the three built-in variants when fewer than three models are active.
 * With "Feature visualization of" checked, a row under the columns shows the feature visualization of the same
 * channel index of the same layer for every model of the first model's architecture (standard against adversarially
 * trained: are the adversarial model's units more recognisable?), optimised in a Job and cached.
 */
public class ComparePart {
    private static final List<String> VARIANTS = List.of("standard", "adversarial", "texture-debiased");

    /** One model's column. */
    public record Column(String model, RgbImage input, List<ClassScore> top, boolean disagrees,
            Map<String, Double> activationChange) {
    }

    private ExploreSession session;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private ExplorePipeline.Subscription subscription;
    private Combo source;
    private Label summary;
    private StaleMarker marker;
    private Canvas canvas;
    /** Where each column's title was painted, elided, and its whole text (tool tips); UI thread. */
    private List<Title> titles = List.of();

    /** A column's title: where it goes, the text shown (cut with an ellipsis to its column) and the whole. */
    private record Title(Rectangle bounds, String shown, String full) {
    }
    private volatile List<Column> columns = List.of();
    private final List<Image> images = new ArrayList<>();
    private final AtomicInteger updates = new AtomicInteger();
    private Button featureToggle;
    private Combo featureLayer;
    private Spinner featureChannel;
    private Canvas featureCanvas;
    /** UI thread: per model key, its visualization of the chosen channel, or why there is none (yet). */
    private final Map<String, FeatureVisResult> featureResults = new HashMap<>();
    private final Map<String, String> featureNotes = new HashMap<>();
    private final Map<String, Image> featureImages = new HashMap<>();
    /** UI thread: the newest request (layer and channel) and its Job. */
    private FeatureObjective featureWanted;
    private Job featureJob;
    private org.perturber.app.ProblemLog log;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline pipeline,
            org.perturber.app.ProblemLog problems) {
        session = explore;
        log = problems;
        parent.setLayout(new GridLayout(3, false));
        marker = new StaleMarker(parent, 3);
        new Label(parent, SWT.NONE).setText("Attack made against:");
        source = new Combo(parent, SWT.READ_ONLY);
        source.setLayoutData(Ui.narrow());
        source.setToolTipText("Transfer: attacks in the stack are made against this model and shown to all");
        source.addListener(SWT.Selection, e -> {
            int i = source.getSelectionIndex();
            List<LoadedModel> models = session.models();
            session.setAttackSource(i <= 0 || i > models.size() ? null : models.get(i - 1).key());
        });
        summary = new Label(parent, SWT.NONE);
        GridData summaryData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        summaryData.widthHint = 60; // elided to what is left, never widens the view
        summary.setLayoutData(summaryData);
        createFeatureRow(parent);
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        featureCanvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        GridData featureData = new GridData(SWT.FILL, SWT.FILL, true, false, 3, 1);
        featureData.heightHint = FEATURE_HEIGHT;
        featureData.exclude = true;
        featureCanvas.setLayoutData(featureData);
        featureCanvas.setVisible(false);
        featureCanvas.addPaintListener(e -> paintFeatures(e.gc));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseMove, e -> {
            String tip = titles.stream().filter(t -> t.bounds().contains(e.x, e.y)).map(Title::full).findFirst()
                    .orElse(null);
            if (!java.util.Objects.equals(tip, canvas.getToolTipText())) {
                canvas.setToolTipText(tip);
            }
        });
        subscription = pipeline.subscribe("Compare view", Needs.predictions(3), new ExploreListener() {
            @Override
            public void computing(ExploreState state) {
                marker.computing(state.sequence(), "every model's predictions of the newest state",
                        pipeline::cancel, StaleMarker.progressOf(pipeline));
            }

            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                predictionsArrived(state, results);
                marker.fresh(state.sequence());
            }

            @Override
            public void failed(ExploreState state, String problem) {
                marker.ended(state.sequence(), problem.equals(ExplorePipeline.CANCELLED));
            }
        });
        session.addListener(sessionListener);
        activateVariants();
        sessionChanged(null);
    }

    public List<Column> columns() {
        return columns;
    }

    public int updates() {
        return updates.get();
    }

    /** UI thread: where each column's title goes at the view's size now (they must not overlap). */
    public List<Rectangle> titleBounds() {
        GC gc = new GC(canvas);
        try {
            return titles(gc, columns, columnWidth(canvas.getClientArea(), columns)).stream().map(Title::bounds)
                    .toList();
        } finally {
            gc.dispose();
        }
    }

    private static int columnWidth(Rectangle area, List<Column> cols) {
        return Math.max(120, area.width / Math.max(1, cols.size()));
    }

    /** Each column's title, cut with an ellipsis to its column (the whole one is the tool tip). */
    private static List<Title> titles(GC gc, List<Column> cols, int width) {
        List<Title> laidOut = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            String full = c.model() + (c.disagrees() ? "  \u26a0 disagrees" : "");
            String shown = Ui.elide(gc, full, width - 16);
            org.eclipse.swt.graphics.Point extent = gc.textExtent(shown);
            laidOut.add(new Title(new Rectangle(i * width + 8, 6, extent.x, extent.y), shown, full));
        }
        return laidOut;
    }

    /** UI thread: the stale marker's state and text. */
    public boolean staleShown() {
        return marker.showing();
    }

    public String staleText() {
        return marker.text();
    }

    /** Chooses the model attacks are made against (null: each model its own), as the combo does. */
    public void setAttackSource(String modelKey) {
        session.setAttackSource(modelKey);
    }

    private void activateVariants() {
        if (session.models().size() >= 3) {
            return;
        }
        Job.create("Loading the built-in variants", (IProgressMonitor monitor) -> {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            for (String id : VARIANTS) {
                Path dir = BuiltinModels.directory().resolve(id);
                boolean active = session.models().stream().anyMatch(m -> m.location().toAbsolutePath().normalize()
                        .equals(dir.toAbsolutePath().normalize()));
                if (!active && Files.isDirectory(dir)) {
                    try {
                        session.addModel(inference.load(dir).get());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } catch (ExecutionException e) {
                        session.reportModelProblem("Model " + id + " did not load: " + e.getCause().getMessage());
                    }
                }
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    /** Any thread: the attack-source list follows the session's models and its choice. */
    private void sessionChanged(SessionEvent event) {
        if (event != null && event.kind() != SessionEvent.Kind.MODELS && event.kind() != SessionEvent.Kind.STACK) {
            return;
        }
        Ui.async(canvas, () -> {
            List<String> names = new ArrayList<>(List.of("each model itself"));
            List<LoadedModel> models = session.models();
            models.forEach(m -> names.add(m.descriptor().name()));
            if (!names.equals(List.of(source.getItems()))) {
                source.setItems(names.toArray(String[]::new));
                source.getParent().layout();
            }
            int at = 0;
            for (int i = 0; i < models.size(); i++) {
                if (models.get(i).key().equals(session.state().attackSource())) {
                    at = i + 1;
                }
            }
            if (source.getSelectionIndex() != at) {
                source.select(at);
            }
            if (event == null || event.kind() == SessionEvent.Kind.MODELS) {
                fillFeatureLayers(models);
                requestFeatures();
                featureCanvas.redraw();
                // every layer of every model comes with the forward pass: the activation change per layer
                Needs needs = Needs.predictions(3);
                for (LoadedModel m : models) {
                    needs = needs.withActivations(m.key(), Set.copyOf(m.descriptor().layers().stream().map(
                            LayerInfo::id).toList()));
                }
                subscription.needs(needs);
            }
        });
    }

    /** Pipeline thread: a state's predictions of every model, as columns. */
    private void predictionsArrived(ExploreState state, List<ModelResult> results) {
        if (results.stream().anyMatch(r -> !r.ok())) {
            Ui.async(summary, () -> Ui.setElided(summary, "Comparison: " + results.stream().filter(r -> !r.ok())
                    .map(r -> r.model().descriptor().name() + ": " + r.problem()).findFirst().orElse("")));
            return;
        }
        LoadedModel attacker = state.models().stream().filter(m -> m.key().equals(state.attackSource())).findFirst()
                .orElse(null);
        show(columns(results.stream().map(ModelResult::model).toList(), results.stream().map(ModelResult::input)
                .toList(), results.stream().map(ModelResult::result).toList()), attacker);
    }

    /** Columns with disagreements (top-1 unlike the most common top-1) and activation changes against model 0. */
    static List<Column> columns(List<LoadedModel> models, List<RgbImage> images, List<InferenceResult> results) {
        Map<String, Integer> votes = new HashMap<>();
        results.forEach(r -> votes.merge(r.best().label(), 1, Integer::sum));
        int most = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        boolean unanimous = votes.size() == 1;
        List<Column> columns = new ArrayList<>();
        InferenceResult first = results.get(0);
        for (int i = 0; i < models.size(); i++) {
            InferenceResult r = results.get(i);
            boolean disagrees = !unanimous && (votes.get(r.best().label()) < most || most == 1);
            Map<String, Double> change = new LinkedHashMap<>();
            if (i > 0) {
                for (LayerInfo layer : models.get(i).descriptor().layers()) { // in the network's order
                    Activation a = r.activations().get(layer.id());
                    Activation b = first.activations().get(layer.id());
                    if (a == null) {
                        continue;
                    }
                    if (b != null && b.channels() == a.channels() && b.values().length == a.values().length) {
                        double diff = 0;
                        double scale = 0;
                        for (int c = 0; c < a.channels(); c++) {
                            diff += Math.abs(a.channelMean(c) - b.channelMean(c));
                            scale += Math.abs(b.channelMean(c));
                        }
                        change.put(layer.displayName(), diff / Math.max(
                                1e-9, scale));
                    }
                }
            }
            columns.add(new Column(models.get(i).descriptor().name(), images.get(i), r.top(), disagrees, change));
        }
        return columns;
    }

    private void show(List<Column> newColumns, LoadedModel attacker) {
        Ui.async(canvas, () -> {
            if (canvas.isDisposed()) {
                return;
            }
            images.forEach(Image::dispose);
            images.clear();
            for (Column c : newColumns) {
                images.add(new Image(canvas.getDisplay(), ScenePart.toImageData(c.input())));
            }
            columns = newColumns;
            long disagreeing = newColumns.stream().filter(Column::disagrees).count();
            Ui.setElided(summary, (disagreeing == 0 ? "All models agree" : disagreeing + " of " + newColumns.size()
                    + " models disagree with the others") + (attacker == null ? ""
                            : " \u00b7 attacks transferred from " + attacker.descriptor().name()));
            canvas.redraw();
            updates.incrementAndGet();
        });
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        List<Column> cols = columns;
        if (cols.isEmpty()) {
            titles = List.of();
            gc.drawText("Loading models...", 8, 8, true);
            return;
        }
        int width = columnWidth(area, cols);
        List<Title> laidOut = titles(gc, cols, width);
        titles = laidOut;
        int line = gc.getFontMetrics().getHeight() + 4;
        int side = Math.min(width - 16, Math.max(96, area.height - 12 * line));
        Color red = new Color(200, 40, 40);
        Color bar = new Color(150, 175, 210);
        try {
            for (int i = 0; i < cols.size() && i < images.size(); i++) {
                Column c = cols.get(i);
                int x = i * width + 8;
                int y = 6;
                gc.setForeground(c.disagrees() ? red : canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
                // each text stays in its column: cut with an ellipsis, the whole title in the tool tip
                int room = width - 16;
                gc.drawText(laidOut.get(i).shown(), x, y, true);
                y += line;
                Rectangle b = images.get(i).getBounds();
                gc.setInterpolation(SWT.NONE);
                gc.drawImage(images.get(i), 0, 0, b.width, b.height, x, y, side, side);
                if (c.disagrees()) {
                    gc.setLineWidth(3);
                    gc.drawRectangle(x - 2, y - 2, side + 3, side + 3);
                }
                y += side + 6;
                gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
                for (ClassScore s : c.top()) {
                    gc.setBackground(bar);
                    gc.fillRectangle(x + 80, y + 3, (int) ((width - 150) * s.probability()), line - 8);
                    gc.drawText(Ui.elide(gc, s.label(), 76), x, y, true);
                    gc.drawText(String.format(Locale.ROOT, "%.0f%%", 100 * s.probability()), x + width - 66, y, true);
                    y += line;
                }
                for (Map.Entry<String, Double> e : c.activationChange().entrySet()) {
                    String value = String.format(Locale.ROOT, ": %.0f%%", 100 * e.getValue());
                    // the layer's name is cut, never its value
                    String name = Ui.elide(gc, "\u0394 " + e.getKey(), room - gc.textExtent(value).x);
                    gc.drawText(name + value, x, y, true);
                    y += line;
                }
            }
        } finally {
            red.dispose();
            bar.dispose();
        }
    }

    /** Height of the feature visualization row: a picture and two lines of text. */
    private static final int FEATURE_HEIGHT = 170;

    private void createFeatureRow(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        GridLayout layout = new GridLayout(4, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        row.setLayout(layout);
        featureToggle = new Button(row, SWT.CHECK);
        featureToggle.setText("Feature visualization of");
        featureToggle.setToolTipText("The same channel of every model of the first model's architecture, optimised"
                + " with " + FeatureVisSupport.interactive().steps() + " steps and cached");
        featureLayer = new Combo(row, SWT.READ_ONLY);
        featureLayer.setLayoutData(Ui.narrow());
        new Label(row, SWT.NONE).setText("channel");
        featureChannel = new Spinner(row, SWT.BORDER);
        featureChannel.setValues(0, 0, 4095, 0, 1, 8);
        featureToggle.addListener(SWT.Selection, e -> {
            boolean on = featureToggle.getSelection();
            ((GridData) featureCanvas.getLayoutData()).exclude = !on;
            featureCanvas.setVisible(on);
            canvas.getParent().layout(true, true);
            requestFeatures();
        });
        featureLayer.addListener(SWT.Selection, e -> requestFeatures());
        featureChannel.addListener(SWT.Selection, e -> requestFeatures());
    }

    /** UI thread: the feature toggle, layer combo and channel spinner (tests set them as a user does). */
    public Button featureToggle() {
        return featureToggle;
    }

    public Combo featureLayer() {
        return featureLayer;
    }

    public Spinner featureChannel() {
        return featureChannel;
    }

    /** UI thread: each model's (by name) visualization of the chosen channel shown now. */
    public Map<String, FeatureVisResult> featureResults() {
        Map<String, FeatureVisResult> byName = new LinkedHashMap<>();
        for (LoadedModel m : session.models()) {
            FeatureVisResult r = featureResults.get(m.key());
            if (r != null) {
                byName.put(m.descriptor().name(), r);
            }
        }
        return byName;
    }

    /** UI thread: why a model (by name) shows no visualization (another architecture, no gradients, a failure). */
    public Map<String, String> featureNotes() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (LoadedModel m : session.models()) {
            String note = featureNotes.get(m.key());
            if (note != null) {
                byName.put(m.descriptor().name(), note);
            }
        }
        return byName;
    }

    /** UI thread: the layer list is the first model's; the others are compared with it. */
    private void fillFeatureLayers(List<LoadedModel> models) {
        List<String> names = models.isEmpty() ? List.of() : models.get(0).descriptor().layers().stream().map(
                LayerInfo::displayName).toList();
        if (!names.equals(List.of(featureLayer.getItems()))) {
            featureLayer.setItems(names.toArray(String[]::new));
            featureLayer.select(names.isEmpty() ? -1 : 0);
        }
    }

    /**
     * UI thread: every model of the first one's architecture (and layers) gets the chosen channel's visualization,
     * one model after another in a Job; a newer choice cancels an older one's Job.
     */
    private void requestFeatures() {
        if (!featureToggle.getSelection()) {
            return;
        }
        List<LoadedModel> models = session.models();
        int l = featureLayer.getSelectionIndex();
        if (models.isEmpty() || l < 0) {
            return;
        }
        LoadedModel first = models.get(0);
        FeatureObjective objective = FeatureObjective.channel(first.descriptor().layers().get(l).id(), featureChannel
                .getSelection());
        FeatureVisSettings settings = FeatureVisSupport.interactive();
        featureWanted = objective;
        if (featureJob != null) {
            featureJob.cancel();
        }
        featureResults.clear();
        featureNotes.clear();
        featureImages.values().forEach(Image::dispose);
        featureImages.clear();
        List<LoadedModel> compared = new ArrayList<>();
        for (LoadedModel m : models) {
            String why = FeatureVisSupport.cannot(m);
            if (!m.descriptor().architecture().equals(first.descriptor().architecture()) || !m.descriptor().layers()
                    .equals(first.descriptor().layers())) {
                featureNotes.put(m.key(), "Another architecture (" + m.descriptor().architecture() + ")");
            } else if (why != null) {
                featureNotes.put(m.key(), why);
            } else {
                featureNotes.put(m.key(), "Optimising…");
                compared.add(m);
            }
        }
        featureCanvas.redraw();
        Job job = Job.create("Feature visualizations of " + objective.label(), (IProgressMonitor monitor) -> {
            org.eclipse.core.runtime.SubMonitor progress = org.eclipse.core.runtime.SubMonitor.convert(monitor,
                    compared.size());
            for (LoadedModel m : compared) {
                try {
                    FeatureVisResult r = FeatureVisSupport.of(m).compute(List.of(objective), settings, progress
                            .split(1)).get(0);
                    Ui.async(featureCanvas, () -> featureArrived(objective, m, r, null));
                } catch (org.eclipse.core.runtime.OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (java.io.IOException | RuntimeException e) {
                    log.report(FeatureVisSupport.BUNDLE, "Feature visualization of " + objective.label() + " ("
                            + m.descriptor().name() + ") failed: " + e.getMessage(), e);
                    Ui.async(featureCanvas, () -> featureArrived(objective, m, null, "Failed: " + e.getMessage()));
                }
            }
            return Status.OK_STATUS;
        });
        job.setRule(FeatureVisSupport.ONE_AT_A_TIME);
        featureJob = job;
        job.schedule();
    }

    private void featureArrived(FeatureObjective objective, LoadedModel m, FeatureVisResult r, String problem) {
        if (!objective.equals(featureWanted)) {
            return;
        }
        if (r != null) {
            featureResults.put(m.key(), r);
            featureNotes.remove(m.key());
            Image old = featureImages.put(m.key(), new Image(featureCanvas.getDisplay(), ScenePart.toImageData(r
                    .image())));
            if (old != null) {
                old.dispose();
            }
        } else {
            featureNotes.put(m.key(), problem);
        }
        featureCanvas.redraw();
    }

    private void paintFeatures(GC gc) {
        Rectangle area = featureCanvas.getClientArea();
        gc.setBackground(featureCanvas.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        gc.setForeground(featureCanvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        List<LoadedModel> models = session.models();
        if (models.isEmpty()) {
            return;
        }
        int width = Math.max(120, area.width / models.size()); // the columns' widths above
        int line = gc.getFontMetrics().getHeight();
        int side = Math.max(16, Math.min(width - 16, area.height - 2 * line - 6));
        FeatureObjective wanted = featureWanted;
        for (int i = 0; i < models.size(); i++) {
            LoadedModel m = models.get(i);
            int x = i * width + 8;
            int room = width - 16;
            Image image = featureImages.get(m.key());
            FeatureVisResult r = featureResults.get(m.key());
            if (image != null && r != null) {
                Rectangle b = image.getBounds();
                gc.setInterpolation(SWT.HIGH);
                gc.drawImage(image, 0, 0, b.width, b.height, x, 2, side, side);
                gc.drawText(Ui.elide(gc, wanted == null ? "" : "channel " + wanted.index(), room), x, side + 4, true);
                gc.drawText(Ui.elide(gc, String.format(Locale.ROOT, "activation %.3g (start %.2g)", r
                        .objectiveValue(), r.startValue()), room), x, side + 4 + line, true);
            } else {
                String note = featureNotes.getOrDefault(m.key(), "");
                gc.drawText(Ui.elide(gc, note, room), x, 2 + side / 2, true);
            }
        }
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        if (featureJob != null) {
            featureJob.cancel();
        }
        images.forEach(Image::dispose);
        featureImages.values().forEach(Image::dispose);
    }
}
