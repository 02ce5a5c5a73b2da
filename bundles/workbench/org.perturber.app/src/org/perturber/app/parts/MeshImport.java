package org.perturber.app.parts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.prefs.BackingStoreException;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.service.Services;
import org.perturber.explore.ExploreSession;
import org.perturber.objects.BuiltinCatalog;
import org.perturber.objects.imports.ImportedMesh;
import org.perturber.objects.imports.MeshFiles;

/**
 * Bringing an object into the scene: a built-in by id, or a mesh file (File > Import mesh..., a file dropped on the
 * Scene view, a recent mesh). A file is read in a Job (a large file takes seconds), then the user says which class
 * label the models should see (an imported object's name is its class label, as sweeps and the robustness curve read
 * it); a broken file is reported by name and problem and the scene stays as it was. The new object replaces the
 * scene's subject; camera, lighting and background stay. Both are edits that Edit > Undo takes back.
 */
public final class MeshImport {
    private static final int RECENT_COUNT = 6;

    private MeshImport() {
    }

    /** The scene with its subject replaced by {@code object}, keeping the subject's placement. */
    public static Scene withSubject(Scene scene, SceneObject object) {
        if (scene.objects().isEmpty()) {
            return scene.withObjects(List.of(object));
        }
        return scene.withObject(0, object.withTransform(scene.subject().transform()));
    }

    /** UI thread: makes a built-in object the scene's subject. */
    public static void chooseBuiltin(ExploreSession session, String id) {
        Scene scene = session.scene();
        if (scene == null) {
            return; // the default scene is still being prepared
        }
        MeshRef mesh = MeshRef.builtin(id);
        SceneObject object = SceneObject.of(id, mesh).withMaterial(BuiltinCatalog.defaultMaterial(mesh).orElseThrow());
        Scene next = withSubject(scene, object);
        if (!next.equals(scene)) {
            session.editScene(next);
        }
    }

    /** UI thread: asks for a mesh file (the platform's file dialog) and imports it. */
    public static void chooseFile(Shell shell, ExploreSession session) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Import mesh");
        dialog.setFilterExtensions(new String[] { "*.obj;*.gltf;*.glb;*.OBJ;*.GLTF;*.GLB", "*" });
        dialog.setFilterNames(new String[] { "Meshes (OBJ, glTF, GLB)", "All files" });
        String chosen = dialog.open();
        if (chosen != null) {
            importFile(shell, Path.of(chosen), session);
        }
    }

    /**
     * UI thread: reads a mesh file in a Job, then asks for its class label and puts it into the scene. What the
     * file dialog, a drop on the Scene view and the recent meshes all do.
     */
    public static Job importFile(Shell shell, Path file, ExploreSession session) {
        Path path = file.toAbsolutePath();
        Job job = Job.create("Importing mesh " + path.getFileName(), (IProgressMonitor monitor) -> {
            ImportedMesh mesh;
            try {
                mesh = Services.await(MeshFiles.class, Duration.ofSeconds(30)).read(path);
            } catch (RuntimeException e) { // the reader's refusals, and whatever else a hostile file provokes
                String problem = problem(path, e.getMessage());
                // a warning in the Platform log reaches the Error Log, with the trace as its details
                ILog.get().log(new Status(IStatus.WARNING, "org.perturber.app", "Could not import " + path + ": "
                        + problem, e));
                async(shell, () -> MessageDialog.openError(shell, "Import mesh", "Could not import " + path
                        .getFileName() + ":\n" + problem + "\n\nFile: " + path + "\nThe scene is unchanged."));
                return Status.OK_STATUS;
            }
            async(shell, () -> askLabelAndPlace(shell, path, mesh, session));
            return Status.OK_STATUS;
        });
        job.schedule();
        return job;
    }

    private static void askLabelAndPlace(Shell shell, Path path, ImportedMesh mesh, ExploreSession session) {
        Scene scene = session.scene();
        if (scene == null) {
            return;
        }
        ClassLabelDialog dialog = new ClassLabelDialog(shell, path, modelLabels(session), defaultLabel(path,
                session));
        if (dialog.open() != Window.OK) {
            return;
        }
        SceneObject object = SceneObject.of(dialog.label(), MeshRef.file(path.toString())).withMaterial(mesh
                .material());
        session.editScene(withSubject(session.scene(), object));
        remember(path);
    }

    /** The file's problem without the path the reader put in front (the dialog names the file itself). */
    static String problem(Path path, String message) {
        if (message == null) {
            return "unknown problem";
        }
        String prefix = path + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The class labels of the active models, sorted, without repeats. */
    static List<String> modelLabels(ExploreSession session) {
        TreeSet<String> labels = new TreeSet<>();
        for (LoadedModel m : session.models()) {
            labels.addAll(m.descriptor().labels());
        }
        return List.copyOf(labels);
    }

    /** The file's name without extension, as a first guess ("teapot.glb" is a "teapot"). */
    static String defaultLabel(Path path, ExploreSession session) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
        return modelLabels(session).stream().filter(stem::equals).findFirst().orElse(stem);
    }

    /** The mesh files imported last, newest first, those that still exist. */
    public static List<Path> recent() {
        List<Path> paths = new ArrayList<>();
        for (String line : preferences().get(WorkbenchPreferences.RECENT_MESHES, "").split("\n")) {
            if (!line.isBlank() && Files.isRegularFile(Path.of(line))) {
                paths.add(Path.of(line));
            }
        }
        return paths;
    }

    static void remember(Path path) {
        List<String> lines = new ArrayList<>(List.of(path.toString()));
        for (Path p : recent()) {
            if (!p.equals(path) && lines.size() < RECENT_COUNT) {
                lines.add(p.toString());
            }
        }
        IEclipsePreferences node = preferences();
        node.put(WorkbenchPreferences.RECENT_MESHES, String.join("\n", lines));
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // kept for this run; the list is a convenience
        }
    }

    private static IEclipsePreferences preferences() {
        return WorkbenchPreferences.node();
    }

    private static void async(Shell shell, Runnable work) {
        if (!shell.isDisposed()) {
            shell.getDisplay().asyncExec(() -> {
                if (!shell.isDisposed()) {
                    work.run();
                }
            });
        }
    }
}
