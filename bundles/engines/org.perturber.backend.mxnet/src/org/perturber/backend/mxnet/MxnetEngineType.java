package org.perturber.backend.mxnet;

import org.eclipse.core.runtime.ILog;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Makes MXNet run its operators synchronously on the calling thread (its NaiveEngine) before the native library
 * starts. With MXNet's default threaded engine, Perturber's models running on parallel threads (one worker per
 * model) corrupt each other: measured on an ImageNet-C sweep of four models, 2 of 3 runs died with SIGSEGV in
 * libmxnet and the others had rows whose first image of an 8-image batch got another image's class; with
 * NaiveEngine 3 of 3 runs were byte-identical and 30% faster. DJL's documentation asks for the same
 * ("multi-threaded inference: export MXNET_ENGINE_TYPE=NaiveEngine"). MXNet reads the variable from the process
 * environment, which Java cannot change, so it is set through the C library; an engine type the user set stays.
 */
public final class MxnetEngineType {
    /** The variable MXNet reads when it creates its engine. */
    public static final String VARIABLE = "MXNET_ENGINE_TYPE";
    /** The engine Perturber needs. */
    public static final String NAIVE = "NaiveEngine";
    private static final ILog LOG = ILog.of(MxnetEngineType.class);
    private static boolean done;

    private MxnetEngineType() {
    }

    /** The C library's environment functions. */
    interface C extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static C c() {
        return Native.load(Platform.C_LIBRARY_NAME, C.class);
    }

    /** Sets the engine type unless it is set already; once per JVM, before MXNet's library is loaded. */
    static synchronized void useNaiveEngine() {
        if (done) {
            return;
        }
        done = true;
        try {
            c().setenv(VARIABLE, NAIVE, 0);
            String type = current();
            if (!NAIVE.equals(type)) {
                LOG.warn(VARIABLE + " is " + type + " in this process's environment: MXNet models running in "
                        + "parallel may crash or give wrong results (unset it, or set it to " + NAIVE + ")");
            }
        } catch (Throwable e) {
            // no C library to call (another platform): say so; the models still run, in parallel at a risk
            LOG.warn("Could not set " + VARIABLE + "=" + NAIVE + " (" + e + "): set it in the environment before "
                    + "starting Perturber, or MXNet models running in parallel may crash", e);
        }
    }

    /** The engine type MXNet sees in this process's environment (null when unset). */
    public static String current() {
        return c().getenv(VARIABLE);
    }
}
