package org.perturber.app.parts;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.ProblemLog;
import org.perturber.core.inference.LoadedModel;
import org.perturber.featurevis.DatasetExamples;
import org.perturber.featurevis.ExampleImage;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisJob;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizations;
import org.perturber.featurevis.RankedExample;

/**
 * Beside the Activations view's heat maps: the feature visualization of the channel under the mouse (or, when the
 * mouse is elsewhere, of the channel clicked last), the activation it reached, and the built-in renders that excite
 * the channel most and least. A cached one shows at once (a small file read in a Job); a missing one is optimised by
 * a {@link FeatureVisJob}, one at a time, and a newer request replaces one that has not started, so sweeping the
 * mouse over the grid optimises only where it rests. A model that cannot compute objective gradients (ONNX) says so
 * here instead.
 */
public final class FeatureVisPanel {
    /** A request waits this long before its optimisation starts: passing over a tile on the way costs nothing. */
    static final long REST_MS = 150;
    /** Dataset examples shown per row (most and least exciting). */
    public static final int EXAMPLES = 4;

    /** What the panel is asked to show: a channel of a model's layer with some settings. */
    private record Request(LoadedModel model, FeatureObjective objective, FeatureVisSettings settings) {
    }

    private final ProblemLog log;
    private final ScrolledComposite scroller;
    private final Composite body;
    private final Label heading;
    private final Canvas view;
    private final Label status;
    private final Button fullQuality;
    private final Button sheet;
    private LoadedModel model;
    private String layerId;
    private String layerName = "";
    private int hovered = -1;
    private int selected = -1;
    /** UI thread: the newest request, and what is shown (null: nothing yet). */
    private Request wanted;
    private FeatureVisResult shown;
    private Image shownImage;
    /** UI thread: the optimisation queued or running for the panel, and its request. */
    private Job pending;
    private Request pendingRequest;
    /** Layers whose dataset examples were asked for (model key, layer). */
    private final Set<String> examplesAsked = new HashSet<>();
    private final Map<ExampleImage, Image> thumbnails = new IdentityHashMap<>();
    private LayerSheetDialog lastSheet;
    private int requests;

