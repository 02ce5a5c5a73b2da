package org.perturber.core.perturbation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls into contributions with a deadline. Each call is handed to a pooled daemon thread and awaited up to its
 * budget; a call past it is abandoned: its thread is interrupted and left running. Java cannot stop a thread that
 * ignores interrupts (Thread.stop is gone), so an abandoned call may run, and hold its memory, until the JVM
 * ends. To keep that bounded, a contribution with an abandoned call still running is not called again until that
 * call returns: at most one abandoned thread per contribution, and {@link #abandoned()} shows which are running.
 */
final class GuardedCalls {
    /** What a guarded call gave: its value, what it threw, or that it was not (or no longer) waited for. */
    sealed interface Outcome<T> {
    }

    record Returned<T>(T value) implements Outcome<T> {
    }

    record Threw<T>(Throwable error) implements Outcome<T> {
    }

    /** Past its budget: abandoned (interrupted, left to run). */
    record TimedOut<T>(Duration budget) implements Outcome<T> {
    }

    /** An earlier call of the same contribution was abandoned and still runs: not called. */
    record StillRunning<T>() implements Outcome<T> {
    }

    /** The waiting thread was interrupted: the call was abandoned like one past its budget. */
    record Interrupted<T>() implements Outcome<T> {
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Idle threads are kept a minute: a drag or a sweep calls every few milliseconds, each call on a warm thread. */
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "perturber-contribution-call-" + THREADS.incrementAndGet());
                t.setDaemon(true); // an abandoned call never keeps the JVM from ending
                return t;
            });

    /** Contribution ids whose abandoned call still runs, with that call's state. */
    private static final Map<String, AtomicInteger> ABANDONED = new ConcurrentHashMap<>();
    private static final AtomicInteger ABANDONED_EVER = new AtomicInteger();

    private GuardedCalls() {
    }

    /** Contributions whose abandoned call is still running now (at most one call each). */
    static List<String> abandoned() {
        return ABANDONED.keySet().stream().sorted().toList();
    }

    /** Calls abandoned since the JVM started, returned since or not. */
    static int abandonedEver() {
        return ABANDONED_EVER.get();
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int GIVEN_UP = 2;

    /**
     * Runs {@code call} for the contribution {@code id} within {@code budget} (zero: on this thread, unguarded
     * against time but still against anything it throws).
     */
    static <T> Outcome<T> call(String id, Duration budget, Callable<T> call) {
        if (budget.isZero()) {
            try {
                return new Returned<>(call.call());
            } catch (Throwable e) { // a plugin's Error too
                return new Threw<>(e);
            }
        }
        if (ABANDONED.containsKey(id)) {
            return new StillRunning<>();
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<T> future = POOL.submit(() -> {
            try {
                // given up on before it started (the pool was slow to hand it over): it never runs
                return state.get() == RUNNING ? call.call() : null;
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    ABANDONED.remove(id, state); // given up on: it has returned now
                }
            }
        });
        try {
            return new Returned<>(future.get(budget.toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            return new Threw<>(e.getCause());
        } catch (TimeoutException e) {
            giveUp(id, state, future);
            return new TimedOut<>(budget);
        } catch (InterruptedException e) {
            giveUp(id, state, future);
            Thread.currentThread().interrupt();
            return new Interrupted<>();
        }
    }

    private static void giveUp(String id, AtomicInteger state, Future<?> future) {
        ABANDONED.put(id, state); // first: the call's own finally removes it once it returns
        if (state.compareAndSet(RUNNING, GIVEN_UP)) {
            ABANDONED_EVER.incrementAndGet();
        } else {
            ABANDONED.remove(id, state); // it returned just now
        }
        future.cancel(true); // interrupts it: a call that checks Thread.interrupted() stops
    }
}
