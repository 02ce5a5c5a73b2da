package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.TransferData;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.parts.ClassLabelDialog;
import org.perturber.app.parts.MeshImport;
import org.perturber.app.parts.ScenePart;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.objects.BuiltinScenes;

/**
 * Objects in the scene through the Scene view's widgets: the object gallery with its thumbnails, a mesh file
 * dropped on the view (asked for its class label), a broken file, recent meshes, Reset camera and a render failure.
 *
 * <p>A drop is fired through the view's real DropTarget with an SWT DND event carrying FileTransfer data: GTK's drag
 * and drop cannot be synthesised under Xvfb (it needs a second X client as the drag source), so the event enters
 * where SWT hands a native drop to the target's listeners. File > Import mesh... goes the same way after its
 * (native, undrivable) file dialog.
 */
class SceneObjectsViewTest extends WorkbenchTest {
    static final String SCENE = "org.perturber.app.part.scene";

    @TempDir
    Path dir;

    /** A cube without normals or texture coordinates. */
    static final String BARE_CUBE = """
            v -1 -1 -1
            v 1 -1 -1
            v 1 1 -1
            v -1 1 -1
            v -1 -1 1
            v 1 -1 1
            v 1 1 1
            v -1 1 1
            f 5 6 7 8
            f 2 1 4 3
            f 6 2 3 7
            f 1 5 8 4
            f 8 7 3 4
            f 1 2 6 5
            """;

    /** The Scene view showing a full frame of the session's current state. */
    private ScenePart sceneOfCurrentState() throws InterruptedException {
        ScenePart scene = wb.show(SCENE);
        long now = wb.session().state().sequence();
        wb.await("the current scene's full frame", () -> scene.hasImage() && !scene.showsPreview() && scene
                .shownSequence() >= now);
        return scene;
    }

    private static long checksum(ImageData data) {
        return data == null ? 0 : Arrays.hashCode(data.data);
    }

    private static void click(Button b) {
        b.notifyListeners(SWT.Selection, new Event());
    }

    /** Waits for a visible shell with this title (a dialog) and returns it. */
    private Shell dialog(String title) throws InterruptedException {
        wb.await("the dialog '" + title + "'", () -> Arrays.stream(Display.getCurrent().getShells()).anyMatch(
                s -> s.isVisible() && title.equals(s.getText())));
        return wb.ui(() -> Arrays.stream(Display.getCurrent().getShells()).filter(s -> s.isVisible() && title
                .equals(s.getText())).findFirst().orElseThrow());
    }

    private void press(Shell shell, String button) throws InterruptedException {
        wb.ui(() -> click(RunningWorkbench.controls(shell, Button.class).stream().filter(b -> b.getText().equals(
                button)).findFirst().orElseThrow()));
        wb.await("the dialog closed", shell::isDisposed);
    }

