package org.perturber.training.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.backend.mxnet.export.ModelWriter;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.testing.Fixtures;
import org.perturber.training.ModelCard;
import org.perturber.training.ModelEvaluation;
import org.perturber.training.ModelTraining;
import org.perturber.training.Recipe;
import org.perturber.training.RenderedSet;
import org.perturber.training.SceneSampler;

/**
 * The training pipeline on tiny recipes (32x32, a few hundred renders): real rendering, real MXNet training, real
 * checkpoints. What is checked is what the shipped models rely on: resuming gives exactly the weights of an
 * uninterrupted run; fine-tuning starts from the base model; a model card is written from a real evaluation.
 */
class ModelTrainingTest {
    private static final Recipe TINY = new Recipe("tiny", "Tiny", "resnet-small", "standard", null, 7, 192, 32, 2, 32,
            0.003, 0, null);
    private static final Recipe TINY_ADVERSARIAL = new Recipe("tiny-adversarial", "Tiny, adversarial",
            "resnet-small", "adversarial", "tiny", 8, 96, 32, 1, 32, 0.001, 0, new Recipe.Pgd(4 / 255.0, 2, 0.01));

    private static ModelTraining training(Path models, Path work, List<String> log) {
        return new ModelTraining(Fixtures.renderer(), new ModelTraining.Options(models, work, 24, 4), log::add);
    }

    @Test
    void anInterruptedRunResumesToExactlyTheWeightsOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight");
        assertTrue(training(straight.resolve("models"), straight.resolve("work"), new ArrayList<>()).run(TINY,
                () -> false));

        Path interrupted = tmp.resolve("interrupted");
        Path state = interrupted.resolve("work/tiny/checkpoints/state.json");
        List<String> log = new ArrayList<>();
        // cancel as soon as the first epoch's checkpoint exists
        assertFalse(training(interrupted.resolve("models"), interrupted.resolve("work"), log).run(TINY,
                () -> Files.exists(state)));
        assertFalse(Files.exists(interrupted.resolve("models/tiny")), "a cancelled run installs nothing");
        assertTrue(Files.readString(state).contains("\"epoch\": 1"), Files.readString(state));
        log.clear();
        assertTrue(training(interrupted.resolve("models"), interrupted.resolve("work"), log).run(TINY, () -> false));
        assertTrue(log.stream().anyMatch(l -> l.contains("resumed from")), String.join("\n", log));

        byte[] expected = Files.readAllBytes(straight.resolve("models/tiny/tiny-0000.params"));
        assertArrayEquals(expected, Files.readAllBytes(interrupted.resolve("models/tiny/tiny-0000.params")));
        // and training did change the network: it answers differently from the untrained one
        Networks.Network untrained = Networks.smallCnn(12, TINY.seed());
        ModelWriter.write(tmp.resolve("untrained"), new ModelWriter.Card("tiny", "untrained", "", "standard", "", 32,
                ModelTraining.NORMALIZATION, SceneSampler.classes(), untrained.layers()), untrained.builder(),
                untrained.head());
        RgbImage image = RenderedSet.render(Fixtures.renderer(), 99, 1, 32, SceneSampler.TextureMode.OWN).image(0);
        try (Model before = new MxnetModelBackend().open(tmp.resolve("untrained"));
                Model after = new MxnetModelBackend().open(straight.resolve("models/tiny"))) {
            assertFalse(java.util.Arrays.equals(before.infer(image, InferenceRequest.predictions(1)).probabilities(),
                    after.infer(image, InferenceRequest.predictions(1)).probabilities()));
        }
    }

    @Test
    void aFineTuneStartsFromItsBaseAndEveryModelGetsACardFromARealEvaluation(@TempDir Path tmp) throws Exception {
        Path models = tmp.resolve("models");
        List<String> log = new ArrayList<>();
        ModelTraining training = training(models, tmp.resolve("work"), log);
        assertThrows(IOException.class, () -> training.run(TINY_ADVERSARIAL, () -> false),
                "the base model is missing");
        assertTrue(training.run(TINY, () -> false));
        assertTrue(training.run(TINY_ADVERSARIAL, () -> false), String.join("\n", log));

        // the attacked half of each batch went through PGD, and the weights moved away from the base's
        byte[] base = Files.readAllBytes(models.resolve("tiny/tiny-0000.params"));
        byte[] tuned = Files.readAllBytes(models.resolve("tiny-adversarial/tiny-adversarial-0000.params"));
        assertEquals(base.length, tuned.length);
        assertFalse(java.util.Arrays.equals(base, tuned));

        ModelCard.Card card = ModelCard.read(models.resolve("tiny-adversarial"));
        assertEquals(TINY_ADVERSARIAL, card.recipe());
        assertEquals(24, card.result().samples());
        // the card's numbers are what the evaluation measures on the installed model: measured again, the same
        try (Model m = new MxnetModelBackend().open(models.resolve("tiny-adversarial"))) {
            ModelEvaluation.Result r = card.result();
            assertEquals(r, ModelEvaluation.evaluate(m, Fixtures.renderer(), r.seed(), r.samples(), r.attack(), r
                    .attackedSamples(), line -> {
                    }));
        }
        String readme = Files.readString(models.resolve("tiny-adversarial/README.md"));
        assertTrue(readme.contains("fine-tuned from `tiny`"), readme);
        assertTrue(readme.contains(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * card.result().clean())),
                readme);
        // the installed directory is a model the backend opens, with the built-in classes as labels
        try (Model m = new MxnetModelBackend().open(models.resolve("tiny-adversarial"))) {
            assertEquals(12, m.descriptor().labels().size());
            assertEquals("mug", m.descriptor().labels().get(0));
            assertEquals(32, m.descriptor().inputWidth());
        }
    }
}
