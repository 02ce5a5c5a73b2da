package org.perturber.app.handlers;

import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

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
import org.perturber.app.SessionOpener;
import org.perturber.app.StatusLine;
import org.perturber.explore.ExploreSession;
import org.perturber.core.image.RgbImage;
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
                @Optional ProblemLog problems, @Optional StatusLine status) {
            Shell parent = shell != null ? shell : Dialogs.activeShell();
            FileDialog dialog = new FileDialog(parent, SWT.OPEN);
            dialog.setText(OPEN_TITLE);
            dialog.setFilterExtensions(new String[] { "*.perturber.json", "*" });
            String chosen = dialog.open();
            if (chosen != null) {
                open(parent, Path.of(chosen), session, changes, problems, status);
            }
        }
    }

    /** The title of File > Open session's file dialog and of its error message. */
    public static final String OPEN_TITLE = "Open session";

    /**
     * UI thread: opens a session file as File > Open session... does once a file is chosen. The file is read in a
     * Job; its contents are applied on the UI thread. A broken file is named with its problem in an error dialog
     * and in the Error Log, and the scene, stack and models stay as they were.
     */
    public static Job open(Shell parent, Path file, ExploreSession session, SessionChanges changes,
            ProblemLog problems, StatusLine status) {
        Path path = file.toAbsolutePath();
        org.eclipse.swt.widgets.Display display = parent.getDisplay();
        java.util.concurrent.Executor ui = work -> {
            try {
                display.asyncExec(work);
            } catch (org.eclipse.swt.SWTException e) {
                // the workbench closed while the file was read: nobody to tell
            }
        };
        return SessionOpener.read(path, ui, (contents, outside) -> {
            // files the session names outside its folder (and the built-in models) are read only if the user says so
            if (!outside.isEmpty() && (parent.isDisposed() || !MessageDialog.openQuestion(parent, OPEN_TITLE,
                    path.getFileName() + " names files outside its folder:\n\n" + SessionOpener.list(outside)
                            + "\n\nOpen the session and read them?"))) {
                return; // the user's answer: nothing changes
            }
            SessionOpener.apply(contents, session, changes);
            if (status != null) {
                status.setNotice(""); // a session refused at start is no longer the news
            }
        }, (problem, cause) -> {
            if (problems != null) {
                problems.report(path.toString(), "Could not open the session: " + problem, cause);
            }
            if (!parent.isDisposed()) {
                MessageDialog.openError(parent, OPEN_TITLE, "Could not open " + path.getFileName() + ":\n"
                        + problem + "\n\nFile: " + path + "\nThe scene, stack and models are unchanged.");
            }
        });
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
