package org.perturber.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;

/**
 * Every problem the workbench reports (model loads, contributions, renders, sessions, sweeps, and whatever reaches
 * the Platform log as a warning or an error), kept in order for the Error Log view. UI-free and thread-safe:
 * anything may report from any thread; listeners run on the reporting thread.
 */
public final class ProblemLog implements ILogListener {
    /** At most this many problems are kept (the oldest go first): a failing render loop must not fill memory. */
    static final int LIMIT = 1000;

    /** One reported problem: when, where from (a bundle, a file, a view), a one-line message and its details. */
    public record Problem(Instant time, String source, String message, String details) {
        public Problem {
            source = source == null ? "" : source;
            message = message == null || message.isBlank() ? "(no message)" : message;
            details = details == null ? "" : details;
        }

        /** The message's first line: what a table row shows. */
        public String summary() {
            return message.strip().lines().findFirst().orElse("");
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void report(String source, String message, String details) {
        Problem problem = new Problem(Instant.now(), source, message, details);
        synchronized (problems) {
            Problem last = problems.isEmpty() ? null : problems.get(problems.size() - 1);
            if (last != null && last.source().equals(problem.source()) && last.message().equals(problem.message())) {
                return; // the same failure again (each slider step of a failing render): listed once
            }
            if (problems.size() == LIMIT) {
                problems.remove(0);
            }
            problems.add(problem);
        }
        listeners.forEach(Runnable::run);
    }

    public void report(String source, String message, Throwable cause) {
        report(source, message, cause == null ? "" : stackTrace(cause));
    }

    public List<Problem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public void clear() {
        synchronized (problems) {
            problems.clear();
        }
        listeners.forEach(Runnable::run);
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** The Platform log's warnings and errors (failed Jobs, handler failures, bundles' own logging). */
    @Override
    public void logging(IStatus status, String plugin) {
        if (status.getSeverity() < IStatus.WARNING) {
            return;
        }
        StringBuilder details = new StringBuilder();
        describe(status, details, "");
        report(status.getPlugin() != null ? status.getPlugin() : plugin, status.getMessage(), details.toString());
    }

    private static void describe(IStatus status, StringBuilder out, String indent) {
        out.append(indent).append(status.getMessage()).append('\n');
        if (status.getException() != null) {
            out.append(stackTrace(status.getException()));
        }
        for (IStatus child : status.getChildren()) {
            describe(child, out, indent + "  ");
        }
    }

    public static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
