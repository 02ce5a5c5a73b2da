package org.perturber.app.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.modeling.IWindowCloseHandler;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.perturber.app.SessionChanges;
import org.perturber.explore.ExploreSession;

/** File > Quit (Ctrl+Q): asks to save an unsaved session first. */
public class QuitHandler {
    public static final String TITLE = "Quit Perturber";
    public static final String QUESTION = "Save the session before quitting?";

    @CanExecute
    public boolean canExecute() {
        return !Dialogs.modalOpen();
    }

    @Execute
    public void execute(IWorkbench workbench, @Optional Shell shell, ExploreSession session,
            @Optional SessionChanges changes) {
        if (mayQuit(shell != null ? shell : Dialogs.activeShell(), session, changes)) {
            workbench.close();
        }
    }

    /**
     * Whether the workbench may close now: yes when the session has no unsaved change; else the user chooses to
     * save it (and quits once it is saved), not to, or to cancel.
     */
    public static boolean mayQuit(Shell shell, ExploreSession session, SessionChanges changes) {
        if (changes == null || !changes.dirty()) {
            return true;
        }
        MessageDialog dialog = new MessageDialog(shell, TITLE, null, QUESTION
                + "\nIts scene, stack or models changed since it was last saved or opened.", MessageDialog.QUESTION,
                0, "Save", "Don't save", "Cancel");
        return switch (dialog.open()) {
        case 0 -> SessionHandlers.saveAs(shell, session, changes);
        case 1 -> true;
        default -> false; // Cancel, Escape or the dialog's close button
        };
    }

    /** The window's close button: asks as File > Quit does. */
    public static final class WindowClose implements IWindowCloseHandler {
        private final ExploreSession session;
        private final SessionChanges changes;

        public WindowClose(ExploreSession session, SessionChanges changes) {
            this.session = session;
            this.changes = changes;
        }

        @Override
        public boolean close(MWindow window) {
            return mayQuit((Shell) window.getWidget(), session, changes);
        }
    }
}
