package org.perturber.app.parts;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Control;

/**
 * Hops to the UI thread from a view's Job, doing nothing once the view is closed (a Job may finish after its view,
 * for example when the workbench shuts down).
 */
final class Ui {
    private Ui() {
    }

    static void async(Control control, Runnable work) {
        try {
            if (!control.isDisposed()) {
                control.getDisplay().asyncExec(() -> {
                    if (!control.isDisposed()) {
                        work.run();
                    }
                });
            }
        } catch (SWTException e) {
            // disposed between the check and the call: the view is gone
        }
    }

    /** Shows why a view's update failed in one of its labels (an ExecutionException by its cause). */
    static void report(org.eclipse.swt.widgets.Label label, String what, Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        async(label, () -> label.setText(what + " failed: " + cause.getMessage()));
    }
}
