package org.perturber.app.parts;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
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
import org.perturber.app.ExploreSession;
import org.perturber.app.ModelInputs;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.core.render.SceneRenderer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The scene, rendered by the offscreen renderer and shown on an SWT canvas: drag to orbit, wheel to zoom, Shift-drag
 * (or the right button) to pan. "Model input" shows exactly the image a model is given (its input size, each pixel
 * enlarged without smoothing). Rendering runs off the UI thread, latest-wins: while a frame renders, newer camera
 * positions replace each other, and only the newest is rendered next.
 *
 * <p>The view shows the offscreen renderer's own pixels rather than a second, on-screen GL context: what the user
 * sees is then what models see, pixel for pixel, and there is one GL context to keep alive.
 */
public class ScenePart {
    private Canvas canvas;
    private Label status;
    private Button modelView;
    private Image image;
    /** The image on screen is a preview (half resolution, shown while something is being dragged). */
    private boolean preview;
    /** How long after the last change the view renders at full resolution again. */
    private static final long SETTLE_NANOS = 250_000_000L;
    private String message = "Rendering...";
    private SceneRenderer renderer;
    private ExploreSession session;
    private final Runnable sessionListener = this::sessionChanged;
    /** What one frame shows: the scene and the perturbations on it. */
    private record Frame(Scene scene, PerturbationStack stack) {
    }

    private final AtomicReference<Frame> pending = new AtomicReference<>();
    private final AtomicInteger frames = new AtomicInteger();
    private Job renderJob;
    private int dragX;
    private int dragY;
    private int dragButton;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore) {
        session = explore;
        parent.setLayout(new GridLayout(2, false));
        modelView = new Button(parent, SWT.CHECK);
        updateToggleText();
        modelView.setToolTipText("Show exactly the image a model is given, each pixel enlarged");
        modelView.addListener(SWT.Selection, e -> requestRender());
        Label hint = new Label(parent, SWT.NONE);
        hint.setText("drag: orbit \u00b7 wheel: zoom \u00b7 shift-drag: pan");
        hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        hint.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> requestRender());
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, e -> dragButton = 0);
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);

        renderJob = Job.create("Rendering the scene", this::renderLatest);
        renderJob.setSystem(true);
        session.addListener(sessionListener);
        requestRender(); // the session may already have its scene
    }

    /** Any thread: the scene or the active models changed. */
    private void sessionChanged() {
        if (!canvas.isDisposed()) {
            canvas.getDisplay().asyncExec(() -> {
                if (!canvas.isDisposed()) {
                    updateToggleText();
                    requestRender();
                }
            });
        }
    }

    private void updateToggleText() {
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

    /** UI thread: asks for a frame of the current scene; frames asked for while one renders collapse into one. */
    private void requestRender() {
        Scene scene = session.scene();
        if (scene == null || canvas.isDisposed()) {
            return;
        }
        pending.set(new Frame(scene, session.stack()));
        renderJob.schedule();
    }

    private org.eclipse.core.runtime.IStatus renderLatest(IProgressMonitor monitor) {
        Frame frame = pending.getAndSet(null);
        if (frame == null || canvas.isDisposed()) {
            return Status.OK_STATUS;
        }
        if (renderer == null) {
            try {
                renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                fail(e);
                return Status.OK_STATUS;
            }
        }
        int[] size = new int[2];
        boolean[] model = new boolean[1];
        int inputSize = session.modelInputSize();
        // while the scene or stack is changing, a half-resolution preview keeps the GL thread free for the models'
        // inputs; the full frame follows once the changes settle
        boolean previewFrame = System.nanoTime() - session.changedAt() < SETTLE_NANOS;
        canvas.getDisplay().syncExec(() -> {
            if (!canvas.isDisposed()) {
                Rectangle area = canvas.getClientArea();
                size[0] = Math.max(16, area.width);
                size[1] = Math.max(16, area.height);
                model[0] = modelView.getSelection();
            }
        });
        try {
            long start = System.nanoTime();
            // scene perturbations before the render, image perturbations on its pixels (model-aware ones, such as
            // attacks, depend on a model: the Predictions view applies them)
            StackApplier applier = new StackApplier(Services.await(ContributionRegistry.class, Duration.ofSeconds(
                    30)));
            Scene next = applier.applySceneStage(frame.stack(), frame.scene());
            boolean half = previewFrame && !model[0];
            List<LoadedModel> models = session.models();
            RgbImage rgb;
            if ((model[0] || half) && !models.isEmpty()) {
                // the first model's input, shared with the other views through the session's cache: while things
                // change, the view previews exactly what the model sees, at no extra rendering cost
                rgb = new ModelInputs(frame.scene(), frame.stack(), session.inputCache()).rendered(models.get(0));
            } else {
                rgb = model[0] ? renderer.render(next, inputSize, inputSize)
                        : half ? renderer.render(next, Math.max(16, size[0] / 2), Math.max(16, size[1] / 2))
                                : renderer.render(next, size[0], size[1]);
                rgb = applier.applyImageStage(frame.stack(), rgb);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            String problems = applier.problems().isEmpty() ? "" : "  \u00b7  skipped: " + applier.problems().get(0);
            ImageData data = toImageData(rgb);
            Camera c = next.camera();
            String text = String.format(Locale.ROOT, "azimuth %.0f\u00b0  elevation %.0f\u00b0  distance %.2f  \u00b7  %dx%d in %.1f ms",
                    c.azimuthDegrees(), c.elevationDegrees(), c.distance(), rgb.width(), rgb.height(), ms)
                    + (half ? " (preview)" : "") + problems;
            if (half && !Ui.yieldToPredictions(session)) {
                return Status.OK_STATUS;
            }
            canvas.getDisplay().asyncExec(() -> show(data, text, half));
        } catch (RuntimeException e) {
            fail(e);
        }
        if (pending.get() != null) {
            renderJob.schedule(); // a newer frame arrived meanwhile
        }
        return Status.OK_STATUS;
    }

    private void fail(RuntimeException e) {
        message = "Rendering failed: " + e.getMessage();
        if (!canvas.isDisposed()) {
            canvas.getDisplay().asyncExec(() -> {
                if (!canvas.isDisposed()) {
                    canvas.redraw();
                }
            });
        }
    }

    private void show(ImageData data, String text, boolean isPreview) {
        if (canvas.isDisposed()) {
            return;
        }
        preview = isPreview;
        if (isPreview) {
            // the full frame once nothing has changed for a moment
            canvas.getDisplay().timerExec((int) (SETTLE_NANOS / 1_000_000) + 20, () -> {
                if (!canvas.isDisposed() && System.nanoTime() - session.changedAt() >= SETTLE_NANOS) {
                    requestRender();
                }
            });
        }
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
        renderJob.cancel();
        if (image != null) {
            image.dispose();
        }
    }
}
