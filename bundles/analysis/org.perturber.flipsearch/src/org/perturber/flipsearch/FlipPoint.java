package org.perturber.flipsearch;

import org.perturber.core.image.RgbImage;

/**
 * What the search found for one parameter in one direction for one model.
 *
 * @param value the parameter's value at which the top-1 class differs from the original (NaN unless {@link
 *            Outcome#FLIP})
 * @param inside the value closest to it, within the tolerance, at which the top-1 class is still the original one
 *            (the current value when the first scan point already flips)
 * @param distance |value − current| as a fraction of the parameter's range (NaN unless FLIP): the robustness
 *            margin, larger is more robust
 * @param searchedTo the farthest value looked at in this direction
 * @param newClass the top-1 class at {@code value} (null unless FLIP), {@code newIndex} its index
 * @param newProbability its probability there
 * @param passes images this direction sent through the model (its scan points, the bisection steps and, for a flip,
 *            the check of the flip's image alone)
 * @param flipped the model's input at {@code value} (null unless FLIP), for thumbnails
 * @param problem why the search could not run (Outcome FAILED), or null
 */
public record FlipPoint(FlipParameter parameter, FlipParameter.Direction direction, Outcome outcome, double value,
        double inside, double distance, double searchedTo, String newClass, int newIndex, double newProbability,
        int passes, RgbImage flipped, String problem) {
    public enum Outcome {
        /** the class changes within the range */
        FLIP,
        /** the scan saw the original class at every point up to the end of the range */
        NONE_WITHIN_RANGE,
        /** the current value is already at this end of the range */
        AT_LIMIT,
        /** a perturbation failed or the model failed: {@link FlipPoint#problem()} says which */
        FAILED
    }

    public boolean flips() {
        return outcome == Outcome.FLIP;
    }

    /** What a table shows in the distance column. */
    public String describe() {
        return switch (outcome) {
        case FLIP -> parameter.format(value) + " → " + newClass;
        case NONE_WITHIN_RANGE -> "none within range";
        case AT_LIMIT -> "at the end of the range";
        case FAILED -> "failed: " + problem;
        };
    }
}
