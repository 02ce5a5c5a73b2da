package org.perturber.backend.mxnet;

import java.util.concurrent.Callable;

import ai.djl.engine.Engine;

/**
 * Runs DJL work correctly inside OSGi. DJL finds its engine (ServiceLoader) and its native library through the
 * thread context class loader, once, in a static initialiser: from a thread whose context loader is not DJL's
 * bundle loader it fails with "no deep learning engine found" and stays broken for the life of the JVM. So every
 * DJL entry point of Perturber goes through {@link #call}. It also switches DJL to offline mode (no telemetry,
 * no downloads) unless the user has set {@code ai.djl.offline} explicitly.
 */
public final class DjlRuntime {
    /** The engine this backend uses. */
    public static final String ENGINE = "MXNet";

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private DjlRuntime() {
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
    public static <T> T get(java.util.function.Supplier<T> work) {
        try {
            return call(work::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MXNet engine, started if needed. */
    public static Engine engine() {
        return get(() -> Engine.getEngine(ENGINE));
    }
}
