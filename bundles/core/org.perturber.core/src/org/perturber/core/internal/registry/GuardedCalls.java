package org.perturber.core.internal.registry;

import java.time.Duration;
import java.time.LocalTime;
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
 * The one mechanism for every kind of contribution (the perturbation stack, visualizations), each naming its
 * contributions by a key of its own.
 */
public final class GuardedCalls {
    /** What a guarded call gave: its value, what it threw, or that it was not (or no longer) waited for. */
    public sealed interface Outcome<T> {
    }

    public record Returned<T>(T value) implements Outcome<T> {
    }

    public record Threw<T>(Throwable error) implements Outcome<T> {
    }

    /** Past its budget: abandoned (interrupted, left to run). */
    public record TimedOut<T>(Duration budget) implements Outcome<T> {
    }

    /**
     * An earlier call of the same contribution was abandoned and still runs: not called. That call was
     * {@code what}, abandoned at {@code at} (wall-clock time).
     */
    public record StillRunning<T>(String what, LocalTime at) implements Outcome<T> {
    }

    /** The waiting thread was interrupted: the call was abandoned like one past its budget. */
    public record Interrupted<T>() implements Outcome<T> {
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Idle threads are kept a minute: a drag or a sweep calls every few milliseconds, each call on a warm thread. */
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "perturber-contribution-call-" + THREADS.incrementAndGet());
                t.setDaemon(true); // an abandoned call never keeps the JVM from ending
                return t;
            });

    /** An abandoned call: its state, what it was and when it was abandoned. */
    private record Abandoned(AtomicInteger state, String what, LocalTime at) {
    }

    /** Contribution keys whose abandoned call still runs. */
    private static final Map<String, Abandoned> ABANDONED = new ConcurrentHashMap<>();
    private static final AtomicInteger ABANDONED_EVER = new AtomicInteger();

    private GuardedCalls() {
    }

    /** The keys of contributions whose abandoned call is still running now (at most one call each). */
    public static List<String> abandoned() {
        return ABANDONED.keySet().stream().sorted().toList();
    }

    /** Calls abandoned since the JVM started, returned since or not. */
    public static int abandonedEver() {
        return ABANDONED_EVER.get();
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int GIVEN_UP = 2;

    /**
     * Runs {@code call} ({@code what}: which of the contribution's methods, said when a later call is refused) for
     * the contribution {@code key} within {@code budget} (zero: on this thread, unguarded against time but still
     * against anything it throws).
     */
    public static <T> Outcome<T> call(String key, String what, Duration budget, Callable<T> call) {
        if (budget.isZero()) {
            try {
                return new Returned<>(call.call());
            } catch (Throwable e) { // a plugin's Error too
                return new Threw<>(e);
            }
        }
        Abandoned hung = ABANDONED.get(key);
        if (hung != null) {
            return new StillRunning<>(hung.what(), hung.at());
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<T> future = POOL.submit(() -> {
            try {
                // given up on before it started (the pool was slow to hand it over): it never runs
                return state.get() == RUNNING ? call.call() : null;
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    ABANDONED.computeIfPresent(key, (k, a) -> a.state() == state ? null : a); // returned now
                }
            }
        });
        try {
            return new Returned<>(future.get(budget.toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            return new Threw<>(e.getCause());
        } catch (TimeoutException e) {
            giveUp(key, what, state, future);
            return new TimedOut<>(budget);
        } catch (InterruptedException e) {
            giveUp(key, what, state, future);
            Thread.currentThread().interrupt();
            return new Interrupted<>();
        }
    }

    private static void giveUp(String key, String what, AtomicInteger state, Future<?> future) {
        Abandoned abandoned = new Abandoned(state, what, LocalTime.now());
        ABANDONED.put(key, abandoned); // first: the call's own finally removes it once it returns
        if (state.compareAndSet(RUNNING, GIVEN_UP)) {
            ABANDONED_EVER.incrementAndGet();
        } else {
            ABANDONED.remove(key, abandoned); // it returned just now
        }
        future.cancel(true); // interrupts it: a call that checks Thread.interrupted() stops
    }
}
