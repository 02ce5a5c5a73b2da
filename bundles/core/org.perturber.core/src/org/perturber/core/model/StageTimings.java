package org.perturber.core.model;

/** Where the time of one inference went, in milliseconds: waiting in the queue, preparing, the pass, unpacking. */
public record StageTimings(double queueMs, double preprocessMs, double forwardMs, double postprocessMs) {
    public static final StageTimings NONE = new StageTimings(0, 0, 0, 0);

    public double totalMs() {
        return queueMs + preprocessMs + forwardMs + postprocessMs;
    }

    public StageTimings withQueue(double ms) {
        return new StageTimings(ms, preprocessMs, forwardMs, postprocessMs);
    }
}
