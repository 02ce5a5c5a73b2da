package org.perturber.sweep;

import java.util.List;

/**
 * A sweep specification that cannot run, with the file and line of the problem when known, or several problems at
 * once (a session sweep's arguments: all are reported, one a line).
 */
public class SweepSpecException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final List<String> problems;

    public SweepSpecException(String source, int line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
        this.line = line;
        this.problems = List.of(getMessage());
    }

    /** Several problems, each a whole message naming what it concerns. */
    public SweepSpecException(List<String> problems) {
        super(String.join("\n", problems));
        this.line = 0;
        this.problems = List.copyOf(problems);
    }

    /** 1-based line of the problem in the spec file, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    /** Each problem, one a line. */
    public List<String> problems() {
        return problems;
    }
}
