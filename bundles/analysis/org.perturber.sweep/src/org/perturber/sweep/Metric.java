package org.perturber.sweep;

/**
 * What is measured per sample and model. {@code top1}, {@code true-class-probability} and {@code top5} need the
 * object's class among the model's labels (otherwise the cell stays empty); {@code flip} compares with the same
 * object and view without any perturbation; {@code activation:LAYER:CHANNEL} is the mean activation of one channel
 * of an exposed layer.
 */
public record Metric(Kind kind, String layer, int channel) {
    public enum Kind {
        TOP1("top1"), TRUE_CLASS_PROBABILITY("true-class-probability"), TOP5("top5"), FLIP("flip"),
        ACTIVATION("activation");

        final String name;

        Kind(String name) {
            this.name = name;
        }
    }

    public static Metric of(Kind kind) {
        return new Metric(kind, null, -1);
    }

    /** @throws IllegalArgumentException for an unknown metric, naming the known ones */
    public static Metric parse(String text) {
        for (Kind k : Kind.values()) {
            if (k != Kind.ACTIVATION && k.name.equals(text)) {
                return of(k);
            }
        }
        String[] parts = text.split(":");
        if (parts[0].equals("activation")) {
            if (parts.length != 3) {
                throw new IllegalArgumentException("an activation metric is activation:LAYER:CHANNEL, got '" + text
                        + "'");
            }
            try {
                return new Metric(Kind.ACTIVATION, parts[1], Integer.parseInt(parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("channel of '" + text + "' is not a whole number", e);
            }
        }
        throw new IllegalArgumentException("unknown metric '" + text + "'; known: top1, true-class-probability, top5, "
                + "flip, activation:LAYER:CHANNEL");
    }

    /** The CSV column. */
    public String column() {
        return switch (kind) {
        case TOP1 -> "top1_correct";
        case TRUE_CLASS_PROBABILITY -> "true_class_probability";
        case TOP5 -> "top5_correct";
        case FLIP -> "flip";
        case ACTIVATION -> "activation_" + layer + "_" + channel;
        };
    }

    /** For plot titles and summaries. */
    public String label() {
        return switch (kind) {
        case TOP1 -> "top-1 accuracy";
        case TRUE_CLASS_PROBABILITY -> "probability of the true class";
        case TOP5 -> "top-5 accuracy";
        case FLIP -> "prediction flip rate";
        case ACTIVATION -> "mean activation of " + layer + " channel " + channel;
        };
    }
}
