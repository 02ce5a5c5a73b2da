package org.perturber.core.viz;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelDescriptor;

/**
 * What a visualization sees: the model, the image it was given, the result for that image, the result for the
 * unperturbed scene (baseline; may be null) and the layer selected by the user (may be null).
 */
public record VisualizationInput(ModelDescriptor model, RgbImage modelInput, InferenceResult result,
        InferenceResult baseline, String selectedLayer) {
}
