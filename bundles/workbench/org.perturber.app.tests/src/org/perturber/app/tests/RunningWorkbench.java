package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Shell;
import org.perturber.app.DefaultScene;
import org.perturber.app.EmbeddedWorkbench;
import org.perturber.app.StatusLine;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.service.Services;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.objects.BuiltinObjects;

/**
 * The real workbench (the product's application model, parts, renderer and models) running on its own UI thread
 * under Xvfb, shared by the workbench tests: a test drives it through the widgets a user touches, from the test
 * thread, and waits for what the user would see. {@link #reset()} brings it back to the first window's state; a test
 * class closes it when done ({@link #closeShared()}).
 */
final class RunningWorkbench {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static RunningWorkbench shared;

    private final Display display;
    private final E4Workbench workbench;
    private final MApplication app;
    private Thread uiThread;

    private RunningWorkbench(Display display, E4Workbench workbench) {
        this.display = display;
        this.workbench = workbench;
        this.app = workbench.getApplication();
    }

    /**
     * Closes the workbench as File > Quit does and waits for its UI thread to dispose the display (each test class
     * closes it when done: a workbench left open at the runtime's exit takes its GL context down with the process,
     * not in order, and the X server is shared with the next test bundles).
     */
    static synchronized void closeShared() throws InterruptedException {
        if (shared == null) {
            return;
        }
        RunningWorkbench wb = shared;
        shared = null;
        wb.display.asyncExec(wb.workbench::close);
        wb.uiThread.join(TIMEOUT.toMillis());
    }

    /**
     * A fresh workbench started as {@code -Dperturber.session=FILE} starts one (the property is read once, at the
     * start, and cleared again); the one another class left open read no such property and is closed first.
     */
    static RunningWorkbench startedWithSession(java.nio.file.Path session) throws InterruptedException {
        closeShared();
        System.setProperty("perturber.session", session.toString());
        try {
            return shared();
        } finally {
            System.clearProperty("perturber.session");
        }
    }

    /** The workbench, started on first use: the tests of a class share it (starting it costs seconds). */
    static synchronized RunningWorkbench shared() throws InterruptedException {
        if (shared == null) {
            CountDownLatch created = new CountDownLatch(1);
            AtomicReference<RunningWorkbench> made = new AtomicReference<>();
            Thread ui = new Thread(() -> {
                Display display = Display.getDefault();
                E4Workbench wb = new E4Application().createE4Workbench(EmbeddedWorkbench.productContext(), display);
                made.set(new RunningWorkbench(display, wb));
                created.countDown();
                wb.createAndRunUI(wb.getApplication()); // the event loop, until closeShared()
                if (!display.isDisposed()) {
                    display.dispose();
                }
            }, "Workbench UI");
            ui.setDaemon(true);
            ui.start();
            if (!created.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("the workbench did not start");
            }
            shared = made.get();
            shared.uiThread = ui;
            shared.await("the main window", () -> shared.window().getWidget() instanceof Shell s && s.isVisible());
        }
        return shared;
    }

    /** Back to the first window's state: the Explore perspective, the default scene and model, no perturbation. */
    void reset() throws InterruptedException {
        ui(() -> parts().switchPerspective("org.perturber.app.perspective.explore"));
        ExploreSession s = session();
        s.setStack(PerturbationStack.EMPTY);
        s.setAttackSource(null);
        s.setPins(ExploreSession.Pins.NONE);
        s.setScene(DefaultScene.create(Services.await(BuiltinObjects.class, Duration.ofSeconds(30))));
        await("the default model", () -> !session().models().isEmpty());
        for (LoadedModel m : s.models()) {
            if (!m.descriptor().id().equals("standard")) {
                s.removeModel(m);
            }
        }
        app.getContext().get(org.perturber.app.SessionChanges.class).markClean(); // no quit prompt at closeShared
        MPart curve = part("org.perturber.app.part.curve");
        if (curve != null) {
            ((org.perturber.app.parts.RobustnessCurvePart) curve.getObject()).curve().clear();
        }
    }

    /** Runs on the UI thread and returns its result; an exception there fails the test here. */
    <T> T ui(Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        if (failure.get() != null) {
            throw new AssertionError("on the UI thread: " + failure.get(), failure.get());
        }
        return result.get();
    }

