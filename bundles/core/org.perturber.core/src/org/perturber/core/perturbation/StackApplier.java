package org.perturber.core.perturbation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;

/**
 * Applies a perturbation stack stage by stage. An entry whose perturbation is unknown, broken, refuses a value,
 * throws anything (an OutOfMemoryError or a StackOverflowError included: what the entry allocated is unreachable once
 * it is skipped) or returns an image no model can use (another size, NaN or infinite values) is skipped and reported
 * with its bundle, and the others still apply: one bad plugin never stops an exploration or a sweep.
 */
public final class StackApplier {
    /** A problem with one entry: which, from which bundle, and what happened. */
    public record Problem(int entry, String perturbation, String bundle, String message) {
        @Override
        public String toString() {
            return "entry " + (entry + 1) + " (" + perturbation + (bundle.isEmpty() ? "" : ", bundle " + bundle)
                    + "): " + message;
        }
    }

    private final ContributionRegistry registry;
    private final List<Problem> problems = new ArrayList<>();

    public StackApplier(ContributionRegistry registry) {
        this.registry = registry;
    }

    /** Problems met so far, in the order they happened. */
    public List<Problem> problems() {
        return List.copyOf(problems);
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

    /** Why an entry's output cannot be passed on, or null when it can. */
    private static String unusable(Object in, Object out) {
        if (out == null) {
            return "returned nothing";
        }
        if (in instanceof RgbImage a && out instanceof RgbImage b) {
            if (a.width() != b.width() || a.height() != b.height()) {
                return "returned a " + b.width() + "x" + b.height() + " image for a " + a.width() + "x" + a
                        .height() + " input";
            }
            int bad = 0;
            for (float v : b.data()) {
                if (!Float.isFinite(v)) {
                    bad++;
                }
            }
            if (bad > 0) {
                return "returned " + bad + " NaN or infinite values of " + b.data().length;
            }
        }
        return null;
    }

    /** How one stage applies a perturbation with values to its input. */
    private interface Step<T> {
        Function<T, T> of(Perturbation perturbation, ParameterValues values);
    }

    private <T> T apply(PerturbationStack stack, T input, Stage stage, Step<T> step) {
        T current = input;
        for (int i = 0; i < stack.entries().size(); i++) {
            StackEntry entry = stack.entries().get(i);
            if (!entry.enabled()) {
                continue;
            }
            Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
            if (c == null) {
                problems.add(new Problem(i, entry.perturbation(), "", "no such perturbation is installed"));
                continue;
            }
            Perturbation p = c.instance().orElse(null);
            if (p == null) {
                problems.add(new Problem(i, entry.perturbation(), c.bundle(), c.failure().orElse("failed")));
                continue;
            }
            if (p.stage() != stage) {
                continue;
            }
            try {
                ParameterValues values = ParameterValues.defaults(p.parameters()).withAll(entry.values());
                T next = step.of(p, values).apply(current);
                String unusable = unusable(current, next);
                if (unusable != null) {
                    problems.add(new Problem(i, entry.perturbation(), c.bundle(), unusable + "; the entry is "
                            + "skipped"));
                    continue;
                }
                current = next;
            } catch (Throwable e) { // a plugin's Error too: the JVM and the other entries go on
                problems.add(new Problem(i, entry.perturbation(), c.bundle(), e.getClass().getSimpleName() + ": "
                        + e.getMessage()));
            }
        }
        return current;
    }
}
