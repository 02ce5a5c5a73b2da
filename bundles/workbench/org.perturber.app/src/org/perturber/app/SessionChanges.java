package org.perturber.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.SessionEvent;

/**
 * Whether the session differs from what was last saved or opened (its scene, stack or models): File > Quit and
 * closing the window ask to save it then, and the window title shows a "*". UI-free; listeners run on the thread
 * that changed the session.
 */
public final class SessionChanges {
    private record Saved(Scene scene, PerturbationStack stack, List<Path> models) {
    }

    private final ExploreSession session;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** null until the first window's scene and models are in: changes while starting are not the user's. */
    private volatile Saved saved;
    private volatile boolean dirty;

    public SessionChanges(ExploreSession session) {
        this.session = session;
        session.addListener(this::changed);
    }

    /** The session as it is now is what was saved or opened (or the first window's state). */
    public void markClean() {
        saved = snapshot();
        update();
    }

    public boolean dirty() {
        return dirty;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed(SessionEvent event) {
        if (event.kind() == SessionEvent.Kind.SCENE || event.kind() == SessionEvent.Kind.STACK
                || event.kind() == SessionEvent.Kind.MODELS) {
            update();
        }
    }

    private synchronized void update() { // from the UI thread and Jobs: one comparison at a time
        Saved base = saved;
        // compared with what was saved, so that undoing back to it, or toggling a model off and on, is clean again
        boolean now = base != null && !base.equals(snapshot());
        if (now != dirty) {
            dirty = now;
            listeners.forEach(Runnable::run);
        }
    }

    private Saved snapshot() {
        return new Saved(session.scene(), session.stack(), session.models().stream().map(m -> m.location()
                .toAbsolutePath().normalize()).toList());
    }
}
