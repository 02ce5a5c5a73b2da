package org.perturber.core.model;

/** A layer whose activations a model exposes: its id in the network and a name for people. */
public record LayerInfo(String id, String displayName) {
}
