package org.perturber.training.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.model.Model;
import org.perturber.testing.Fixtures;
import org.perturber.training.ModelCard;
import org.perturber.training.ModelEvaluation;
import org.perturber.training.Recipe;
import org.perturber.training.Recipes;
import org.perturber.training.RenderedSet;
import org.perturber.training.SceneSampler.TextureMode;

/**
 * Honest weights: the models in the repository's models/ folder are measured afresh, on renders from a seed that
 * neither training nor the model cards used, and must reach what their cards claim, within 3 points. The claims
 * that make the trio worth shipping are checked on the cards themselves.
 */
class ShippedModelsTest {
    /** Fresh scenes: neither a training seed nor the cards' held-out seed. */
    private static final long FRESH_SEED = 7_000_001;
    private static final double TOLERANCE = 0.03;
    private static Path models;
    private static RenderedSet fresh;

    @BeforeAll
    static void renderFreshScenes() {
        models = Path.of(System.getProperty("perturber.models", "models"));
        fresh = RenderedSet.render(Fixtures.renderer(), FRESH_SEED, 600, Recipes.INPUT_SIZE, TextureMode.OWN);
    }

    private static ModelCard.Card card(String id) throws IOException {
        Path dir = models.resolve(id);
        assertTrue(Files.isRegularFile(dir.resolve(ModelCard.EVALUATION)), dir + " has no model card; train it with"
                + " releng/perturber train " + id);
        return ModelCard.read(dir);
    }

    @Test
    void everyShippedModelReachesItsCardsCleanAccuracyOnFreshScenes() throws Exception {
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (Recipe recipe : Recipes.ALL) {
            ModelCard.Card card = card(recipe.id());
            assertEquals(recipe, card.recipe(), "models/" + recipe.id() + " was trained from another recipe");
            try (Model model = new MxnetModelBackend().open(models.resolve(recipe.id()))) {
                double accuracy = ModelEvaluation.accuracy(model, fresh);
                report.append(String.format(Locale.ROOT, "%s: %.1f%% on fresh scenes, card %.1f%%%n", recipe.id(),
                        100 * accuracy, 100 * card.result().clean()));
                ok &= accuracy >= card.result().clean() - TOLERANCE;
            }
        }
        System.out.print(report);
        assertTrue(ok, report.toString());
    }

    @Test
    void theAdversarialModelsAccuracyUnderAttackMatchesItsCard() throws Exception {
        ModelCard.Card card = card("adversarial");
        try (Model model = new MxnetModelBackend().open(models.resolve("adversarial"))) {
            double accuracy = ModelEvaluation.attackAccuracy(model, fresh, card.result().attack(), 300);
            System.out.printf(Locale.ROOT, "adversarial under %s: %.1f%% on 300 fresh scenes, card %.1f%%%n", card
                    .result().attack(), 100 * accuracy, 100 * card.result().underAttack());
            assertTrue(accuracy >= card.result().underAttack() - TOLERANCE, accuracy + " < card " + card.result()
                    .underAttack());
        }
    }

    @Test
    void theCardsShowWhatTheVariantsAreFor() throws IOException {
        ModelEvaluation.Result standard = card("standard").result();
        assertTrue(standard.clean() >= 0.95, "standard: " + standard.clean());
        assertTrue(card("vgg-standard").result().clean() >= 0.95, "vgg-standard");
        // adversarial fine-tuning: far more robust to the same attack
        ModelEvaluation.Result adversarial = card("adversarial").result();
        assertEquals(standard.attack(), adversarial.attack());
        assertTrue(adversarial.underAttack() >= standard.underAttack() + 0.25, "under attack: adversarial "
                + adversarial.underAttack() + ", standard " + standard.underAttack());
        // texture debiasing: clearly better when shape and texture disagree
        ModelEvaluation.Result debiased = card("texture-debiased").result();
        assertTrue(debiased.textureSwapped() >= standard.textureSwapped() + 0.10, "textures swapped: debiased "
                + debiased.textureSwapped() + ", standard " + standard.textureSwapped());
    }
}
