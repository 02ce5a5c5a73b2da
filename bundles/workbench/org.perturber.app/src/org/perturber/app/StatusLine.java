package org.perturber.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The window's status line (device, latency of the last update): a small service in the application context that
 * views write to and the status bar shows. Listeners run on the thread that set the text.
 */
public final class StatusLine {
    private volatile String text = "";
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public String text() {
        return text;
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
