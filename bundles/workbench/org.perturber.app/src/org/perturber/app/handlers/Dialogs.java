package org.perturber.app.handlers;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** What handlers need to know about the shells that are open. */
final class Dialogs {
    private Dialogs() {
    }

    /**
     * Whether a modal dialog (an error message, a file dialog of ours) is open: a key binding pressed under it must
     * do nothing rather than open a second dialog over it.
     */
    static boolean modalOpen() {
        Display display = Display.getCurrent();
        if (display == null) {
            return false;
        }
        for (Shell shell : display.getShells()) {
            if (!shell.isDisposed() && shell.isVisible() && (shell.getStyle() & (SWT.APPLICATION_MODAL
                    | SWT.PRIMARY_MODAL | SWT.SYSTEM_MODAL)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The active shell, else the first one: for handlers run where no shell is in the context. */
    static Shell activeShell() {
        Display display = Display.getCurrent();
        Shell active = display.getActiveShell();
        if (active != null) {
            return active;
        }
        Shell[] shells = display.getShells();
        return shells.length > 0 ? shells[0] : null;
    }
}
