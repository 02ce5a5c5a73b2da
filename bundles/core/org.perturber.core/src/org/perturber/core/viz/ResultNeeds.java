package org.perturber.core.viz;

import org.perturber.core.model.GradientTarget;

/**
 * The inference results a visualization needs: how many top classes, whether activations of the selected layer,
 * which gradient (null for none), and whether that gradient with respect to the selected layer's output too.
 */
public record ResultNeeds(int topK, boolean selectedLayerActivations, GradientTarget.Kind gradient,
        boolean selectedLayerGradient) {
    public ResultNeeds(int topK, boolean selectedLayerActivations, GradientTarget.Kind gradient) {
        this(topK, selectedLayerActivations, gradient, false);
    }

    public static ResultNeeds predictions(int topK) {
        return new ResultNeeds(topK, false, null);
    }
}
