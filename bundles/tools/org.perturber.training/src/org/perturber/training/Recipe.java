package org.perturber.training;

import java.util.Locale;

/**
 * How one built-in model is made: architecture, data, optimisation and, for fine-tuned variants, the model it starts
 * from and what it is fine-tuned against. Everything a model card must state comes from here.
 *
 * @param id                model directory name under models/
 * @param name              display name
 * @param architecture      {@code resnet-small} or {@code vgg-small}
 * @param variant           standard, adversarial or texture-debiased
 * @param base              id of the model it is fine-tuned from, or null when trained from scratch
 * @param seed              seed of initial weights, training data and batch order
 * @param trainSize         rendered training samples
 * @param inputSize         input width and height in pixels
 * @param epochs            passes over the training data
 * @param batchSize         samples per step
 * @param learningRate      Adam's initial learning rate (cosine decay to 0)
 * @param shuffledFraction  share of training samples whose texture is shuffled across classes
 * @param attack            PGD used on half of each batch (adversarial fine-tuning), or null
 */
public record Recipe(String id, String name, String architecture, String variant, String base, long seed,
        int trainSize, int inputSize, int epochs, int batchSize, double learningRate, double shuffledFraction,
        Pgd attack) {
    /** An L-infinity PGD attack in pixel units ([0, 1] per channel). */
    public record Pgd(double epsilon, int steps, double stepSize) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "L-inf PGD, epsilon %.4f (%s/255), %d steps of %.4f", epsilon,
                    trim(epsilon * 255), steps, stepSize);
        }
    }

    public boolean fineTuned() {
        return base != null;
    }

    /** One line per setting, for logs and model cards. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s, %dx%d input, %s; ", architecture, inputSize, inputSize,
                fineTuned() ? "fine-tuned from '" + base + "'" : "trained from scratch"));
        s.append(String.format(Locale.ROOT, "%d rendered samples (seed %d), %d epochs, batch %d, Adam lr %s with "
                + "cosine decay", trainSize, seed, epochs, batchSize, trim(learningRate)));
        if (shuffledFraction > 0) {
            s.append(String.format(Locale.ROOT, ", %d%% of samples with textures shuffled across classes",
                    Math.round(shuffledFraction * 100)));
        }
        if (attack != null) {
            s.append(", half of each batch replaced by its ").append(attack);
        }
        return s.toString();
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
