package org.perturber.app.parts;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

/**
 * One row at the top of an analysis view saying that what it shows is stale and what is being computed ("Computing
 * Grad-CAM for ResNet... (previous state shown)"), with the progress of long work and Stop. Shared by every analysis
 * view. A state is only said to be computing once it has taken {@value #DELAY_MS} ms (a drag's steps are quicker,
 * and a marker blinking at every step would hide the view).
 *
 * <p>
 * Any thread may call {@link #computing} and {@link #fresh}; the row shows and hides on the UI thread.
 */
final class StaleMarker {
    /** A state computing for longer than this is said to be under way. */
    static final int DELAY_MS = 400;
    private static final int POLL_MS = 150;

    /** What a long computation has done so far: a task and how far along it is (NaN: unknown). */
    record Progress(String task, double fraction) {
    }

    private final Composite row;
    private final Label text;
    private final ProgressBar bar;
    private final Button stop;
    /** The newest state wanted (its sequence), the newest shown, and when the newest wanted was asked for. */
    private final AtomicLong wanted = new AtomicLong(-1); // raised from the UI and the pipeline threads: max, not set
    private final AtomicLong shown = new AtomicLong(-1);
    private volatile long wantedSince;
    private volatile String what = "";
    private volatile Runnable cancel;
    private volatile Supplier<Progress> progress = () -> null;
    private final java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean();
    private String cancelledText;
    /** What the view shows meanwhile, in words. */
    private String meanwhile = "the previous state is shown";
    /** The sequence numbers of a view's own jobs (a sweep): each run is one more "state". */
    private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();

