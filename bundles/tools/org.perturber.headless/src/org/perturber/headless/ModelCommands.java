package org.perturber.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.equinox.app.IApplication;
import org.perturber.core.model.InferenceException;

import picocli.CommandLine;

/**
 * What the commands that run a model (featurevis, flip) share: parsing with picocli (usage on a bad option, help),
 * and running guarded, so that a failure is one line on stderr with its stack trace in the log.
 */
final class ModelCommands {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    private ModelCommands() {
    }

    /** Parses the arguments into the command's object; an exit code when the command ends here, else null. */
    static Integer parse(CommandLine cli, String name, String[] args, PrintStream out, PrintStream err) {
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println(name + ": " + e.getMessage());
            cli.usage(err);
            return EXIT_BAD_INPUT;
        }
        if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            cli.usage(out);
            return IApplication.EXIT_OK;
        }
        return null;
    }

    /** Runs the command: "stopped" when cancelled, one line for a failure (the stack trace in the log), exit 1. */
    static int guarded(String name, String[] args, Class<?> owner, PrintStream err, Callable<Integer> command) {
        try {
            return command.call();
        } catch (OperationCanceledException e) {
            err.println(name + ": stopped");
            return EXIT_FAILED;
        } catch (Throwable e) {
            // a failure while running (a disk full, a model that stops working, an Error past every guard): one line
            // here, the stack trace in the log
            ILog.of(owner).log(Status.error(name + " " + String.join(" ", args) + " failed", e));
            err.println(name + ": failed: " + oneLine(e) + " (the stack trace is in the workspace's .metadata/.log)");
            return EXIT_FAILED;
        }
    }

    /** A throwable's first line, at most 300 characters, with its type unless the message says enough. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String first = m.strip().lines().findFirst().orElse("");
        if (first.length() > 300) {
            first = first.substring(0, 300) + "...";
        }
        return e instanceof InferenceException || e instanceof IOException ? first
                : e.getClass().getSimpleName() + ": " + first;
    }
}
