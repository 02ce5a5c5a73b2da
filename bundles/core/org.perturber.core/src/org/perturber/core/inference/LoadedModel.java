package org.perturber.core.inference;

import java.nio.file.Path;

import org.perturber.core.model.ModelDescriptor;

/** A model the inference service has loaded: its key, where it came from, which backend opened it, what it is. */
public record LoadedModel(String key, Path location, String backend, ModelDescriptor descriptor) {
}
