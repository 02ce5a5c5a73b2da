package org.perturber.core.viz;

import org.perturber.core.model.GradientTarget;

/**
 * The inference results a visualization needs: how many top classes, whether activations of the selected layer,
 * and which input gradient (null for none).
 */
public record ResultNeeds(int topK, boolean selectedLayerActivations, GradientTarget.Kind gradient) {
    public static ResultNeeds predictions(int topK) {
        return new ResultNeeds(topK, false, null);
    }
}
