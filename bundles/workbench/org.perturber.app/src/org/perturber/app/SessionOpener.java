package org.perturber.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.core.session.SessionReferences;
import org.perturber.explore.ExploreSession;

/**
 * Opening a session file (File > Open session..., {@code -Dperturber.session}): the file is read and checked in a
 * Job, never on the UI thread (a file on a slow or hung disk must not freeze the window), and what came of it is
 * handed over as the caller asks (the UI thread's asyncExec for the menu). A broken file changes nothing: the
 * caller is told the problem and the session stays as it was.
 */
public final class SessionOpener {
    /**
     * Files the user opens (sessions, model folders) are read one at a time: a second File > Open waits for the
     * first, so that the file chosen last is the one applied last.
     */
    public static final ISchedulingRule READING = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    private SessionOpener() {
    }

    /**
     * Reads {@code file} in a Job (its progress in the status bar) and hands its contents to {@code opened}, with
     * what it names outside its folder and the built-in models ({@link #outside}), or the
     * problem in words (without the path the reader puts in front: callers name the file themselves) and its cause
     * to {@code refused}; both run through {@code handOver}.
     */
    public static Job read(Path file, Executor handOver,
            BiConsumer<SessionFile.Contents, List<SessionReferences.Reference>> opened,
            BiConsumer<String, Throwable> refused) {
        Path path = file.toAbsolutePath();
        Job job = Job.create("Opening session " + path.getFileName(), (IProgressMonitor monitor) -> {
            SubMonitor.convert(monitor, "Reading " + path, 1);
            SessionFile.Contents contents;
            try {
                contents = SessionFile.read(path);
            } catch (IOException e) {
                handOver.execute(() -> refused.accept(problem(path, e.getMessage()), e));
                return Status.OK_STATUS;
            } catch (RuntimeException e) { // whatever else a hostile file provokes: reported the same way
                handOver.execute(() -> refused.accept(problem(path, e.getMessage() != null ? e.getMessage()
                        : "could not be read (" + e.getClass().getSimpleName() + ")"), e));
                return Status.OK_STATUS;
            }
            List<SessionReferences.Reference> outside = outside(contents, path);
            handOver.execute(() -> opened.accept(contents, outside));
            return Status.OK_STATUS;
        });
        job.setRule(READING);
        job.schedule();
        return job;
    }

    /**
     * What the session names outside its own folder and the built-in models' folder: what the user must allow
     * before the session is applied (a session from elsewhere must not read the user's other files unasked).
     */
    static List<SessionReferences.Reference> outside(SessionFile.Contents contents, Path file) {
        return SessionReferences.outside(contents, file, List.of(BuiltinModels.directory()), Services.await(
                ContributionRegistry.class, Duration.ofSeconds(30)));
    }

    /** The references one a line, as a dialog or a log entry lists them. */
    public static String list(List<SessionReferences.Reference> references) {
        return references.stream().map(r -> r.element() + ": " + r.path()).collect(Collectors.joining("\n"));
    }

    /** The file's problem without the path the reader put in front. */
    static String problem(Path path, String message) {
        String prefix = path + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /**
     * Applies a session read: scene and stack at once, its models loaded in a Job (replacing the active ones); once
     * they are in, the session counts as unchanged.
     */
    public static void apply(SessionFile.Contents c, ExploreSession session, SessionChanges changes) {
        session.setScene(c.scene());
        session.setStack(c.stack());
        Job.create("Loading the session's models", (IProgressMonitor monitor) -> {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            for (LoadedModel m : session.models()) {
                session.removeModel(m);
            }
            for (Path dir : c.models()) {
                try {
                    session.addModel(inference.load(dir).get());
                } catch (Exception e) {
                    session.reportModelProblem("Model " + dir + " of the session did not load: " + (e
                            .getCause() != null ? e.getCause() : e).getMessage());
                }
            }
            if (changes != null) {
                changes.markClean(); // what was opened is what is saved
            }
            return Status.OK_STATUS;
        }).schedule();
    }
}
