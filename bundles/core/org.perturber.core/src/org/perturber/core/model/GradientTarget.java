package org.perturber.core.model;

/** What to differentiate with respect to the input: one class's score (logit) or the cross-entropy loss. */
public record GradientTarget(Kind kind, int classIndex) {
    public enum Kind {
        CLASS_SCORE, LOSS
    }

    public static GradientTarget classScore(int classIndex) {
        return new GradientTarget(Kind.CLASS_SCORE, classIndex);
    }

    public static GradientTarget loss(int trueClass) {
        return new GradientTarget(Kind.LOSS, trueClass);
    }
}
