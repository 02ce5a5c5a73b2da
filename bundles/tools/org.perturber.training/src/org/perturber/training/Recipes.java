package org.perturber.training;

import java.util.List;
import java.util.Optional;

/**
 * The built-in models Perturber ships in models/, in training order (fine-tuned models after their base). Changing
 * a recipe changes what {@code releng/perturber train} produces; the model cards and the honesty tests follow.
 */
public final class Recipes {
    /** Input size of all built-in models. */
    public static final int INPUT_SIZE = 96;
    /** The attack every model card reports, and the one adversarial fine-tuning defends against (in training with
     * fewer steps). */
    public static final Recipe.Pgd EVALUATION_ATTACK = new Recipe.Pgd(4 / 255.0, 10, 2.5 * 4 / 255.0 / 10);
    /** Seed of the held-out set the model cards report; training seeds are small numbers, far from it. */
    public static final long HELD_OUT_SEED = 1_000_003;

    private static final Recipe.Pgd TRAINING_ATTACK = new Recipe.Pgd(4 / 255.0, 3, 2.5 * 4 / 255.0 / 3);

    public static final List<Recipe> ALL = List.of(
            new Recipe("standard", "ResNet-style, standard", "resnet-small", "standard", null, 1, 12000, INPUT_SIZE,
                    15, 64, 0.002, 0, null),
            new Recipe("adversarial", "ResNet-style, adversarially fine-tuned", "resnet-small", "adversarial",
                    "standard", 2, 6000, INPUT_SIZE, 5, 64, 0.0005, 0, TRAINING_ATTACK),
            new Recipe("texture-debiased", "ResNet-style, texture-debiased", "resnet-small", "texture-debiased",
                    "standard", 3, 6000, INPUT_SIZE, 5, 64, 0.0005, 0.8, null),
            new Recipe("vgg-standard", "VGG-style, standard", "vgg-small", "standard", null, 4, 12000, INPUT_SIZE, 15,
                    64, 0.002, 0, null));

    private Recipes() {
    }

    public static Optional<Recipe> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