    void ui(Runnable work) {
        ui(() -> {
            work.run();
            return null;
        });
    }

    /** Waits until the condition (checked on the UI thread) holds, failing with {@code what} after the timeout. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!ui(() -> condition.getAsBoolean())) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(40);
        }
    }

    MApplication application() {
        return app;
    }

    MWindow window() {
        return app.getChildren().get(0);
    }

    EPartService parts() {
        return window().getContext().get(EPartService.class);
    }

    ExploreSession session() {
        return app.getContext().get(ExploreSession.class);
    }

    ExplorePipeline pipeline() {
        return app.getContext().get(ExplorePipeline.class);
    }

    StatusLine statusLine() {
        return app.getContext().get(StatusLine.class);
    }

    /** Shows a part (as clicking its tab does) and returns its object once created. */
    @SuppressWarnings("unchecked")
    <T> T show(String partId) throws InterruptedException {
        ui(() -> parts().showPart(partId, EPartService.PartState.ACTIVATE));
        await("the part " + partId, () -> part(partId) != null);
        return (T) ui(() -> part(partId).getObject());
    }

    MPart part(String partId) {
        List<MPart> found = app.getContext().get(EModelService.class).findElements(window(), partId, MPart.class);
        return found.isEmpty() || found.get(0).getObject() == null ? null : found.get(0);
    }

