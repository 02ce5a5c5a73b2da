package org.perturber.app.parts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.StatusLine;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/** The status bar: the device models run on and the end-to-end latency of the last update (the {@link StatusLine}). */
public class StatusControl {
    /** Wide enough for the device and latency, narrow enough that the progress item beside it fits at 1024 px. */
    private static final int WIDTH = 560;
    private StatusLine status;
    private Label label;
    private final Runnable listener = this::changed;
    private boolean laidOut;

    @PostConstruct
    public void create(Composite parent, StatusLine statusLine) {
        status = statusLine;
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayout(new GridLayout(1, false));
        label = new Label(box, SWT.NONE);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = WIDTH;
        label.setLayoutData(data);
        label.setText("Starting...");
        status.addListener(listener);
    }

    /** The whole status text (the label shows it elided to its width, the whole of it in its tool tip). */
    public String text() {
        return status.text().isEmpty() ? label.getText() : status.text();
    }

    private void changed() {
        if (!label.isDisposed()) {
            label.getDisplay().asyncExec(() -> {
                if (!label.isDisposed()) {
                    String full = status.text();
                    label.setText(Ui.elide(label, full, WIDTH));
                    label.setToolTipText(full.isEmpty() ? null : full);
                    if (!laidOut) {
                        // once, for the trim to take the label's size; the width is fixed, so later texts fit as
                        // they are: a window-wide layout on every update cost the UI thread milliseconds per step
                        laidOut = true;
                        label.getParent().layout(true, true);
                        label.getShell().layout(true, true);
                    }
                }
            });
        }
    }

    @PreDestroy
    public void dispose() {
        status.removeListener(listener);
    }
}
