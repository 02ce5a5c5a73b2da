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

    /**
     * Layout data for a combo of long items (model names) sharing a row: it takes a share of the row's width, not
     * its longest item's, so that the row's other controls stay in the view.
     */
    static org.eclipse.swt.layout.GridData narrow() {
        org.eclipse.swt.layout.GridData data = new org.eclipse.swt.layout.GridData(org.eclipse.swt.SWT.FILL,
                org.eclipse.swt.SWT.CENTER, true, false);
        data.widthHint = 100;
        return data;
    }

    /** The first line of a text, cut with an ellipsis after {@code max} characters (where pixels are unknown). */
    static String elide(String text, int max) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "\u2026";
    }

    /**
     * The text cut to fit {@code width} pixels in the control's font, with an ellipsis where it was cut (the whole
     * text then belongs in a tool tip).
     */
    static String elide(org.eclipse.swt.widgets.Control control, String text, int width) {
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(control);
        try {
            return elide(gc, text, width);
        } finally {
            gc.dispose();
        }
    }

    /** The text cut to fit {@code width} pixels in the GC's font, with an ellipsis where it was cut. */
    static String elide(org.eclipse.swt.graphics.GC gc, String text, int width) {
        if (width <= 0 || gc.textExtent(text).x <= width) {
            return text;
        }
        String ellipsis = "\u2026";
        int low = 0;
        int high = text.length();
        while (low < high) { // the longest prefix that fits with the ellipsis
            int mid = (low + high + 1) / 2;
            if (gc.textExtent(text.substring(0, mid) + ellipsis).x <= width) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return text.substring(0, low).stripTrailing() + ellipsis;
    }

    /** A label showing its text elided to its width, the whole text in its tool tip (and kept on resize). */
    static void setElided(org.eclipse.swt.widgets.Label label, String text) {
        label.setData(ELIDED_FULL, text);
        label.setToolTipText(text.isEmpty() ? null : text);
        label.setText(elide(label, text, label.getSize().x));
        if (label.getData(ELIDED_LISTENER) == null) {
            label.setData(ELIDED_LISTENER, Boolean.TRUE);
            label.addListener(org.eclipse.swt.SWT.Resize, e -> {
                Object full = label.getData(ELIDED_FULL);
                label.setText(elide(label, full == null ? "" : full.toString(), label.getSize().x));
            });
        }
    }

    /** A label's whole text when it was set with {@link #setElided}, else its text. */
    static String fullText(org.eclipse.swt.widgets.Label label) {
        Object full = label.getData(ELIDED_FULL);
        return full == null ? label.getText() : full.toString();
    }

    private static final String ELIDED_FULL = "org.perturber.elided.full";
    private static final String ELIDED_LISTENER = "org.perturber.elided.listener";
}
