package org.perturber.djl;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import ai.djl.engine.Engine;

/**
 * Runs DJL work correctly inside OSGi, for every DJL engine (MXNet, PyTorch). DJL finds its engines
 * (ServiceLoader) and their native libraries through the thread context class loader, once, in static
 * initialisers: from a thread whose context loader is not DJL's bundle loader it fails with "no deep learning
 * engine found" and stays broken for the life of the JVM. So every DJL entry point of Perturber goes through
 * {@link #call}. It also switches DJL to offline mode (no telemetry, no downloads) unless the user has set
 * {@code ai.djl.offline} explicitly.
 */
public final class Djl {
    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private Djl() {
    }

    /** Runs {@code work} with DJL's bundle class loader as context class loader, restoring the caller's. */
    public static <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // a class literal does not run Engine's static initialiser: the loader is set before it runs
        thread.setContextClassLoader(Engine.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Like {@link #call} for work that throws no checked exception. */
    public static <T> T get(Supplier<T> work) {
        try {
            return call(work::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The named engine ("MXNet", "PyTorch"), started if needed. */
    public static Engine engine(String name) {
        return get(() -> Engine.getEngine(name));
    }
}