    /** A hidden row spanning {@code columns} columns of the parent's GridLayout. */
    StaleMarker(Composite parent, int columns) {
        row = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(3, false);
        layout.marginHeight = 0;
        layout.marginWidth = 0;
        row.setLayout(layout);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, columns, 1);
        data.exclude = true;
        row.setLayoutData(data);
        row.setVisible(false);
        text = new Label(row, SWT.WRAP);
        GridData textData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        textData.widthHint = 80; // takes what is left, and wraps there: a narrow view shows it on more lines
        text.setLayoutData(textData);
        text.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        bar = new ProgressBar(row, SWT.HORIZONTAL | SWT.SMOOTH);
        GridData barData = new GridData(SWT.END, SWT.CENTER, false, false);
        barData.widthHint = 90;
        bar.setLayoutData(barData);
        bar.setMaximum(1000);
        stop = new Button(row, SWT.PUSH);
        stop.setText("Stop");
        stop.setToolTipText("Stop this computation; what is shown stays");
        stop.addListener(SWT.Selection, e -> {
            Runnable c = cancel;
            if (c != null) {
                c.run();
            }
        });
    }

    /** Says what the view shows while work goes on (by default, that the previous state is shown). */
    StaleMarker meanwhile(String text) {
        meanwhile = text;
        return this;
    }

    /**
     * Any thread: a view's own long work starts (a sweep, a range filled in); returns its number for
     * {@link #fresh}, called when it ends. A marker counts either such runs or the pipeline's states, not both.
     */
    long started(String description, Runnable cancelAction, Supplier<Progress> work) {
        long run = runs.incrementAndGet();
        computing(run, description, cancelAction, work);
        return run;
    }

    /**
     * Any thread: a newer state (its sequence number) is being computed for this view; {@code description} says
     * what ("predictions", "Grad-CAM for ResNet"), {@code cancelAction} stops it, {@code work} tells its progress.
     */
    void computing(long sequence, String description, Runnable cancelAction, Supplier<Progress> work) {
        if (wanted.getAndAccumulate(sequence, Math::max) >= sequence) {
            return;
        }
        what = description;
        cancel = cancelAction;
        progress = work;
        wantedSince = System.nanoTime();
        startPolling();
    }

    /** Any thread: the view now shows the state of this sequence number (or a newer one). */
    void fresh(long sequence) {
        shown.accumulateAndGet(sequence, Math::max);
        Ui.async(row, this::update);
    }

    /** Any thread: the computation was stopped; the view keeps what it showed and says so until the next state. */
    private void cancelled() {
        long w = wanted.get();
        Ui.async(row, () -> {
            shown.accumulateAndGet(w, Math::max);
            cancelledText = "Cancelled: " + what + " (" + meanwhile + ")";
            update();
        });
    }

    /**
     * Any thread: the work for {@code key} ended without a result to show: stopped by the user (said until the next
     * state), or failed (the view says why; nothing is computing any more).
     */
    void ended(long key, boolean cancelled) {
        if (cancelled) {
            cancelled();
        } else {
            fresh(key);
        }
    }

    /**
     * One number for a state and a view's own choice for it (a layer, a class): a view showing a state for another
     * choice is stale too. Increases with the state's sequence, then with the choice's version.
     */
    static long key(long sequence, long choiceVersion) {
        return sequence * 1_000_000L + choiceVersion % 1_000_000L;
    }

    /** The progress of the state the explore pipeline is computing (an attack's steps). */
    static Supplier<Progress> progressOf(org.perturber.explore.ExplorePipeline pipeline) {
        return () -> {
            org.perturber.explore.ExplorePipeline.Work w = pipeline.work();
            return w == null ? null : new Progress(w.total() > 0 ? w.task() + " " + Math.round(100 * w.fraction())
                    + "%" : w.task(), w.fraction());
        };
    }

    /** Whether the row is on screen. */
    boolean showing() {
        return row.getVisible();
    }

    /** The row's whole text (its label may show it elided). */
    String text() {
        return text.getToolTipText() == null ? "" : text.getToolTipText();
    }

    Button stopButton() {
        return stop;
    }

    private void startPolling() {
        if (polling.compareAndSet(false, true)) {
            Ui.async(row, this::poll);
        }
    }

    /** UI thread: one loop at a time looks again while work goes on (the marker's delay, the progress). */
    private void poll() {
        update();
        if (shown.get() < wanted.get()) {
            row.getDisplay().timerExec(POLL_MS, () -> {
                if (!row.isDisposed()) {
                    poll();
                }
            });
        } else {
            polling.set(false);
            if (shown.get() < wanted.get()) {
                startPolling(); // a state announced while this turn found none
            }
        }
    }

    /** UI thread: shows, updates or hides the row. */
    private void update() {
        boolean stale = shown.get() < wanted.get();
        boolean longEnough = stale && System.nanoTime() - wantedSince >= DELAY_MS * 1_000_000L;
        if (stale) {
            cancelledText = null;
        }
        if (longEnough) {
            Progress p = progress.get();
            String full = "Computing " + what + "... (" + meanwhile + ")" + (p == null || p.task() == null
                    || p.task().isBlank() ? "" : " \u00b7 " + p.task());
            boolean known = p != null && !Double.isNaN(p.fraction());
            bar.setVisible(true);
            bar.setSelection(known ? (int) Math.round(1000 * Math.max(0, Math.min(1, p.fraction()))) : 0);
            bar.setToolTipText(known ? Math.round(100 * p.fraction()) + "%" : "under way");
            stop.setVisible(cancel != null);
            setText(full);
            setShown(true);
        } else if (cancelledText != null) {
            bar.setVisible(false);
            stop.setVisible(false);
            setText(cancelledText);
            setShown(true);
        } else {
            setShown(false);
        }
    }

    private void setText(String full) {
        if (!full.equals(text.getText())) {
            int lines = text.getSize().y;
            text.setToolTipText(full);
            text.setText(full);
            if (row.getVisible() && text.computeSize(text.getSize().x, SWT.DEFAULT).y != lines) {
                row.getParent().layout(true, true); // the wrapped text takes another number of lines
            }
        }
    }

    private void setShown(boolean visible) {
        if (row.getVisible() == visible) {
            return;
        }
        ((GridData) row.getLayoutData()).exclude = !visible;
        row.setVisible(visible);
        row.getParent().layout(true, true);
    }
}
