package org.perturber.flipsearch;

import java.util.List;

import org.perturber.core.image.RgbImage;

/**
 * The smallest joint change of several parameters found to flip a model's top-1 class, its size measured as the
 * Euclidean norm of the changes each divided by its parameter's range.
 *
 * @param values each parameter's value at the flip (the order of {@code parameters}); NaN when none was found
 * @param norm the normalised size of the change (NaN when none was found)
 * @param bestSingle the smallest single-parameter flip distance the search started from (NaN when none)
 * @param passes images sent through the model
 * @param flipped the model's input at the flip, or null
 */
public record JointFlip(String modelKey, List<FlipParameter> parameters, boolean found, double[] values,
        double norm, String originalClass, String newClass, double newProbability, double bestSingle, int passes,
        RgbImage flipped) {
}
