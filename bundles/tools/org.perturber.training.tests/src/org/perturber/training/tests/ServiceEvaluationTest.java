package org.perturber.training.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Model;
import org.perturber.core.service.Services;
import org.perturber.testing.Fixtures;
import org.perturber.training.ModelEvaluation;
import org.perturber.training.Recipes;
import org.perturber.training.RenderedSet;
import org.perturber.training.SceneSampler.TextureMode;

/**
 * {@code train --evaluate-model} counts through the inference service, as the workbench opens a folder of any
 * backend; for a built-in model that count must be the one the model cards' own evaluation gives on the same renders.
 */
class ServiceEvaluationTest {
    @Test
    void theServicesCountEqualsTheModelCardsEvaluationOnTheSameRenders() throws Exception {
        Path standard = Path.of(System.getProperty("perturber.models"), "standard");
        // a texture-swapped set: the standard model gets about a third right, so a count that ignores the
        // predictions (all right, all wrong, or labels shifted) cannot match by chance
        RenderedSet set = RenderedSet.render(Fixtures.renderer(), Recipes.HELD_OUT_SEED, 72, Recipes.INPUT_SIZE,
                TextureMode.SWAPPED);
        double direct;
        try (Model model = new MxnetModelBackend().open(standard)) {
            direct = ModelEvaluation.accuracy(model, set);
        }
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        LoadedModel loaded = inference.load(standard).get();
        try {
            int correct = ModelEvaluation.correct(inference, loaded, set);
            assertTrue(correct > 5 && correct < 67, "correct: " + correct);
            assertEquals(Math.round(direct * set.size()), correct);
        } finally {
            inference.unload(loaded);
        }
    }
}