    FeatureVisPanel(Composite parent, ProblemLog log) {
        this.log = log;
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        body = new Composite(scroller, SWT.NONE);
        scroller.setContent(body);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 4;
        body.setLayout(layout);
        // the buttons first: they stay in sight when the examples scroll
        fullQuality = new Button(body, SWT.CHECK);
        fullQuality.setText("Full quality");
        fullQuality.setToolTipText("On: " + FeatureVisSupport.full().steps() + " optimisation steps (the defaults of"
                + " Olah et al. and Lucid). Off: " + FeatureVisSupport.interactive().steps() + " steps, quick enough"
                + " to follow the mouse");
        fullQuality.addListener(SWT.Selection, e -> again());
        sheet = new Button(body, SWT.PUSH);
        sheet.setText("Layer sheet\u2026");
        sheet.setToolTipText("Every channel of this layer on one sheet (optimised as one batch), exportable as PNG");
        sheet.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false));
        sheet.addListener(SWT.Selection, e -> openSheet());
        heading = new Label(body, SWT.NONE);
        GridData headingData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        headingData.widthHint = 60;
        heading.setLayoutData(headingData);
        status = new Label(body, SWT.WRAP);
        GridData statusData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        statusData.widthHint = 60;
        status.setLayoutData(statusData);
        view = new Canvas(body, SWT.DOUBLE_BUFFERED);
        view.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1));
        view.addPaintListener(e -> paint(e.gc));
        scroller.addListener(SWT.Resize, e -> relayout());
        heading.setText("Feature visualization");
        setStatus("Point at a channel to see what excites it");
        enableButtons();
    }

    Control control() {
        return scroller;
    }

    /** UI thread: the model and layer the grid shows (null model: none). */
    void target(LoadedModel m, String layer, String name) {
        boolean same = m != null && model != null && m.key().equals(model.key()) && java.util.Objects.equals(layer,
                layerId);
        if (same) {
            return;
        }
        model = m;
        layerId = layer;
        layerName = name == null ? "" : name;
        hovered = -1;
        selected = -1;
        wanted = null;
        showResult(null);
        supersede();
        enableButtons();
        String why = m == null ? null : FeatureVisSupport.cannot(m);
        view.setVisible(why == null);
        ((GridData) view.getLayoutData()).exclude = why != null;
        Ui.setElided(heading, m == null || layer == null ? "Feature visualization" : "Feature visualization \u00b7 "
                + layerName);
        setStatus(m == null || layer == null ? "No model or layer" : why != null ? "No feature visualization: " + why
                + "." : "Point at a channel to see what excites it");
        relayout();
    }

    /** UI thread: the mouse is over a channel's tile (-1: over none). */
    void hover(int channel) {
        if (channel == hovered) {
            return;
        }
        hovered = channel;
        update();
    }

    /** UI thread: a channel was clicked (pinned); -1: none selected any more. */
    void select(int channel) {
        selected = channel;
        update();
    }

    /** UI thread: shows the hovered channel, else the selected one, else keeps what is shown. */
    private void update() {
        int channel = hovered >= 0 ? hovered : selected;
        if (channel >= 0) {
            show(channel);
        }
    }

    private void again() {
        if (wanted != null) {
            show(wanted.objective().index());
        }
    }

    private FeatureVisSettings settings() {
        return fullQuality.getSelection() ? FeatureVisSupport.full() : FeatureVisSupport.interactive();
    }

    /** UI thread: asks for a channel's visualization: from the cache at once, else optimised in the background. */
    public void show(int channel) {
        if (model == null || layerId == null || FeatureVisSupport.cannot(model) != null) {
            return;
        }
        Request r = new Request(model, FeatureObjective.channel(layerId, channel), settings());
        if (r.equals(wanted)) {
            return;
        }
        wanted = r;
        requests++;
        Ui.setElided(heading, "Feature visualization \u00b7 " + layerName + ", channel " + channel);
        if (shown != null && !shown.objective().equals(r.objective())) {
            showResult(null);
        }
        setStatus("Looking for channel " + channel + " in the cache\u2026");
        askExamples(r.model(), r.objective().layer());
        Job lookup = Job.create("Feature visualization of " + r.objective().label(), (IProgressMonitor m) -> {
            try {
                FeatureVisualizations v = FeatureVisSupport.of(r.model());
                Optional<FeatureVisResult> hit = v.cached(r.objective(), r.settings());
                if (hit.isPresent()) {
                    Ui.async(view, () -> arrived(r, hit.get()));
                } else {
                    Ui.async(view, () -> optimise(r, v));
                }
            } catch (java.io.IOException | RuntimeException e) {
                Ui.async(view, () -> failed(r, e));
            }
            return Status.OK_STATUS;
        });
        lookup.setSystem(true);
        lookup.schedule();
    }

    /** UI thread: a cache miss: optimised after the queued and running ones, unless asked for again meanwhile. */
    private void optimise(Request r, FeatureVisualizations v) {
        if (!r.equals(wanted) || r.equals(pendingRequest)) {
            return; // superseded, or already queued or running
        }
        supersede();
        setStatus("Optimising channel " + r.objective().index() + " (" + r.settings().steps() + " steps)\u2026");
        FeatureVisJob job = new FeatureVisJob("Feature visualization of " + r.model().descriptor().name() + ", "
                + r.objective().label(), v, List.of(r.objective()), r.settings(), results -> Ui.async(view,
                        () -> arrived(r, results.get(0))), t -> Ui.async(view, () -> failed(r, t)));
        job.setRule(FeatureVisSupport.ONE_AT_A_TIME);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                Ui.async(view, () -> {
                    if (pending == event.getJob()) {
                        pending = null;
                        pendingRequest = null;
                    }
                    if (event.getResult().getSeverity() == IStatus.CANCEL && r.equals(wanted) && (shown == null
                            || !shown.objective().equals(r.objective()))) {
                        setStatus("Stopped: channel " + r.objective().index() + " was not optimised");
                    }
                });
            }
        });
        pending = job;
        pendingRequest = r;
        job.schedule(REST_MS);
    }

    /** UI thread: drops the queued optimisation if it has not started (a running one finishes and is cached). */
    private void supersede() {
        Job queued = pending;
        if (queued != null && queued.getState() != Job.RUNNING) {
            queued.cancel();
            pending = null;
            pendingRequest = null;
        }
    }

    private void arrived(Request r, FeatureVisResult result) {
        if (!r.equals(wanted)) {
            return; // the user moved on; it is in the cache for later
        }
        showResult(result);
        setStatus(String.format(Locale.ROOT, "%d steps, %s", result.settings().steps(),
                result.fromCache() ? "from the cache" : String.format(Locale.ROOT, "optimised in %.1f s", result
                        .millis() / 1000.0)));
    }

    private void failed(Request r, Throwable t) {
        log.report(FeatureVisSupport.BUNDLE, "Feature visualization of " + r.objective().label() + " ("
                + r.model().descriptor().name() + ") failed: " + t.getMessage(), t);
        if (r.equals(wanted)) {
            setStatus("Feature visualization failed: " + t.getMessage());
        }
    }

    private void showResult(FeatureVisResult result) {
        if (shownImage != null) {
            shownImage.dispose();
            shownImage = null;
        }
        shown = result;
        if (result != null) {
            shownImage = new Image(view.getDisplay(), ScenePart.toImageData(result.image()));
        }
        view.redraw();
    }

    /** The layer's dataset examples, measured once in a Job (they share the model with the predictions). */
    private void askExamples(LoadedModel m, String layer) {
        if (FeatureVisSupport.knownExamples(m, layer) != null || !examplesAsked.add(m.key() + "\u0000" + layer)) {
            return;
        }
        Job measure = Job.create("Dataset examples of " + m.descriptor().name() + ", " + layer,
                (IProgressMonitor monitor) -> {
                    try {
                        FeatureVisSupport.examples(m, layer, monitor);
                        Ui.async(view, view::redraw);
                        return Status.OK_STATUS;
                    } catch (OperationCanceledException e) {
                        Ui.async(view, () -> examplesAsked.remove(m.key() + "\u0000" + layer));
                        return Status.CANCEL_STATUS;
                    } catch (java.io.IOException | RuntimeException e) {
                        log.report(FeatureVisSupport.BUNDLE, "The dataset examples of " + layer + " ("
                                + m.descriptor().name() + ") could not be measured: " + e.getMessage(), e);
                        return Status.OK_STATUS;
                    }
                });
        measure.schedule();
    }

    private void setStatus(String text) {
        status.setText(text);
        status.setToolTipText(text);
        relayout();
    }

    private void enableButtons() {
        boolean can = model != null && layerId != null && FeatureVisSupport.cannot(model) == null;
        fullQuality.setEnabled(can);
        sheet.setEnabled(can);
    }

    /**
     * UI thread: the picture as large as the view allows ({@value #MIN_SIDE} to {@value #MAX_SIDE} px), the examples
     * beside it when the panel is wide enough, else under it; what does not fit scrolls.
     */
    private void relayout() {
        Rectangle area = scroller.getClientArea();
        if (area.width <= 0) {
            return;
        }
        int width = Math.max(40, area.width - 8);
        int line = line();
        int above = 3 * line + 48; // the buttons, the heading and the status line
        int room = area.height - above - 2 * line;
        beside = width - MIN_SIDE - 12 >= 2 * (THUMB + 4);
        if (beside) {
            side = Math.max(MIN_SIDE, Math.min(Math.min(MAX_SIDE, room), width - 12 - 2 * (THUMB + 4)));
        } else {
            side = Math.max(Math.min(MIN_SIDE, width), Math.min(Math.min(width, MAX_SIDE), room - examplesHeight(
                    width, line, EXAMPLES)));
        }
        perList = EXAMPLES;
        if (beside) { // as many examples as fit beside the picture in the view's height (at least a row)
            int column = width - side - 12;
            int rowsFit = Math.max(1, (Math.max(side + 2 * line, area.height - above) / 2 - line) / (THUMB + line));
            perList = Math.min(EXAMPLES, perRow(column) * rowsFit);
        }
        ((GridData) view.getLayoutData()).heightHint = beside ? Math.max(side + 2 * line, examplesHeight(width - side
                - 12, line, perList)) : side + 2 * line + examplesHeight(width, line, perList);
        ((GridData) status.getLayoutData()).widthHint = width;
        body.layout(true, true);
        scroller.setMinSize(body.computeSize(area.width, SWT.DEFAULT));
    }

    private static final int MAX_SIDE = 256;
    private static final int MIN_SIDE = 96;
    /** The examples' side: half the built-in models' input, enough to tell the objects apart. */
    private static final int THUMB = 48;
    /** UI thread: the picture's side now, and whether the examples go beside it. */
    private int side = MIN_SIDE;
    private boolean beside;
    /** UI thread: examples shown in each list (fewer beside the picture in a low view). */
    private int perList = EXAMPLES;

    private int line() {
        GC gc = new GC(view);
        try {
            return gc.getFontMetrics().getHeight();
        } finally {
            gc.dispose();
        }
    }

    /** Thumbnails a row in {@code width} pixels (at most {@link #EXAMPLES}). */
    private static int perRow(int width) {
        return Math.max(1, Math.min(EXAMPLES, (width + 4) / (THUMB + 4)));
    }

    /** Both lists of examples, each a title and rows of thumbnails with their values, in {@code width} pixels. */
    private static int examplesHeight(int width, int line, int shown) {
        int rows = (shown + perRow(width) - 1) / perRow(width);
        return 2 * (line + rows * (THUMB + line));
    }

    private void paint(GC gc) {
        Rectangle area = view.getClientArea();
        gc.setBackground(view.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        int side = Math.min(area.width, this.side);
        int line = gc.getFontMetrics().getHeight();
        gc.setForeground(view.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        if (shownImage == null) {
            gc.setBackground(view.getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
            gc.fillRectangle(0, 0, side, side);
        } else {
            Rectangle b = shownImage.getBounds();
            gc.setInterpolation(SWT.HIGH);
            gc.drawImage(shownImage, 0, 0, b.width, b.height, 0, 0, side, side);
        }
        FeatureVisResult r = shown;
        if (r != null) {
            gc.drawText(Ui.elide(gc, String.format(Locale.ROOT, "activation %.3g (start %.2g)", r.objectiveValue(), r
                    .startValue()), side), 0, side + 2, true);
        }
        int x = beside ? side + 12 : 0;
        int y = beside ? 0 : side + 2 * line;
        int width = area.width - x;
        Request w = wanted;
        DatasetExamples examples = w == null ? null : FeatureVisSupport.knownExamples(w.model(), w.objective()
                .layer());
        int channel = w == null ? -1 : w.objective().index();
        if (examples == null || channel < 0 || channel >= examples.channels()) {
            if (w != null) {
                gc.drawText(Ui.elide(gc, "Dataset examples: measuring\u2026", width), x, y, true);
            }
            return;
        }
        y = examples(gc, "Top renders", examples.top(channel, perList), x, y, width, line);
        examples(gc, "Bottom renders", examples.bottom(channel, perList), x, y, width, line);
    }

    /** Draws a titled list of examples from (x, y) in {@code width} pixels; returns the y under it. */
    private int examples(GC gc, String title, List<RankedExample> ranked, int x, int y, int width, int line) {
        gc.drawText(Ui.elide(gc, title, width), x, y, true);
        y += line;
        gc.setInterpolation(SWT.LOW);
        int perRow = perRow(width);
        for (int i = 0; i < ranked.size(); i++) {
            RankedExample e = ranked.get(i);
            Image image = thumbnails.computeIfAbsent(e.example(), ex -> new Image(view.getDisplay(), ScenePart
                    .toImageData(ex.image())));
            Rectangle b = image.getBounds();
            int tx = x + (i % perRow) * (THUMB + 4);
            int ty = y + (i / perRow) * (THUMB + line);
            gc.drawImage(image, 0, 0, b.width, b.height, tx, ty, THUMB, THUMB);
            gc.drawText(Ui.elide(gc, String.format(Locale.ROOT, "%.2g", e.activation()), THUMB + 4), tx, ty + THUMB,
                    true);
        }
        int rows = (ranked.size() + perRow - 1) / perRow;
        return y + rows * (THUMB + line);
    }

    private void openSheet() {
        if (model == null || layerId == null) {
            return;
        }
        lastSheet = LayerSheetDialog.open(view.getShell(), model, layerId, layerName, settings(), log);
    }

    void dispose() {
        supersede();
        if (shownImage != null) {
            shownImage.dispose();
        }
        thumbnails.values().forEach(Image::dispose);
    }

    // what tests look at (UI thread)

    /** The visualization shown, or null. */
    public FeatureVisResult shown() {
        return shown;
    }

    /** The status line under the picture (or the capability message), whole. */
    public String status() {
        return status.getText();
    }

    public boolean pictureShown() {
        return view.isVisible();
    }

    /** Dataset examples drawn in each list, most and least exciting (0 while they are measured). */
    public int examplesShown() {
        Request w = wanted;
        DatasetExamples examples = w == null ? null : FeatureVisSupport.knownExamples(w.model(), w.objective()
                .layer());
        return examples == null ? 0 : Math.min(perList, examples.examples().size());
    }

    /** How many visualizations of the shown model this run optimised (not read from the cache). */
    public long optimisedCount() {
        FeatureVisualizations v = model == null ? null : FeatureVisSupport.known(model);
        return v == null ? 0 : v.optimisedCount();
    }

    public Button fullQualityButton() {
        return fullQuality;
    }

    public Button sheetButton() {
        return sheet;
    }

    /** The layer sheet opened last, or null. */
    public LayerSheetDialog lastSheet() {
        return lastSheet;
    }

    /** How many requests the panel made (a repeated hover over the shown channel makes none). */
    public int requests() {
        return requests;
    }
}
