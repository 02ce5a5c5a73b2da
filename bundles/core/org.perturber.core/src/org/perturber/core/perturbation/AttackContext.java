package org.perturber.core.perturbation;

import java.util.List;
import java.util.function.Supplier;

import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Scene;

/**
 * What a model-aware perturbation is told about the state it is applied to, beyond the image: the class label of
 * the clean scene's subject (its true class), or null when it has none. An untargeted attack moves away from the
 * true class when the model knows it, rather than from whatever the model predicts for an already perturbed image.
 *
 * @param trueClass a built-in object's class (its id) or an imported mesh's name in the scene; null for none
 * @param cleanImage the unperturbed scene at the model's input size (made when first asked for), for the class to
 *            fall back to when the model does not know the true class: its top-1 there; null when unknown
 */
public record AttackContext(String trueClass, Supplier<RgbImage> cleanImage) {
    /** Nothing known about the scene (an image without one). */
    public static final AttackContext NONE = new AttackContext(null, null);

    public AttackContext(String trueClass) {
        this(trueClass, null);
    }

    /** The same with the clean scene's image at the model's input size. */
    public AttackContext withCleanImage(Supplier<RgbImage> clean) {
        return new AttackContext(trueClass, clean);
    }

    /**
     * The context of a scene: its first object's built-in class, or an imported mesh's name (the rule of the
     * robustness curve and of session sweeps).
     */
    public static AttackContext of(Scene scene) {
        if (scene == null || scene.objects().isEmpty()) {
            return NONE;
        }
        return new AttackContext(scene.objects().get(0).classLabel());
    }

    /** The index of the true class among a model's labels, or -1 when it is unknown or none of them. */
    public int trueClassIndex(List<String> labels) {
        return trueClass == null ? -1 : labels.indexOf(trueClass);
    }
}