    /** UI thread: a file dropped on the view, as SWT hands a native drop of files to the view's drop listeners. */
    static void drop(DropTarget target, Path file) throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.eclipse.swt.dnd.DNDEvent", true, DropTarget.class.getClassLoader());
        Constructor<?> make = type.getDeclaredConstructor();
        make.setAccessible(true);
        Event event = (Event) make.newInstance();
        TransferData files = FileTransfer.getInstance().getSupportedTypes()[0];
        set(type, event, "dataType", files);
        set(type, event, "dataTypes", new TransferData[] { files });
        set(type, event, "operations", DND.DROP_COPY | DND.DROP_MOVE);
        event.detail = DND.DROP_COPY;
        event.data = new String[] { file.toString() };
        org.eclipse.swt.graphics.Point centre = target.getControl().toDisplay(20, 20);
        event.x = centre.x;
        event.y = centre.y;
        target.notifyListeners(DND.Drop, event);
    }

    private static void set(Class<?> type, Object target, String field, Object value)
            throws ReflectiveOperationException {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** Drops a file on the Scene view, types the label into the label dialog and presses OK. */
    private void importByDrop(ScenePart scene, Path file, String label) throws Exception {
        wb.ui(() -> {
            try {
                drop(scene.dropTarget(), file);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        answerLabel(label);
    }

    private void answerLabel(String label) throws InterruptedException {
        Shell shell = dialog(ClassLabelDialog.TITLE);
        wb.ui(() -> {
            Combo combo = RunningWorkbench.controls(shell, Combo.class).get(0);
            combo.setText(""); // typed over what the dialog proposes
            for (char c : label.toCharArray()) {
                combo.setText(combo.getText() + c);
            }
        });
        press(shell, "OK");
    }

    /** Edit > Undo or Redo, as the menu item and its key binding run it. */
    private void edit(String commandId) {
        wb.ui(() -> {
            ECommandService commands = wb.window().getContext().get(ECommandService.class);
            EHandlerService handlers = wb.window().getContext().get(EHandlerService.class);
            handlers.executeHandler(commands.createCommand(commandId, null));
        });
    }

    @Test
    void choosingAnObjectInTheGalleryReplacesTheSubjectAndKeepsTheView() throws InterruptedException {
        ScenePart scene = sceneOfCurrentState();
        Scene before = wb.session().scene();
        long mugPixels = wb.ui(() -> checksum(scene.imageData()));
        assertEquals("Object: Mug \u25be", wb.ui(() -> scene.objectButton().getText()));
        wb.ui(() -> click(scene.objectButton()));
        assertTrue(wb.ui(() -> scene.chooser().control().isVisible()), "the gallery opens");
        List<Button> objects = wb.ui(() -> scene.chooser().objectButtons());
        assertEquals(12, objects.size());
        wb.await("every thumbnail rendered", () -> objects.stream().allMatch(b -> b.getData("thumbnail") != null
                && b.getImage() == b.getData("thumbnail")));
        assertTrue(wb.ui(() -> objects.get(0).getSelection()), "the mug's button is pressed");
        // thumbnails are pictures of different objects, not one placeholder
        assertEquals(12, wb.ui(() -> objects.stream().map(b -> checksum(b.getImage().getImageData())).distinct()
                .count()));
        Button teapot = objects.stream().filter(b -> "teapot".equals(wb.ui(() -> b.getData()))).findFirst()
                .orElseThrow();
        wb.ui(() -> {
            teapot.setSelection(true);
            click(teapot);
        });
        Scene after = wb.session().scene();
        assertEquals(MeshRef.builtin("teapot"), after.subject().mesh());
        assertEquals("teapot", after.subject().name(), "a built-in's name is its class label");
        assertEquals(before.camera(), after.camera());
        assertEquals(before.lighting(), after.lighting());
        assertEquals(before.background(), after.background());
        assertFalse(wb.ui(() -> scene.chooser().control().isVisible()), "choosing closes the gallery");
        sceneOfCurrentState();
        assertNotEquals(mugPixels, wb.ui(() -> checksum(scene.imageData())), "the view shows the teapot");
        assertEquals("Object: Teapot \u25be", wb.ui(() -> scene.objectButton().getText()));
        edit("org.eclipse.ui.edit.undo");
        assertEquals(before, wb.session().scene(), "Edit > Undo takes the choice back");
        wb.await("the button follows", () -> scene.objectButton().getText().equals("Object: Mug \u25be"));
        edit("org.eclipse.ui.edit.redo");
        assertEquals(after, wb.session().scene());
    }

    @Test
    void droppingAMeshFileAsksForItsClassLabelAndMakesItTheObject() throws Exception {
        Path cube = dir.resolve("crate.obj");
        Files.writeString(cube, BARE_CUBE);
        ScenePart scene = sceneOfCurrentState();
        Scene before = wb.session().scene();
        long mugPixels = wb.ui(() -> checksum(scene.imageData()));
        wb.ui(() -> {
            try {
                drop(scene.dropTarget(), cube);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        Shell shell = dialog(ClassLabelDialog.TITLE);
        List<String> offered = wb.ui(() -> List.of(RunningWorkbench.controls(shell, Combo.class).get(0).getItems()));
        assertTrue(offered.contains("mug") && offered.contains("teapot"), "the models' classes offered: " + offered);
        assertEquals("crate", wb.ui(() -> RunningWorkbench.controls(shell, Combo.class).get(0).getText()),
                "the file's name proposed");
        wb.ui(() -> RunningWorkbench.controls(shell, Combo.class).get(0).setText("box"));
        press(shell, "OK");
        wb.await("the mesh in the scene", () -> wb.session().scene().subject().mesh().kind() == MeshRef.Kind.FILE);
        SceneObject subject = wb.session().scene().subject();
        assertEquals(MeshRef.file(cube.toString()), subject.mesh());
        assertEquals("box", subject.name(), "the typed class label");
        assertEquals(before.camera(), wb.session().scene().camera());
        sceneOfCurrentState();
        assertNotEquals(mugPixels, wb.ui(() -> checksum(scene.imageData())), "the view shows the cube");
        assertEquals("Object: box (crate.obj) \u25be", wb.ui(() -> scene.objectButton().getText()));
        assertEquals(cube, MeshImport.recent().get(0), "remembered as a recent mesh");
    }

    @Test
    void aBrokenMeshFileIsReportedByNameAndProblemAndTheSceneStays() throws Exception {
        Path broken = dir.resolve("broken-teapot.obj");
        Files.writeString(broken, "v 0 0 0\nv 1 0 0\nf 1 2 7\n");
        ScenePart scene = sceneOfCurrentState();
        Scene before = wb.session().scene();
        wb.ui(() -> {
            try {
                drop(scene.dropTarget(), broken);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        Shell error = dialog("Import mesh");
        String text = wb.ui(() -> RunningWorkbench.controls(error, Label.class).stream().map(Label::getText).collect(
                Collectors.joining("\n")));
        assertTrue(text.contains("Could not import broken-teapot.obj"), text);
        assertTrue(text.contains("refers to vertex 7"), "the problem: " + text);
        assertTrue(text.contains("The scene is unchanged"), text);
        assertFalse(text.contains("Exception"), "no Java exception names: " + text);
        press(error, "OK");
        assertEquals(before, wb.session().scene());
        assertTrue(Arrays.stream(wb.ui(() -> Display.getCurrent().getShells())).noneMatch(s -> wb.ui(() -> !s
                .isDisposed() && ClassLabelDialog.TITLE.equals(s.getText()))), "no label asked for a broken file");
    }

    @Test
    void recentMeshesListTheImportedFileAndBringItBack() throws Exception {
        Path cube = dir.resolve("dice.obj");
        Files.writeString(cube, BARE_CUBE);
        ScenePart scene = sceneOfCurrentState();
        importByDrop(scene, cube, "dice");
        wb.await("the dice in the scene", () -> wb.session().scene().subject().mesh().equals(MeshRef.file(cube
                .toString())));
        wb.ui(() -> MeshImport.chooseBuiltin(wb.session(), "vase"));
        wb.ui(() -> click(scene.objectButton()));
        List<Button> recent = wb.ui(() -> scene.chooser().recentButtons());
        assertFalse(recent.isEmpty(), "the gallery lists recent meshes");
        assertEquals(cube, wb.ui(() -> recent.get(0).getData()));
        assertEquals("dice.obj", wb.ui(() -> recent.get(0).getText()));
        wb.ui(() -> click(recent.get(0)));
        answerLabel("cube");
        wb.await("the dice back in the scene", () -> wb.session().scene().subject().mesh().equals(MeshRef.file(cube
                .toString())));
        assertEquals("cube", wb.session().scene().subject().name());
    }

    @Test
    void fileMenuOffersImportMeshAfterTheSessionItems() {
        MMenu file = wb.ui(() -> wb.window().getMainMenu().getChildren().stream().filter(m -> m instanceof MMenu
                && "org.perturber.app.menu.file".equals(m.getElementId())).map(MMenu.class::cast).findFirst()
                .orElseThrow());
        List<String> labels = wb.ui(() -> file.getChildren().stream().map(MMenuElement::getLabel).toList());
        int save = labels.indexOf("&Save session as...");
        assertTrue(save >= 0, labels.toString());
        assertEquals("&Import mesh...", labels.get(save + 1), labels.toString());
        assertNotNull(wb.ui(() -> wb.application().getHandlers().stream().filter(h -> h.getCommand() != null && h
                .getCommand().getElementId().equals("org.perturber.app.command.importMesh")).findFirst().orElse(
                        null)), "a handler for Import mesh");
    }

    @Test
    void resetCameraPutsTheStandardViewBackAndKeepsTheObject() throws InterruptedException {
        ScenePart scene = sceneOfCurrentState();
        wb.ui(() -> MeshImport.chooseBuiltin(wb.session(), "lamp"));
        wb.ui(() -> {
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseDown, 200, 150, 1);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseMove, 120, 190, 0);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseUp, 120, 190, 1);
            Event wheel = new Event();
            wheel.count = 6;
            scene.canvas().notifyListeners(SWT.MouseVerticalWheel, wheel);
        });
        Camera moved = wb.session().scene().camera();
        assertNotEquals(BuiltinScenes.standardCamera(), moved);
        wb.ui(() -> click(scene.resetCameraButton()));
        assertEquals(BuiltinScenes.standardCamera(), wb.session().scene().camera());
        assertEquals(MeshRef.builtin("lamp"), wb.session().scene().subject().mesh());
        edit("org.eclipse.ui.edit.undo");
        assertEquals(moved, wb.session().scene().camera(), "Reset camera is an edit Edit > Undo takes back");
        edit("org.eclipse.ui.edit.redo");
        assertEquals(BuiltinScenes.standardCamera(), wb.session().scene().camera());
        sceneOfCurrentState();
    }

    @Test
    void aRenderFailureClearsTheImageAndSaysWhyUntilTheNextGoodScene() throws InterruptedException {
        ScenePart scene = sceneOfCurrentState();
        Path missing = dir.resolve("missing-statue.obj");
        Scene good = wb.session().scene();
        // a session whose mesh file is gone
        wb.session().setScene(MeshImport.withSubject(good, SceneObject.of("statue", MeshRef.file(missing
                .toString()))));
        wb.await("the failure shown", () -> scene.message() != null && scene.message().startsWith(
                "Rendering failed"));
        String message = wb.ui(scene::message);
        assertFalse(wb.ui(scene::hasImage), "the previous object is not left on screen: " + message);
        assertTrue(message.contains("missing-statue.obj"), message);
        assertFalse(message.contains("RenderException"), message);
        wb.session().setScene(good);
        wb.await("the scene back", scene::hasImage);
        assertEquals(null, wb.ui(scene::message));
    }

    @Test
    void aLongComputationShowsTheRenderingMarkerUntilItsFrameArrives() throws InterruptedException {
        ScenePart scene = sceneOfCurrentState();
        assertFalse(wb.ui(scene::showsStaleMarker));
        // a 500-step attack: the new state's frame comes only after its predictions, seconds later
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of("org.perturber.perturbation.adversarial.pgd")
                .with("epsilon", 0.03).with("steps", 500)));
        long attacked = wb.session().state().sequence();
        wb.await("the rendering marker", scene::showsStaleMarker);
        assertTrue(wb.ui(() -> scene.shownSequence() < attacked), "the marker is there while the old frame is");
        wb.await("the attacked state's frame", () -> scene.shownSequence() >= attacked && scene.hasImage());
        assertFalse(wb.ui(scene::showsStaleMarker), "the marker goes with the new frame");
    }
}
