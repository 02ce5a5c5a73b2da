package org.perturber.core.model;

/** One class of a prediction: its index, label and probability. */
public record ClassScore(int index, String label, float probability) {
}
