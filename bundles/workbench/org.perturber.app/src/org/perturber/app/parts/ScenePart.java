package org.perturber.app.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
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
import org.perturber.core.geometry.Angles;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import org.perturber.explore.SessionEvent;
import org.perturber.objects.BuiltinCatalog;
import org.perturber.objects.BuiltinScenes;

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
    private Button objectButton;
    private Button resetCamera;
    private ObjectChooser chooser;
    private DropTarget dropTarget;
    /** UI thread: the newest state being computed; the view is stale while what it shows is older. */
    private long computingSequence = -1;
    private boolean staleMarker;
    /** A new frame that takes longer than this shows a "rendering..." marker. */
    private static final int STALE_MARKER_MS = 300;
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
        } else if (e.kind() == SessionEvent.Kind.SCENE && subjectChanged(e.state().scene())) {
            Ui.async(canvas, this::updateObjectButton); // the subject, not each camera step of a drag
        }
    };
    /** The subject shown by the object button (any thread). */
    private volatile Object shownSubject;
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
        parent.setLayout(new GridLayout(3, false));
        objectButton = new Button(parent, SWT.PUSH);
        objectButton.setText("Object \u25be");
        objectButton.setToolTipText("Choose the scene's object among the built-ins, or import a mesh file");
        objectButton.addListener(SWT.Selection, e -> toggleChooser());
        resetCamera = new Button(parent, SWT.PUSH);
        resetCamera.setText("Reset camera");
        resetCamera.setToolTipText("Back to the standard view of the scene (the camera sweeps and the first window use)");
        resetCamera.addListener(SWT.Selection, e -> resetCamera());
        modelView = new Button(parent, SWT.CHECK);
        updateToggleText();
        modelView.setToolTipText("Show exactly the image a model is given, each pixel enlarged");
        modelView.addListener(SWT.Selection, e -> updateNeeds());
        modelView.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false));
        chooser = new ObjectChooser(parent, session, () -> showChooser(false));
        GridData chooserData = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        chooserData.exclude = true;
        chooser.control().setLayoutData(chooserData);
        chooser.control().setVisible(false);
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        canvas.setToolTipText("drag: orbit \u00b7 wheel: zoom \u00b7 shift-drag: pan \u00b7 drop an OBJ, glTF or GLB file here"
                + " to import it");
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        dropTarget = new DropTarget(canvas, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_MOVE | DND.DROP_LINK);
        dropTarget.setTransfer(FileTransfer.getInstance());
        dropTarget.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent event) {
                // the file is read, never moved: a drop copies
                event.detail = (event.operations & DND.DROP_COPY) != 0 ? DND.DROP_COPY : DND.DROP_NONE;
            }

            @Override
            public void dragOperationChanged(DropTargetEvent event) {
                dragEnter(event);
            }

            @Override
            public void drop(DropTargetEvent event) {
                if (event.data instanceof String[] files && files.length > 0) {
                    MeshImport.importFile(canvas.getShell(), Path.of(files[0]), session);
                }
            }
        });
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
            public void computing(ExploreState state) {
                Ui.async(canvas, () -> computingArrived(state));
            }

            @Override
            public void failed(ExploreState state, String problem) {
                if (!ExplorePipeline.CANCELLED.equals(problem)) { // a cancelled state gives way to a newer one
                    Ui.async(canvas, () -> showFailure(state, problem));
                }
            }
        });
        canvas.addListener(SWT.Resize, e -> updateNeeds());
        session.addListener(sessionListener);
        updateNeeds();
        updateObjectButton();
    }

    private boolean subjectChanged(Scene scene) {
        Object subject = scene == null || scene.objects().isEmpty() ? null : scene.subject();
        return !java.util.Objects.equals(subject, shownSubject);
    }

    /** UI thread: the object button names the scene's object. */
    private void updateObjectButton() {
        if (objectButton.isDisposed()) {
            return;
        }
        Scene scene = session.scene();
        SceneObject subject = scene == null || scene.objects().isEmpty() ? null : scene.subject();
        shownSubject = subject;
        String name;
        if (subject == null) {
            name = "Object";
        } else if (subject.mesh().kind() == MeshRef.Kind.BUILTIN && BuiltinCatalog.ids().contains(subject.mesh()
                .id())) {
            name = BuiltinCatalog.label(subject.mesh().id());
        } else {
            String file = String.valueOf(Path.of(subject.mesh().id()).getFileName());
            name = Ui.elide(subject.name(), 20) + " (" + Ui.elide(file, 24) + ")";
        }
        String text = "Object: " + name + " \u25be";
        if (!text.equals(objectButton.getText())) {
            objectButton.setText(text);
            objectButton.setToolTipText(subject == null ? null : "The scene's object: " + subject.name() + " ("
                    + subject.mesh().id() + "). Choose another among the built-ins, or import a mesh file");
            objectButton.getParent().layout();
        }
        chooser.sceneChanged(scene);
        if (chooser.control().getVisible()) {
            showChooser(false); // the object changed (an import, an undo): the gallery has done its job
        }
    }

    private void toggleChooser() {
        showChooser(!chooser.control().getVisible());
    }

    /** UI thread: opens or closes the object gallery above the scene. */
    public void showChooser(boolean open) {
        if (chooser.control().isDisposed()) {
            return;
        }
        if (open) {
            chooser.opened();
        }
        ((GridData) chooser.control().getLayoutData()).exclude = !open;
        chooser.control().setVisible(open);
        chooser.control().getParent().layout(true, true);
    }

    /** UI thread: the standard scene's camera, the scene's object, lights and background as they are. */
    private void resetCamera() {
        Scene scene = session.scene();
        if (scene != null) {
            session.editScene(scene.withCamera(BuiltinScenes.standardCamera())); // undoable, unlike a drag
        }
    }

    /** UI thread: a newer state is being computed; if its frame takes a while, the view says so. */
    private void computingArrived(ExploreState state) {
        if (state.sequence() <= computingSequence) {
            return;
        }
        computingSequence = state.sequence();
        canvas.getDisplay().timerExec(STALE_MARKER_MS, () -> {
            if (!canvas.isDisposed() && shownSequence < state.sequence() && computingSequence == state.sequence()
                    && !staleMarker) {
                staleMarker = true;
                canvas.redraw();
            }
        });
    }

    /**
     * UI thread: a state could not be rendered. The old image goes (it is not what the state shows) and the reason
     * is shown in full across the view; the next state that renders puts an image back.
     */
    private void showFailure(ExploreState state, String problem) {
        if (canvas.isDisposed() || state.sequence() < shownSequence) {
            return;
        }
        shownSequence = state.sequence();
        if (image != null) {
            image.dispose();
            image = null;
        }
        staleMarker = false;
        message = "Rendering failed: " + withoutExceptionName(problem);
        status.setText("Rendering failed (the scene is not shown)");
        canvas.redraw();
    }

    /** "RenderException: object 'x': ..." reads "object 'x': ...": people need the reason, not the Java type. */
    static String withoutExceptionName(String problem) {
        String p = problem == null ? "unknown problem" : problem;
        while (p.matches("^[A-Za-z.]*(Exception|Error): [\\s\\S]*")) {
            p = p.substring(p.indexOf(": ") + 2);
        }
        return p;
    }

    /** What the view says instead of an image (a failure), or null while it shows one. */
    public String message() {
        return image == null ? message : null;
    }

    /** Whether the view says that a newer state's frame is being rendered. */
    public boolean showsStaleMarker() {
        return staleMarker;
    }

    public Button objectButton() {
        return objectButton;
    }

    public Button resetCameraButton() {
        return resetCamera;
    }

    public ObjectChooser chooser() {
        return chooser;
    }

    public DropTarget dropTarget() {
        return dropTarget;
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

    /** UI thread: the sequence of the state shown (its frame, its preview or why it failed). */
    public long shownSequence() {
        return shownSequence;
    }

    /** UI thread: the pixels on screen now, or null while the view shows a message. */
    public ImageData imageData() {
        return image == null ? null : image.getImageData();
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
            double azimuth = Angles.wrap(c.azimuthDegrees() - dx * 0.5, 0);
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
        staleMarker = false;
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
            drawWrapped(gc, message == null ? "" : message, area);
            return;
        }
        paintImage(gc, area);
        if (staleMarker) {
            String text = "rendering\u2026";
            org.eclipse.swt.graphics.Point size = gc.textExtent(text);
            gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_INFO_BACKGROUND));
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_INFO_FOREGROUND));
            gc.fillRectangle(area.width - size.x - 12, 4, size.x + 8, size.y + 4);
            gc.drawText(text, area.width - size.x - 8, 6, true);
        }
    }

    /** The message in lines that fit the view's width (a long path breaks where it must). */
    private static void drawWrapped(GC gc, String text, Rectangle area) {
        int width = Math.max(40, area.width - 20);
        int y = 10;
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (gc.textExtent(candidate).x <= width) {
                    line = new StringBuilder(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    gc.drawText(line.toString(), 10, y, true);
                    y += gc.getFontMetrics().getHeight();
                }
                line = new StringBuilder();
                String rest = word;
                while (gc.textExtent(rest).x > width && rest.length() > 1) { // a word wider than the view
                    int n = rest.length() - 1;
                    while (n > 1 && gc.textExtent(rest.substring(0, n)).x > width) {
                        n--;
                    }
                    gc.drawText(rest.substring(0, n), 10, y, true);
                    y += gc.getFontMetrics().getHeight();
                    rest = rest.substring(n);
                }
                line.append(rest);
            }
            gc.drawText(line.toString(), 10, y, true);
            y += gc.getFontMetrics().getHeight();
        }
    }

    private void paintImage(GC gc, Rectangle area) {
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
        dropTarget.dispose();
        if (image != null) {
            image.dispose();
        }
    }
}
