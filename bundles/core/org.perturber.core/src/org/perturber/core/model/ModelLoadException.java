package org.perturber.core.model;

import java.nio.file.Path;

/** A model that cannot be opened; the message names the file and the problem. */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public ModelLoadException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The first line of an engine's message, at most 300 characters: engines add pages of native trace. */
    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
