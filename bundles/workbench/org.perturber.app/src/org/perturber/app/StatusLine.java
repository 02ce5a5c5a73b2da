package org.perturber.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The window's status line (device, latency of the last update): a small service in the application context that
 * views write to and the status bar shows. Listeners run on the thread that set the text.
 */
public final class StatusLine {
    private volatile String text = "";
    private volatile String notice = "";
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** What the status bar shows: the notice, if any, before the latest text. */
    public String text() {
        String n = notice;
        return n.isEmpty() ? text : text.isEmpty() ? n : n + "  \u00b7  " + text;
    }

    /**
     * A problem the status bar keeps showing in front of the changing text (the latency updates), such as a session
     * that could not be opened at start; empty for none.
     */
    public void setNotice(String newNotice) {
        notice = newNotice == null ? "" : newNotice;
        listeners.forEach(Runnable::run);
    }

    public String notice() {
        return notice;
    }

    public void set(String newText) {
        text = newText;
        listeners.forEach(Runnable::run);
    }

    public void addListener(Runnable l) {
        listeners.add(l);
    }

    public void removeListener(Runnable l) {
        listeners.remove(l);
    }
}