    /** UI thread: every control of a type under a part's widget, in layout order. */
    static <T extends Control> List<T> controls(Control root, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (type.isInstance(root)) {
            found.add(type.cast(root));
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                found.addAll(controls(child, type));
            }
        }
        return found;
    }

    /** UI thread: moves a slider to a position, as a drag step does (the slider's own Selection listeners run). */
    static void slide(Scale scale, int position) {
        scale.setSelection(position);
        scale.notifyListeners(SWT.Selection, new Event());
    }

    /** UI thread: chooses "Category > Name" in a button's menu, as a click on the item does. */
    static void choose(Menu menu, String category, String name) {
        for (MenuItem cascade : menu.getItems()) {
            if (cascade.getText().equals(category)) {
                for (MenuItem item : cascade.getMenu().getItems()) {
                    if (item.getText().equals(name)) {
                        item.notifyListeners(SWT.Selection, new Event());
                        return;
                    }
                }
            }
        }
        fail("no menu item " + category + " > " + name);
    }

    static void mouse(Control control, int type, int x, int y, int button) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = button;
        control.notifyListeners(type, e);
    }

    /** UI thread: the main window's menu item at a path of labels without mnemonics ("File", "Quit"). */
    MenuItem menuItem(String... path) {
        Menu menu = ((Shell) window().getWidget()).getMenuBar();
        MenuItem found = null;
        for (String label : path) {
            found = null;
            for (MenuItem item : menu.getItems()) {
                if (item.getText().replace("&", "").split("\t")[0].equals(label)) { // no accelerator
                    found = item;
                }
            }
            if (found == null) {
                fail("no menu item " + String.join(" > ", path));
            }
            if (found.getMenu() != null) {
                // as opening the menu does: e4 fills in and enables its items then
                found.getMenu().notifyListeners(SWT.Show, new Event());
                menu = found.getMenu();
            }
        }
        return found;
    }

    /** Clicks a menu item later on the UI thread: a handler that opens a modal dialog does not block the test. */
    void clickLater(MenuItem item) {
        ui(() -> display.asyncExec(() -> item.notifyListeners(SWT.Selection, new Event())));
    }

    /** Waits for a shell with this title and returns it. */
    Shell shell(String title) throws InterruptedException {
        await("a window titled " + title, () -> java.util.Arrays.stream(display.getShells()).anyMatch(s -> !s
                .isDisposed() && s.isVisible() && title.equals(s.getText())));
        return ui(() -> java.util.Arrays.stream(display.getShells()).filter(s -> !s.isDisposed() && s.isVisible()
                && title.equals(s.getText())).findFirst().orElseThrow());
    }

    Display display() {
        return display;
    }

    /** The object of a trim tool control (the status bar's), once created. */
    @SuppressWarnings("unchecked")
    <T> T toolControl(String id) throws InterruptedException {
        await("the tool control " + id, () -> !app.getContext().get(EModelService.class).findElements(window(), id,
                org.eclipse.e4.ui.model.application.ui.menu.MToolControl.class).isEmpty() && app.getContext().get(
                        EModelService.class).findElements(window(), id,
                                org.eclipse.e4.ui.model.application.ui.menu.MToolControl.class).get(0)
                        .getObject() != null);
        return (T) ui(() -> app.getContext().get(EModelService.class).findElements(window(), id,
                org.eclipse.e4.ui.model.application.ui.menu.MToolControl.class).get(0).getObject());
    }

    /** A part of one perspective (parts of the same id may be in several), or null while not created. */
    MPart partIn(String perspectiveId, String partId) {
        EModelService models = app.getContext().get(EModelService.class);
        List<org.eclipse.e4.ui.model.application.ui.advanced.MPerspective> perspectives = models.findElements(
                window(), perspectiveId, org.eclipse.e4.ui.model.application.ui.advanced.MPerspective.class);
        if (perspectives.isEmpty()) {
            return null;
        }
        List<MPart> found = models.findElements(perspectives.get(0), partId, MPart.class);
        return found.isEmpty() || found.get(0).getObject() == null ? null : found.get(0);
    }

    /** Shows the Models view once its folders are read (in a Job after the view opens) and returns it. */
    org.perturber.app.parts.ModelsPart models() throws InterruptedException {
        org.perturber.app.parts.ModelsPart models = show("org.perturber.app.part.models");
        await("the model folders listed", models::listed);
        return models;
    }

    /**
     * Chooses a file in the platform's file dialog titled {@code title} as a user does, typing its path into GTK's
     * file chooser (Ctrl+L, the path, Return) with xdotool: the dialog is native, outside SWT's widgets, and runs
     * its own event loop, so the test thread drives it from outside, as the X server sees a keyboard.
     */
    static void chooseInFileDialog(String title, java.nio.file.Path file) throws InterruptedException,
            java.io.IOException {
        // three runs: "type" takes every word after it as text
        xdotool("search", "--sync", "--onlyvisible", "--name", "^" + title + "$", "windowfocus", "--sync", "key",
                "--clearmodifiers", "ctrl+l");
        Thread.sleep(300);
        xdotool("type", "--delay", "15", file.toAbsolutePath().toString());
        Thread.sleep(300);
        xdotool("key", "Return");
    }

    /**
     * Saves under {@code file} in the platform's save dialog titled {@code title}: GTK's name field has the focus
     * with the suggested name's stem selected, so all of it is selected first (Ctrl+A) and the whole path typed
     * over it (the field takes a path), then Return.
     */
    static void saveInFileDialog(String title, java.nio.file.Path file) throws InterruptedException,
            java.io.IOException {
        xdotool("search", "--sync", "--onlyvisible", "--name", "^" + title + "$", "windowfocus", "--sync", "key",
                "--clearmodifiers", "ctrl+a");
        Thread.sleep(300);
        xdotool("type", "--delay", "15", file.toAbsolutePath().toString());
        Thread.sleep(300);
        xdotool("key", "Return");
    }

    /** Moves the X pointer to a point of the screen, as the user's mouse does (the real events follow). */
    static void pointer(int x, int y) throws InterruptedException, java.io.IOException {
        xdotool("mousemove", "--sync", Integer.toString(x), Integer.toString(y));
    }

    private static void xdotool(String... args) throws InterruptedException, java.io.IOException {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(List.of(args));
        Process xdotool = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!xdotool.waitFor(60, TimeUnit.SECONDS)) {
            xdotool.destroyForcibly();
            fail("xdotool " + String.join(" ", args) + " did not end within 60 s (no such file dialog?)");
        }
        String output = new String(xdotool.getInputStream().readAllBytes());
        if (xdotool.exitValue() != 0) {
            fail("xdotool (the xdotool package) " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** UI thread: clicks a button, as a user does (its Selection listeners run). */
    static void click(org.eclipse.swt.widgets.Button button) {
        button.notifyListeners(SWT.Selection, new Event());
    }
}
