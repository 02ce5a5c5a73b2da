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
    /** Tasks a job's first wave holds (local[2]: the first two partitions, which start together). */
    static volatile int firstWave = 2;
    private static final AtomicLong TASKS = new AtomicLong();
    private static final AtomicLong LIFE_MS = new AtomicLong();
    private static final AtomicLong RUN_MS = new AtomicLong();
    private static final AtomicLong DESERIALIZE_MS = new AtomicLong();
    private static final AtomicLong RESULT_MS = new AtomicLong();
    /** The run time of each job's first tasks (one per slot: they open the executor's runner), and of the others. */
    private static final AtomicLong FIRST_RUN_MS = new AtomicLong();
    private static final AtomicLong FIRST_TASKS = new AtomicLong();

    /** What the tasks finished since the last {@link #take()} added up to. */
    record Totals(long tasks, long lifeMs, long runMs, long deserializeMs, long resultMs, long firstTasks,
            long firstRunMs) {
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
            DESERIALIZE_MS.addAndGet(metrics.executorDeserializeTime());
            RESULT_MS.addAndGet(metrics.resultSerializationTime());
            // a task's index is its partition: a sweep's first chunks start together, one per slot
            if (end.taskInfo().index() < firstWave) {
                FIRST_TASKS.incrementAndGet();
                FIRST_RUN_MS.addAndGet(metrics.executorRunTime());
            }
        }
    }

    /** The totals since the last call, and zero again. */
    static synchronized Totals take() {
        return new Totals(TASKS.getAndSet(0), LIFE_MS.getAndSet(0), RUN_MS.getAndSet(0), DESERIALIZE_MS.getAndSet(0),
                RESULT_MS.getAndSet(0), FIRST_TASKS.getAndSet(0), FIRST_RUN_MS.getAndSet(0));
    }
}
