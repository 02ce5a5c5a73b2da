package org.perturber.core.model;

/**
 * What to differentiate with respect to the input: one class's score (logit), the cross-entropy loss, or a
 * {@link LayerObjective} (a weighted sum of pooled channels of a layer, per batch item: what feature visualization
 * maximises).
 */
public record GradientTarget(Kind kind, int classIndex, LayerObjective objective) {
    public enum Kind {
        CLASS_SCORE, LOSS, OBJECTIVE
    }

    public GradientTarget {
        if ((kind == Kind.OBJECTIVE) != (objective != null)) {
            throw new IllegalArgumentException("an objective, and only an objective target, has a LayerObjective");
        }
    }

    public GradientTarget(Kind kind, int classIndex) {
        this(kind, classIndex, null);
    }

    public static GradientTarget classScore(int classIndex) {
        return new GradientTarget(Kind.CLASS_SCORE, classIndex);
    }

    public static GradientTarget loss(int trueClass) {
        return new GradientTarget(Kind.LOSS, trueClass);
    }

    public static GradientTarget objective(LayerObjective objective) {
        return new GradientTarget(Kind.OBJECTIVE, -1, objective);
    }

    /** The target for batch items {@code from} to {@code to} of a batch (per-item objectives are sliced). */
    public GradientTarget slice(int from, int to) {
        return kind == Kind.OBJECTIVE ? objective(objective.slice(from, to)) : this;
    }
}
