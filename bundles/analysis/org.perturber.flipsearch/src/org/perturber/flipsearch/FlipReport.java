package org.perturber.flipsearch;

import java.util.List;
import java.util.Optional;

import org.perturber.core.image.RgbImage;

/**
 * One model's flip points for a state: per parameter, both directions.
 *
 * @param modelKey the inference service's key of the model, {@code modelName} what a person reads
 * @param originalClass the model's top-1 class in the state searched from, {@code originalIndex} its index and
 *            {@code originalProbability} its probability
 * @param original the model's input in that state (the "before" thumbnail)
 * @param points for each parameter in the order asked, DOWN then UP
 * @param passes images sent through the model, all parameters together (the original one included)
 * @param problem why the model could not be searched at all (it failed on the original state), or null
 */
public record FlipReport(String modelKey, String modelName, String originalClass, int originalIndex,
        double originalProbability, RgbImage original, List<FlipPoint> points, int passes, String problem) {
    public FlipReport {
        points = List.copyOf(points);
    }

    /** The flip point of a parameter (by perturbation and parameter id and entry) in a direction. */
    public Optional<FlipPoint> point(FlipParameter parameter, FlipParameter.Direction direction) {
        return points.stream().filter(p -> p.parameter().equals(parameter) && p.direction() == direction).findFirst();
    }

    /** The flip reached by the smallest change of any one parameter, or empty when none flips. */
    public Optional<FlipPoint> nearest() {
        return points.stream().filter(FlipPoint::flips).min((a, b) -> Double.compare(a.distance(), b.distance()));
    }
}
