package org.perturber.spark;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Where the tasks' time went, for {@code bench spark}: registered through {@code spark.extraListeners} (so that the
 * sweep's own session, made by {@link SparkSweep}, reports to it too), it adds up each finished task's life on its
 * executor (launch to finish) and the part of it spent running the task's function (the chunk).
 */
public final class TaskClock extends SparkListener {
    private static final AtomicLong TASKS = new AtomicLong();
    private static final AtomicLong LIFE_MS = new AtomicLong();
    private static final AtomicLong RUN_MS = new AtomicLong();

    /** What the tasks finished since the last {@link #take()} added up to. */
    record Totals(long tasks, long lifeMs, long runMs) {
        /** A task's life outside its function (deserializing it, serializing its result), per task. */
        double aroundMsPerTask() {
            return tasks == 0 ? Double.NaN : (double) (lifeMs - runMs) / tasks;
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics metrics = end.taskMetrics();
        TASKS.incrementAndGet();
        LIFE_MS.addAndGet(end.taskInfo().duration());
        if (metrics != null) {
            RUN_MS.addAndGet(metrics.executorRunTime());
        }
    }

    /** The totals since the last call, and zero again. */
    static synchronized Totals take() {
        return new Totals(TASKS.getAndSet(0), LIFE_MS.getAndSet(0), RUN_MS.getAndSet(0));
    }
}
