package org.perturber.sweep;

/** A sweep specification that cannot run, with the file and line of the problem when known. */
public class SweepSpecException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public SweepSpecException(String source, int line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
        this.line = line;
    }

    /** 1-based line of the problem in the spec file, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
