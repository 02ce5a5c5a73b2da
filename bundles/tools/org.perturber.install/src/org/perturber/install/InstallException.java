package org.perturber.install;

import java.util.List;

/** A failed inspection, installation or removal: one line per problem, ready for the user. */
public class InstallException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InstallException(String problem) {
        this(List.of(problem));
    }

    public InstallException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line each. */
    public List<String> problems() {
        return problems;
    }
}
