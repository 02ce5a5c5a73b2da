package org.perturber.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a model can compute. Every engine gives predictions; some give no gradients (ONNX Runtime), and a feature
 * that needs what a model cannot do says so where the user looks instead of failing or silently skipping.
 */
public enum ModelCapability {
    PREDICTIONS("predictions"),
    ACTIVATIONS("layer activations"),
    INPUT_GRADIENTS("input gradients"),
    LAYER_GRADIENTS("gradients with respect to layers"),
    /** Input gradients of a {@link LayerObjective} for a batch (feature visualization). */
    OBJECTIVE_GRADIENTS("input gradients of layer objectives (feature visualization)");

    private final String description;

    ModelCapability(String description) {
        this.description = description;
    }

    /** For messages: "input gradients". */
    public String description() {
        return description;
    }

    public static Set<ModelCapability> all() {
        return EnumSet.allOf(ModelCapability.class);
    }

    /** What answering this request takes. */
    public static Set<ModelCapability> neededBy(InferenceRequest request) {
        Set<ModelCapability> needed = EnumSet.of(PREDICTIONS);
        if (!request.activationLayers().isEmpty()) {
            needed.add(ACTIVATIONS);
        }
        if (request.gradient() != null) {
            needed.add(INPUT_GRADIENTS);
            if (request.gradient().kind() == GradientTarget.Kind.OBJECTIVE) {
                needed.add(OBJECTIVE_GRADIENTS);
            }
        }
        if (!request.gradientLayers().isEmpty()) {
            needed.add(LAYER_GRADIENTS);
        }
        return needed;
    }
}
