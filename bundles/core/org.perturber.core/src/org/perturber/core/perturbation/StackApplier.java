package org.perturber.core.perturbation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.internal.registry.GuardedCalls;
import org.perturber.core.model.Model;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;

/**
 * Applies a perturbation stack stage by stage. An entry whose perturbation is unknown, broken, refuses a value,
 * throws anything (an OutOfMemoryError or a StackOverflowError included: what the entry allocated is unreachable once
 * it is skipped), returns an image no model can use (another size, NaN or infinite values, values outside [0, 1],
 * the range {@link RgbImage} documents) or exceeds its stage's time budget ({@link TimeBudgets}: the call is
 * abandoned, see {@link #abandonedCalls()}) is skipped and reported with its bundle, and the others still apply to
 * the previous entry's output: one bad plugin never stops an exploration or a sweep.
 */
public final class StackApplier {
    /** What went wrong with an entry. */
    public enum Cause {
        /** No installed contribution has the entry's id. */
        NOT_INSTALLED,
        /** The contribution could not be created (missing class, constructor failed). */
        BROKEN,
        /** The call threw (an Error too), or refused its values. */
        THREW,
        /** It returned nothing, or an image of another size. */
        WRONG_SIZE,
        /** It returned NaN or infinite values. */
        NOT_FINITE,
        /** It returned values outside [0, 1]. */
        OUT_OF_RANGE,
        /** The call exceeded its stage's time budget and was abandoned. */
        TIME_BUDGET,
        /** An earlier call of it exceeded its budget and still runs, so it was not called. */
        STILL_RUNNING,
        /** The caller's thread was interrupted while the call ran; the call was abandoned. */
        INTERRUPTED
    }

    /** A problem with one entry: which, from which bundle, and what happened. */
    public record Problem(int entry, String perturbation, String bundle, Cause cause, String message) {
        @Override
        public String toString() {
            return "entry " + (entry + 1) + " (" + perturbation + (bundle.isEmpty() ? "" : ", bundle " + bundle)
                    + "): " + message;
        }

        /**
         * Which entry and what kind of problem, without the details that vary from call to call (how many values
         * were out of range): a sweep reports each distinct problem once.
         */
        public String key() {
            return entry + "|" + perturbation + "|" + bundle + "|" + cause;
        }
    }

    /** Values an image may hold: RgbImage's documented [0, 1] (shipped perturbations clamp to it; tested). */
    public static final float MIN_VALUE = 0f;
    public static final float MAX_VALUE = 1f;

    private final ContributionRegistry registry;
    private final TimeBudgets budgets;
    private final List<Problem> problems = new ArrayList<>();

    /** Calls get the budgets {@link TimeBudgets#current()} holds now. */
    public StackApplier(ContributionRegistry registry) {
        this(registry, TimeBudgets.current());
    }

    public StackApplier(ContributionRegistry registry, TimeBudgets budgets) {
        this.registry = registry;
        this.budgets = budgets;
    }

    /** Problems met so far, in the order they happened. */
    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    private synchronized void report(Problem problem) {
        problems.add(problem);
    }

    /**
     * Contributions (perturbation ids) whose call was abandoned at its time budget and is still running, in this
     * JVM: at most one call each, as a contribution is not called again until its abandoned call returns.
     */
    public static List<String> abandonedCalls() {
        return GuardedCalls.abandoned();
    }

    /** Calls abandoned at their time budget since the JVM started (whether they have returned since or not). */
    public static int abandonedCallsEver() {
        return GuardedCalls.abandonedEver();
    }

    public Scene applySceneStage(PerturbationStack stack, Scene scene) {
        return apply(stack, scene, Stage.SCENE, (p, v) -> s -> ((ScenePerturbation) p).apply(s, v));
    }

    public RgbImage applyImageStage(PerturbationStack stack, RgbImage image) {
        return apply(stack, image, Stage.IMAGE, (p, v) -> i -> ((ImagePerturbation) p).apply(i, v));
    }

    public RgbImage applyModelStage(PerturbationStack stack, RgbImage image, Model model, IProgressMonitor monitor) {
        return applyModelStage(stack, image, model, AttackContext.NONE, monitor);
    }

    /** The model-aware stage, its perturbations told what is known about the scene (its true class). */
    public RgbImage applyModelStage(PerturbationStack stack, RgbImage image, Model model, AttackContext context,
            IProgressMonitor monitor) {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        AttackContext c = context == null ? AttackContext.NONE : context;
        return apply(stack, image, Stage.MODEL_AWARE, (p, v) -> i -> ((ModelAwarePerturbation) p).apply(i, v, model,
                c, m));
    }

    /** Why an entry's output cannot be passed on. */
    private record Unusable(Cause cause, String message) {
    }

