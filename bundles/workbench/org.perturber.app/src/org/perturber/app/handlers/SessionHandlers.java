package org.perturber.app.handlers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.perturber.app.ProblemLog;
import org.perturber.app.SessionChanges;
import org.perturber.explore.ExploreSession;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;

/** File menu handlers: open and save a session, export the model input as PNG. */
public final class SessionHandlers {
    private SessionHandlers() {
    }

    /**
     * File > Save session as... (Ctrl+S). Under a modal dialog (an error message) the binding does nothing: there
     * the dialog's context has no window shell, and a second dialog over the first would only confuse.
     */
    public static class Save {
        @CanExecute
        public boolean canExecute() {
            return !Dialogs.modalOpen();
        }

        @Execute
        public void execute(@Optional Shell shell, ExploreSession session, @Optional SessionChanges changes) {
            saveAs(shell != null ? shell : Dialogs.activeShell(), session, changes);
        }
    }

    /** Asks for a file and saves the session to it; whether it was saved (false: cancelled or failed). */
    public static boolean saveAs(Shell shell, ExploreSession session, SessionChanges changes) {
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*.perturber.json", "*" });
        dialog.setFileName("session.perturber.json");
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen == null) {
            return false;
        }
        try {
            SessionFile.write(Path.of(chosen), session.scene(), session.stack(), session.models());
            if (changes != null) {
                changes.markClean();
            }
            return true;
        } catch (IOException e) {
            MessageDialog.openError(shell, "Save session", "Could not save " + chosen + ": " + e.getMessage()
                    + "\nThe previous file, if any, is unchanged.");
            return false;
        }
    }

    /** File > Open session... (Ctrl+O); like Save, nothing under a modal dialog. */
    public static class Open {
        @CanExecute
        public boolean canExecute() {
            return !Dialogs.modalOpen();
        }

        @Execute
        public void execute(@Optional Shell shell, ExploreSession session, @Optional SessionChanges changes,
                @Optional ProblemLog problems) {
            Shell parent = shell != null ? shell : Dialogs.activeShell();
            FileDialog dialog = new FileDialog(parent, SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.perturber.json", "*" });
            String chosen = dialog.open();
            if (chosen != null) {
                try {
                    open(Path.of(chosen), session, changes);
                } catch (IOException e) {
                    if (problems != null) {
                        problems.report(chosen, "Could not open the session: " + e.getMessage(), e);
                    }
                    MessageDialog.openError(parent, "Open session", e.getMessage());
                }
            }
        }
    }

    public static void open(Path file, ExploreSession session) throws IOException {
        open(file, session, null);
    }

    /**
     * Applies a session file: scene and stack at once, its models loaded in a Job (replacing the active ones); once
     * they are in, the session counts as unchanged.
     */
    public static void open(Path file, ExploreSession session, SessionChanges changes) throws IOException {
        SessionFile.Contents c = SessionFile.read(file);
        session.setScene(c.scene());
        session.setStack(c.stack());
        Job.create("Loading the session's models", (IProgressMonitor monitor) -> {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            for (LoadedModel m : session.models()) {
                session.removeModel(m);
            }
            for (Path dir : c.models()) {
                try {
                    session.addModel(inference.load(dir).get());
                } catch (Exception e) {
                    session.reportModelProblem("Model " + dir + " of the session did not load: " + (e
                            .getCause() != null ? e.getCause() : e).getMessage());
                }
            }
            if (changes != null) {
                changes.markClean(); // what was opened is what is saved
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    /** File > Export view as PNG...: the active view as it is on screen. */
    public static class ExportView {
        @Execute
        public void execute(Shell shell, @jakarta.inject.Named(org.eclipse.e4.ui.services.IServiceConstants.ACTIVE_PART)
                org.eclipse.e4.ui.model.application.ui.basic.MPart part) {
            if (part == null || !(part.getWidget() instanceof org.eclipse.swt.widgets.Control control)) {
                MessageDialog.openInformation(shell, "Export view", "Click into a view first.");
                return;
            }
            FileDialog dialog = new FileDialog(shell, SWT.SAVE);
            dialog.setFilterExtensions(new String[] { "*.png" });
            dialog.setFileName(part.getLabel().toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".png");
            dialog.setOverwrite(true);
            String chosen = dialog.open();
            if (chosen != null) {
                exportControl(control, Path.of(chosen));
            }
        }
    }

    /** Writes what a control shows now as a PNG. */
    public static void exportControl(org.eclipse.swt.widgets.Control control, Path file) {
        org.eclipse.swt.graphics.Point size = control.getSize();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(control.getDisplay(), Math.max(1,
                size.x), Math.max(1, size.y));
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(control);
        try {
            gc.copyArea(image, 0, 0);
            org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** File > Export model input as PNG...: exactly the image the first active model is given. */
    public static class ExportInput {
        @Execute
        public void execute(Shell shell, ExploreSession session, org.perturber.explore.ExplorePipeline pipeline) {
            org.perturber.explore.ModelResult shown = session.models().isEmpty() ? null : pipeline.latest(session
                    .models().get(0).key());
            if (shown == null || shown.input() == null) {
                MessageDialog.openInformation(shell, "Export model input", session.models().isEmpty()
                        ? "No model is active." : "The first model's input is still being computed.");
                return;
            }
            FileDialog dialog = new FileDialog(shell, SWT.SAVE);
            dialog.setFilterExtensions(new String[] { "*.png" });
            dialog.setFileName("model-input.png");
            dialog.setOverwrite(true);
            String chosen = dialog.open();
            if (chosen == null) {
                return;
            }
            try {
                // the image the model was given for the predictions on screen, not a recomputation
                RgbImage input = shown.input();
                java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(input.width(), input.height(),
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                png.setRGB(0, 0, input.width(), input.height(), input.toPackedRgb(), 0, input.width());
                ImageIO.write(png, "png", Path.of(chosen).toFile());
            } catch (IOException | RuntimeException e) {
                MessageDialog.openError(shell, "Export model input", "Could not write " + chosen + ": " + e
                        .getMessage());
            }
        }
    }
}
