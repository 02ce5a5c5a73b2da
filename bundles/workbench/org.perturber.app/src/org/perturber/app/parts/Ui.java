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

    static void sync(Control control, Runnable work) {
        try {
            if (!control.isDisposed()) {
                control.getDisplay().syncExec(() -> {
                    if (!control.isDisposed()) {
                        work.run();
                    }
                });
            }
        } catch (SWTException e) {
            // disposed between the check and the call: the view is gone
        }
    }

    /** Longest a secondary view waits for the predictions before doing its own work anyway. */
    private static final java.time.Duration PREDICTIONS_FIRST = java.time.Duration.ofMillis(150);

    /**
     * From a secondary view's Job: lets the predictions of the newest state be computed and painted first (see
     * {@link org.perturber.app.ExploreSession#yieldToPredictions}). False when interrupted: the Job should stop.
     */
    static boolean yieldToPredictions(org.perturber.app.ExploreSession session) {
        try {
            session.yieldToPredictions(PREDICTIONS_FIRST);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
