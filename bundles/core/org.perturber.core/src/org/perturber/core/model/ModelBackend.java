package org.perturber.core.model;

import java.nio.file.Path;

/**
 * A model backend, contributed to the {@code org.perturber.core.modelBackends} extension point: it opens model
 * directories of its format (for the MXNet backend, {@code model.json} plus symbol and parameter files).
 */
public interface ModelBackend {
    /** Whether this backend can open the model directory (a cheap check, no loading). */
    boolean canOpen(Path modelDirectory);

    /**
     * Opens the model. Validates what can be validated before native code sees it.
     *
     * @throws ModelLoadException naming the file and the problem
     */
    Model open(Path modelDirectory) throws ModelLoadException;

    /** Where this backend runs models and why, such as "CPU (no GPU reported)". */
    default String device() {
        return "CPU";
    }
}
