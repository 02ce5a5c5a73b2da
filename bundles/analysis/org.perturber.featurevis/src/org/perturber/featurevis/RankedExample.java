package org.perturber.featurevis;

/** A dataset example with the activation it gives a channel. */
public record RankedExample(ExampleImage example, float activation) {
}
