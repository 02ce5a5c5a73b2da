package org.perturber.app.parts;

import org.perturber.app.ExploreSession;

/**
 * Paces a view whose refresh is not what the user watches during a drag (the activation grid, attribution maps):
 * while the state keeps changing it refreshes at most every {@value #INTERVAL_MS} ms, leaving the two cores to the
 * render and forward passes behind the predictions; once changes stop, the next refresh runs at once, so the view
 * always ends on the newest state.
 */
final class Pacing {
    static final long INTERVAL_MS = 100;
    private static final long INTERVAL_NANOS = INTERVAL_MS * 1_000_000;
    private volatile long lastRefresh;

    /** 0 when the view may refresh now, otherwise how many milliseconds to wait before asking again. */
    long delayMillis(ExploreSession session) {
        long sinceRefresh = System.nanoTime() - lastRefresh;
        return !changing(session) || sinceRefresh >= INTERVAL_NANOS ? 0
                : Math.max(1, (INTERVAL_NANOS - sinceRefresh) / 1_000_000);
    }

    /** The view has refreshed: the next refresh during a drag is due an interval later. */
    void refreshed() {
        lastRefresh = System.nanoTime();
    }

    /** Whether the state changed within the last interval (a drag is under way). */
    static boolean changing(ExploreSession session) {
        return System.nanoTime() - session.changedAt() < INTERVAL_NANOS;
    }
}
