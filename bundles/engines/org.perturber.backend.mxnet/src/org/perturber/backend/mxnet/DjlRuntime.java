package org.perturber.backend.mxnet;

import java.util.concurrent.Callable;

import org.perturber.djl.Djl;

import ai.djl.engine.Engine;

/** DJL entry points of the MXNet backend and its users (training, benchmarks): {@link Djl} with the MXNet engine. */
public final class DjlRuntime {
    /** The engine this backend uses. */
    public static final String ENGINE = "MXNet";

    static {
        // before any of this class's entry points can load libmxnet
        MxnetEngineType.useNaiveEngine();
    }

    private DjlRuntime() {
    }

    /** Runs {@code work} with DJL's bundle class loader as context class loader (see {@link Djl}). */
    public static <T> T call(Callable<T> work) throws Exception {
        return Djl.call(work);
    }

    /** Like {@link #call} for work that throws no checked exception. */
    public static <T> T get(java.util.function.Supplier<T> work) {
        return Djl.get(work);
    }

    /** The MXNet engine, started if needed. */
    public static Engine engine() {
        return Djl.engine(ENGINE);
    }
}
