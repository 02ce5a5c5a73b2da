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

    /** UI thread: a model combo lists the active models, keeping the chosen one (the first when it is gone). */
    static void showModels(org.eclipse.swt.widgets.Combo combo,
            java.util.List<org.perturber.core.inference.LoadedModel> models) {
        java.util.List<String> names = models.stream().map(m -> m.descriptor().name()).toList();
        if (!names.equals(java.util.List.of(combo.getItems()))) {
            String was = combo.getText();
            combo.setItems(names.toArray(String[]::new));
            combo.select(Math.max(0, names.indexOf(was)));
            combo.getParent().layout();
        }
    }
}