    /** Why an entry's output cannot be passed on, or null when it can. */
    private static Unusable unusable(Object in, Object out) {
        if (out == null) {
            return new Unusable(Cause.WRONG_SIZE, "returned nothing");
        }
        if (in instanceof RgbImage a && out instanceof RgbImage b) {
            if (a.width() != b.width() || a.height() != b.height()) {
                return new Unusable(Cause.WRONG_SIZE, "returned a " + b.width() + "x" + b.height() + " image for a "
                        + a.width() + "x" + a.height() + " input");
            }
            return outOfRange(b);
        }
        return null;
    }

    /** NaN, infinite or out-of-range values of an image, or null when there are none. One pass, no allocation. */
    private static Unusable outOfRange(RgbImage image) {
        int length = image.data().length;
        RgbImage.RangeCheck range = image.checkRange(0);
        if (range.nonFinite() > 0) {
            return new Unusable(Cause.NOT_FINITE, "returned " + range.nonFinite() + " NaN or infinite values of "
                    + length);
        }
        if (range.outside() > 0) {
            return new Unusable(Cause.OUT_OF_RANGE, "returned " + range.outside() + " values outside ["
                    + (int) MIN_VALUE + ", " + (int) MAX_VALUE + "] of " + length + " (from " + Math.min(MIN_VALUE,
                            range.min()) + " to " + Math.max(MAX_VALUE, range.max()) + ")");
        }
        return null;
    }

    /** What was logged with its stack trace: each perturbation and kind of Throwable once per run. */
    private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The stack trace goes to the log (the Error Log, or the workspace's .metadata/.log headless), not to tables. */
    private static void logOnce(Problem problem, Throwable error) {
        if (LOGGED.add(problem.perturbation() + "|" + error.getClass().getName())) {
            try {
                org.eclipse.core.runtime.ILog.of(StackApplier.class).log(new org.eclipse.core.runtime.Status(
                        org.eclipse.core.runtime.IStatus.WARNING, "org.perturber.core", "Perturbation " + problem
                                .perturbation() + " (bundle " + problem.bundle() + ") threw; its entry is skipped",
                        error));
            } catch (RuntimeException | LinkageError e) {
                // no log outside an OSGi runtime: the problem itself has been reported all the same
            }
        }
    }

    /** How one stage applies a perturbation with values to its input. */
    private interface Step<T> {
        Function<T, T> of(Perturbation perturbation, ParameterValues values);
    }

    private <T> T apply(PerturbationStack stack, T input, Stage stage, Step<T> step) {
        T current = input;
        Duration budget = budgets.of(stage);
        for (int i = 0; i < stack.entries().size(); i++) {
            StackEntry entry = stack.entries().get(i);
            if (!entry.enabled()) {
                continue;
            }
            Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
            if (c == null) {
                report(new Problem(i, entry.perturbation(), "", Cause.NOT_INSTALLED,
                        "no such perturbation is installed"));
                continue;
            }
            Perturbation p = c.instance().orElse(null);
            if (p == null) {
                report(new Problem(i, entry.perturbation(), c.bundle(), Cause.BROKEN, c.failure().orElse("failed")));
                continue;
            }
            if (p.stage() != stage) {
                continue;
            }
            T in = current;
            GuardedCalls.Outcome<T> outcome = GuardedCalls.call(c.id(), "apply", budget, () -> {
                ParameterValues values = ParameterValues.defaults(p.parameters()).withAll(entry.values());
                return step.of(p, values).apply(in);
            });
            String skipped = "; the entry is skipped";
            switch (outcome) {
            case GuardedCalls.Returned<T> r -> {
                Unusable unusable = unusable(in, r.value());
                if (unusable != null) {
                    report(new Problem(i, entry.perturbation(), c.bundle(), unusable.cause(), unusable.message()
                            + skipped));
                } else {
                    current = r.value();
                }
            }
            // a plugin's Error too: the JVM and the other entries go on
            case GuardedCalls.Threw<T> t -> {
                Problem problem = new Problem(i, entry.perturbation(), c.bundle(), Cause.THREW, t.error().getClass()
                        .getSimpleName() + ": " + t.error().getMessage());
                report(problem);
                logOnce(problem, t.error());
            }
            case GuardedCalls.TimedOut<T> t -> report(new Problem(i, entry.perturbation(), c.bundle(),
                    Cause.TIME_BUDGET, "exceeded its time budget of " + TimeBudgets.describe(t.budget())
                            + "; skipped (its thread was interrupted and abandoned: " + GuardedCalls.abandoned()
                                    .size() + " abandoned call(s) still running)"));
            case GuardedCalls.StillRunning<T> t -> report(new Problem(i, entry.perturbation(), c.bundle(),
                    Cause.STILL_RUNNING, "its earlier call, which exceeded its time budget, is still running; "
                            + "skipped"));
            case GuardedCalls.Interrupted<T> t -> report(new Problem(i, entry.perturbation(), c.bundle(),
                    Cause.INTERRUPTED, "interrupted while it ran; skipped"));
            }
        }
        return current;
    }
}
