package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.ProblemLog;
import org.perturber.app.SessionChanges;
import org.perturber.app.SessionOpener;
import org.perturber.app.handlers.SessionHandlers;
import org.perturber.app.parts.ErrorLogPart;
import org.perturber.app.parts.ModelsPart;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.session.SessionFile;

/**
 * A broken session opened through File > Open session... is named with its problem in an error dialog and in the
 * Error Log, and nothing is lost: scene, stack and models stay. Session files and model folders are read off the UI
 * thread: while a read is pending the window keeps answering, and a FIFO is refused by name without blocking.
 */
class BrokenSessionTest extends WorkbenchTest {
    static final String ERROR_LOG = "org.perturber.app.part.errorLog";
    private static final String BACKGROUND = "org.perturber.perturbation.background.backgroundPerturbation";
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";
    /** The longest the UI thread may take to answer a syncExec while a file is read (it answers in milliseconds). */
    private static final long ANSWER_MS = 2000;

    @TempDir
    Path dir;

    /** A state that differs from the first window's, so that "unchanged" means something. */
    private void editedState() throws InterruptedException {
        Scene scene = wb.session().scene();
        wb.session().setScene(scene.withCamera(scene.camera().withOrbit(37, 11, scene.camera().distance())));
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of(FADE).with("amount", 0.3)));
        wb.await("the edited state", () -> wb.session().stack().entries().size() == 1);
    }

    /** The session as it is now, written and then broken: its perturbations an object instead of a list. */
    private Path brokenSession(String name) throws IOException {
        Path file = dir.resolve(name);
        SessionFile.write(file, wb.session().scene(), wb.session().stack(), wb.session().models());
        String text = Files.readString(file);
        String broken = text.replaceFirst("\"perturbations\": \\[", "\"perturbations\": {\"x\": [").replaceFirst(
                "\\]\\s*\\}\\s*,\\s*\"models\"", "]}},\n\"models\"");
        assertFalse(broken.equals(text), "the session was broken");
        Files.writeString(file, broken);
        return file;
    }

    private String text(Shell shell) {
        return wb.ui(() -> RunningWorkbench.controls(shell, Label.class).stream().map(Label::getText).collect(
                Collectors.joining("\n")));
    }

    private void pressOk(Shell shell) throws InterruptedException {
        press(shell, "OK");
    }

    private void press(Shell shell, String button) throws InterruptedException {
        wb.ui(() -> RunningWorkbench.controls(shell, Button.class).stream().filter(b -> b.getText().replace("&", "")
                .equals(button)).findFirst().orElseThrow().notifyListeners(SWT.Selection, new Event()));
        wb.await("the dialog closed", shell::isDisposed);
    }

    @Test
    void aSessionNamingAMeshOutsideItsFolderIsOpenedOnlyWhenTheUserSaysSo() throws Exception {
        editedState();
        Path mesh = Files.writeString(dir.resolve("elsewhere.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\n"
                + "f 1 2 3\nf 1 2 4\nf 1 3 4\nf 2 3 4\n");
        Path study = Files.createDirectories(dir.resolve("study"));
        Path file = study.resolve("outside.perturber.json");
        Scene withMesh = Scene.of(SceneObject.of("mug", MeshRef.file(mesh.toString())));
        // a stack's file parameter counts too (the background left "as is": only the name matters here)
        Path image = dir.resolve("sky.png");
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(BACKGROUND).with("image", image
                .toString()));
        SessionFile.write(file, withMesh, stack, wb.session().models());
        Scene scene = wb.session().scene();
        Shell window = wb.ui(() -> (Shell) wb.window().getWidget());

        // asked, and declined: nothing changes
        wb.ui(() -> SessionHandlers.open(window, file, wb.session(), null, problems(), null));
        Shell question = wb.shell(SessionHandlers.OPEN_TITLE);
        String text = text(question);
        assertTrue(text.contains("outside.perturber.json names files outside its folder") && text.contains(
                "scene.objects[0].mesh: " + mesh) && text.contains("stack.perturbations[0].values.image: " + image),
                text);
        assertFalse(text.contains("models["), "the built-in models are not outside: " + text);
        press(question, "No");
        Thread.sleep(300);
        assertEquals(scene, wb.session().scene(), "declined: the scene is unchanged");

        // asked, and allowed: the session and its mesh are read
        wb.ui(() -> SessionHandlers.open(window, file, wb.session(), null, problems(), null));
        press(wb.shell(SessionHandlers.OPEN_TITLE), "Yes");
        wb.await("the session's scene and stack", () -> wb.session().scene().equals(withMesh) && wb.session().stack()
                .equals(stack));
    }

    private ProblemLog problems() {
        return wb.application().getContext().get(ProblemLog.class);
    }

    @Test
    void aBrokenSessionFromFileOpenIsNamedInADialogAndTheErrorLogAndNothingIsLost() throws Exception {
        editedState();
        Path file = brokenSession("broken-explore.perturber.json");
        Scene scene = wb.session().scene();
        PerturbationStack stack = wb.session().stack();
        List<LoadedModel> models = wb.session().models();
        ErrorLogPart log = wb.show(ERROR_LOG);
        int logged = problems().problems().size();

        // File > Open session..., the platform's file dialog, the file typed in as a user does
        wb.clickLater(wb.ui(() -> wb.menuItem("File", "Open session...")));
        RunningWorkbench.chooseInFileDialog(SessionHandlers.OPEN_TITLE, file);

        Shell error = wb.shell(SessionHandlers.OPEN_TITLE);
        String text = text(error);
        assertTrue(text.contains("Could not open broken-explore.perturber.json"), text);
        assertTrue(text.contains("stack.perturbations: expected a list [...], got an object {...}"), "the element "
                + "and the problem: " + text);
        assertTrue(text.contains("File: " + file.toAbsolutePath()), text);
        assertTrue(text.contains("The scene, stack and models are unchanged"), text);
        assertFalse(text.contains("Exception"), "no Java exception names: " + text);

        // in the Error Log too, with the file as its source
        List<ProblemLog.Problem> added = problems().problems().subList(logged, problems().problems().size());
        assertEquals(1, added.stream().filter(p -> p.source().equals(file.toAbsolutePath().toString()) && p
                .message().contains("stack.perturbations: expected a list")).count(), added.toString());
        wb.await("the Error Log's row", () -> Arrays.stream(log.table().getItems()).anyMatch(i -> i.getText(1).equals(
                file.toAbsolutePath().toString()) && i.getText(2).contains(
                        "Could not open the session: not a valid session file: stack.perturbations")));
        pressOk(error);

        assertEquals(scene, wb.session().scene(), "the scene is unchanged");
        assertEquals(stack, wb.session().stack(), "the stack is unchanged");
        assertEquals(models, wb.session().models(), "the models are unchanged");
    }

    @Test
    void aGoodSessionFromFileOpenIsApplied() throws Exception {
        // the other side of the broken one: the same path through the file dialog opens a good file
        editedState();
        Path file = dir.resolve("good-explore.perturber.json");
        SessionFile.write(file, wb.session().scene(), wb.session().stack(), wb.session().models());
        Scene saved = wb.session().scene();
        List<Path> savedModels = folders(wb.session().models());
        assertFalse(savedModels.isEmpty());
        // a different state, without the session's models, for the file to replace
        wb.session().setStack(PerturbationStack.EMPTY);
        wb.session().setScene(saved.withCamera(saved.camera().withOrbit(-90, 5, saved.camera().distance())));
        wb.session().models().forEach(wb.session()::removeModel);
        wb.clickLater(wb.ui(() -> wb.menuItem("File", "Open session...")));
        RunningWorkbench.chooseInFileDialog(SessionHandlers.OPEN_TITLE, file);
        wb.await("the session's stack", () -> wb.session().stack().entries().size() == 1);
        assertEquals(saved, wb.session().scene());
        wb.await("the session's models loaded", () -> folders(wb.session().models()).equals(savedModels));
    }

    private static List<Path> folders(List<LoadedModel> models) {
        return models.stream().map(m -> m.location().toAbsolutePath().normalize()).toList();
    }

    @Test
    void whileASessionIsReadTheWindowAnswersAndAFifoIsRefusedByName() throws Exception {
        editedState();
        Path fifo = fifo(dir.resolve("pipe.perturber.json"));
        Scene scene = wb.session().scene();
        PerturbationStack stack = wb.session().stack();
        Shell shell = wb.ui(() -> (Shell) wb.window().getWidget());
        // the read is held back (another read holds the rule all reads take): it is pending, in a Job, and the
        // UI thread must not wait for it
        Job.getJobManager().beginRule(SessionOpener.READING, null);
        Job read;
        try {
            read = wb.ui(() -> SessionHandlers.open(shell, fifo, wb.session(), wb.application().getContext().get(
                    SessionChanges.class), problems(), wb.statusLine()));
            for (int i = 0; i < 10; i++) {
                assertAnswers();
                Thread.sleep(50);
            }
            assertEquals(Job.WAITING, read.getState(), "the read waits in its Job");
            assertFalse(wb.ui(() -> Arrays.stream(wb.display().getShells()).anyMatch(s -> s.isVisible()
                    && SessionHandlers.OPEN_TITLE.equals(s.getText()))), "no result before the file is read");
        } finally {
            Job.getJobManager().endRule(SessionOpener.READING);
        }
        Shell error = wb.shell(SessionHandlers.OPEN_TITLE);
        String text = text(error);
        assertTrue(text.contains("Could not open pipe.perturber.json") && text.contains(
                "not a regular file (a folder, a pipe or a device)"), text);
        assertTrue(problems().problems().stream().anyMatch(p -> p.source().equals(fifo.toAbsolutePath().toString())
                && p.message().contains("not a regular file")), problems().problems().toString());
        pressOk(error);
        assertTrue(read.join(10_000, null), "the read ended: nothing is left blocked on the pipe");
        assertEquals(scene, wb.session().scene());
        assertEquals(stack, wb.session().stack());
    }

    @Test
    void whileAModelFolderIsReadTheWindowAnswersAndAFifoModelJsonIsRefusedByName() throws Exception {
        Path model = Files.createDirectories(dir.resolve("fifo-model"));
        fifo(model.resolve("model.json"));
        ModelsPart models = wb.models();
        Job.getJobManager().beginRule(SessionOpener.READING, null);
        Job read;
        try {
            read = wb.ui(() -> models.open(model));
            for (int i = 0; i < 10; i++) {
                assertAnswers();
                Thread.sleep(50);
            }
            assertEquals(Job.WAITING, read.getState(), "the read waits in its Job");
            assertTrue(wb.ui(() -> ModelErrorsTest.row(models.table(), model) == null), "no row before it is read");
        } finally {
            Job.getJobManager().endRule(SessionOpener.READING);
        }
        wb.await("the refused row", () -> ModelErrorsTest.row(models.table(), model) != null && !ModelErrorsTest.row(
                models.table(), model).getText(4).isEmpty());
        assertTrue(read.join(10_000, null), "the read ended: nothing is left blocked on the pipe");
        String message = wb.ui(() -> models.message());
        assertTrue(message.contains(model.resolve("model.json").toString()) && message.contains("not a regular file"),
                message);
        assertTrue(problems().problems().stream().anyMatch(p -> p.source().endsWith("fifo-model/model.json") && p
                .message().contains("not a regular file")), problems().problems().toString());
        wb.ui(() -> {
            models.table().setSelection(ModelErrorsTest.row(models.table(), model));
            models.removeSelected();
        });
    }

    /** The UI thread answers a syncExec within {@link #ANSWER_MS}. */
    private void assertAnswers() {
        long start = System.nanoTime();
        wb.ui(() -> {
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < ANSWER_MS, "the UI thread answered after " + ms + " ms");
    }

    static Path fifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        assertEquals(0, mkfifo.waitFor(), new String(mkfifo.getInputStream().readAllBytes()));
        assertTrue(Files.exists(path) && !Files.isRegularFile(path), "a FIFO at " + path);
        return path;
    }
}
