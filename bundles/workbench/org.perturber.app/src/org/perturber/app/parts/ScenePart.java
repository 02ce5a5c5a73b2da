package org.perturber.app.parts;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Scene;
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
 * The scene, as the explore pipeline renders it, on an SWT canvas: drag to orbit, wheel to zoom, Shift-drag (or the
 * right button) to pan. "Model input" shows exactly the image the first model is given (its input size, each pixel
 * enlarged without smoothing). The view computes nothing: the pipeline renders its frame at the canvas size after
 * each state's predictions; while states keep coming (a drag), the first model's input of each state is shown as a
 * preview, so the view follows the drag at no extra rendering cost and ends on the full frame.
 *
 * <p>The view shows the offscreen renderer's own pixels rather than a second, on-screen GL context: what the user
 * sees is then what models see, pixel for pixel, and there is one GL context to keep alive.
 */
public class ScenePart {
    private Canvas canvas;
    private Label status;
    private Button modelView;
    private Image image;
    /** The image on screen is a preview (the model's input, shown while something is being dragged). */
    private boolean preview;
    private String message = "Rendering...";
    private ExploreSession session;
    private ExplorePipeline pipeline;
    private ExplorePipeline.Subscription subscription;
    /** States closer together than this are a drag: the view previews each model input until the drag settles. */
    private static final long DRAG_NANOS = 250_000_000L;
    /** UI thread: when the state whose model input last arrived changed (System.nanoTime). */
    private long lastArrivedCreatedAt;
    private final Consumer<SessionEvent> sessionListener = e -> {
        if (e.kind() == SessionEvent.Kind.MODELS) {
            Ui.async(canvas, this::updateToggleText); // not on every drag step: the UI thread paints those
        }
    };
    private final AtomicInteger frames = new AtomicInteger();
    /** UI thread: the sequence of the state on screen, full frame or preview. */
    private long shownSequence = -1;
    private int dragX;
    private int dragY;
    private int dragButton;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline explorePipeline) {
        session = explore;
        pipeline = explorePipeline;
        parent.setLayout(new GridLayout(2, false));
        modelView = new Button(parent, SWT.CHECK);
        updateToggleText();
        modelView.setToolTipText("Show exactly the image a model is given, each pixel enlarged");
        modelView.addListener(SWT.Selection, e -> updateNeeds());
        Label hint = new Label(parent, SWT.NONE);
        hint.setText("drag: orbit \u00b7 wheel: zoom \u00b7 shift-drag: pan");
        hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        hint.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, e -> dragButton = 0);
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        subscription = pipeline.subscribe("Scene view", Needs.NOTHING, new ExploreListener() {
            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                ModelResult first = results.get(0);
                if (first.input() != null) {
                    Ui.async(canvas, () -> previewArrived(state, first));
                }
            }

            @Override
            public void sceneFrame(ExploreState state, RgbImage frame, List<String> skipped, double ms) {
                ImageData data = toImageData(frame);
                Ui.async(canvas, () -> show(state, data, false, describe(state, frame, skipped, ms, false)));
            }

            @Override
            public void failed(ExploreState state, String problem) {
                Ui.async(canvas, () -> {
                    message = "Rendering failed: " + problem;
                    canvas.redraw();
                });
            }
        });
        canvas.addListener(SWT.Resize, e -> updateNeeds());
        session.addListener(sessionListener);
        updateNeeds();
    }

    /** UI thread: the frame the pipeline renders for this view follows its size and the model-input toggle. */
    private void updateNeeds() {
        if (subscription == null || canvas.isDisposed()) {
            return;
        }
        Rectangle area = canvas.getClientArea();
        Needs needs;
        if (modelView.getSelection()) {
            // the first model's input comes with its predictions; with no model, a frame of the input size
            int size = session.modelInputSize();
            needs = session.models().isEmpty() ? Needs.NOTHING.withSceneFrame(size, size) : Needs.NOTHING;
        } else {
            needs = Needs.NOTHING.withSceneFrame(Math.max(16, area.width), Math.max(16, area.height));
        }
        subscription.needs(needs);
        if (modelView.getSelection() && !session.models().isEmpty()) {
            ModelResult latest = latestOfFirstModel();
            if (latest != null) {
                previewArrived(latest.state(), latest);
            }
        }
    }

    private ModelResult latestOfFirstModel() {
        List<org.perturber.core.inference.LoadedModel> models = session.models();
        return models.isEmpty() ? null : pipeline.latest(models.get(0).key());
    }

    /** UI thread: a state's first model input, shown exactly in model view, or as a preview during a drag. */
    private void previewArrived(ExploreState state, ModelResult first) {
        if (state.sequence() < shownSequence || canvas.isDisposed()) {
            return;
        }
        boolean exact = modelView.getSelection();
        boolean dragging = state.createdAt() - lastArrivedCreatedAt < DRAG_NANOS;
        lastArrivedCreatedAt = state.createdAt();
        if (!exact && (state.sequence() == shownSequence || !dragging && image != null)) {
            return; // the full frame of this state is on screen, or follows at once (no drag under way)
        }
        show(state, toImageData(first.input()), !exact, describe(state, first.input(), first.skipped(), first
                .timings().inputMs(), !exact));
    }

    private static String describe(ExploreState state, RgbImage rgb, List<String> skipped, double ms,
            boolean isPreview) {
        Camera c = state.scene().camera();
        return String.format(Locale.ROOT,
                "azimuth %.0f\u00b0  elevation %.0f\u00b0  distance %.2f  \u00b7  %dx%d in %.1f ms", c.azimuthDegrees(), c
                        .elevationDegrees(), c.distance(), rgb.width(), rgb.height(), ms) + (isPreview ? " (preview)"
                                : "") + (skipped.isEmpty() ? "" : "  \u00b7  skipped: " + skipped.get(0));
    }

    private void updateToggleText() {
        if (modelView.isDisposed()) {
            return;
        }
        int size = session.modelInputSize();
        String text = "Model input (" + size + "\u00d7" + size + ")";
        String tip = "Show exactly the image " + (session.models().isEmpty() ? "a model"
                : session.models().get(0).descriptor().name()) + " is given, each pixel enlarged";
        // only when they change: on every drag step, widget updates and a layout cost the UI thread milliseconds
        if (!tip.equals(modelView.getToolTipText())) {
            modelView.setToolTipText(tip);
        }
        if (!text.equals(modelView.getText())) {
            modelView.setText(text);
            modelView.getParent().layout();
            updateNeeds();
        }
    }

    /** The scene shown now. */
    public Scene scene() {
        return session.scene();
    }

    /** Replaces the scene and renders it (from any thread). */
    public void setScene(Scene newScene) {
        session.setScene(newScene);
    }

    /** How many frames have been shown: tests wait on it. */
    public int frames() {
        return frames.get();
    }

    public boolean hasImage() {
        return image != null;
    }

    /** Width of the image on screen, in rendered pixels (the model's input size in model view). */
    public int imageWidth() {
        return image == null ? 0 : image.getBounds().width;
    }

    /** Whether the image on screen is a preview (a model's input during a drag) rather than the full frame. */
    public boolean showsPreview() {
        return preview;
    }

    public Button modelViewToggle() {
        return modelView;
    }

    public Canvas canvas() {
        return canvas;
    }

    private void mouseDown(Event e) {
        dragX = e.x;
        dragY = e.y;
        dragButton = (e.stateMask & SWT.SHIFT) != 0 || e.button == 3 ? 3 : e.button;
    }

    private void mouseMove(Event e) {
        Scene scene = session.scene();
        if (dragButton == 0 || scene == null) {
            return;
        }
        int dx = e.x - dragX;
        int dy = e.y - dragY;
        dragX = e.x;
        dragY = e.y;
        Camera c = scene.camera();
        if (dragButton == 3) {
            double perPixel = c.distance() * Math.tan(Math.toRadians(c.fieldOfViewDegrees()) / 2) * 2
                    / Math.max(1, canvas.getClientArea().height);
            session.setScene(scene.withCamera(c.withPan(c.panX() + dx * perPixel, c.panY() - dy * perPixel)));
        } else {
            double elevation = Math.max(-89, Math.min(89, c.elevationDegrees() + dy * 0.5));
            double azimuth = ((c.azimuthDegrees() - dx * 0.5) % 360 + 360) % 360;
            session.setScene(scene.withCamera(c.withOrbit(azimuth, elevation, c.distance())));
        }
    }

    private void wheel(Event e) {
        Scene scene = session.scene();
        if (scene == null) {
            return;
        }
        Camera c = scene.camera();
        double distance = Math.max(1.2, Math.min(20, c.distance() * Math.pow(1.1, -e.count / 3.0)));
        session.setScene(scene.withCamera(c.withOrbit(c.azimuthDegrees(), c.elevationDegrees(), distance)));
    }

    /** UI thread: puts a state's image on screen, unless a newer state's is there already. */
    private void show(ExploreState state, ImageData data, boolean isPreview, String text) {
        if (canvas.isDisposed() || state.sequence() < shownSequence) {
            return;
        }
        shownSequence = state.sequence();
        preview = isPreview;
        if (image != null) {
            image.dispose();
        }
        image = new Image(canvas.getDisplay(), data);
        message = null;
        status.setText(text);
        canvas.redraw();
        frames.incrementAndGet();
        org.perturber.app.StartupReport.sceneShown();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (image == null) {
            gc.drawText(message == null ? "" : message, 10, 10, true);
            return;
        }
        Rectangle b = image.getBounds();
        if (b.width == area.width && b.height == area.height) {
            gc.drawImage(image, 0, 0);
            return;
        }
        if (preview && b.width * area.height == b.height * area.width) {
            gc.setInterpolation(SWT.LOW); // a half-size frame of the view's own shape
            gc.drawImage(image, 0, 0, b.width, b.height, 0, 0, area.width, area.height);
            return;
        }
        if (preview) {
            // the model's square input while things change: as large as fits, centred, never stretched
            int side = Math.max(1, Math.min(area.width, area.height));
            gc.setInterpolation(SWT.LOW);
            gc.drawImage(image, 0, 0, b.width, b.height, (area.width - side) / 2, (area.height - side) / 2, side,
                    side);
            return;
        }
        // the model's input, enlarged to fit and centred, each pixel a sharp square
        int fit = Math.max(1, Math.min(area.width, area.height));
        int side = fit >= b.width ? fit / b.width * b.width : fit;
        gc.setInterpolation(SWT.NONE);
        gc.setAntialias(SWT.OFF);
        gc.drawImage(image, 0, 0, b.width, b.height, (area.width - side) / 2, (area.height - side) / 2, side, side);
    }

    static ImageData toImageData(RgbImage rgb) {
        ImageData data = new ImageData(rgb.width(), rgb.height(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] packed = rgb.toPackedRgb();
        for (int y = 0; y < rgb.height(); y++) {
            data.setPixels(0, y, rgb.width(), packed, y * rgb.width());
        }
        return data;
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        if (image != null) {
            image.dispose();
        }
    }
}
