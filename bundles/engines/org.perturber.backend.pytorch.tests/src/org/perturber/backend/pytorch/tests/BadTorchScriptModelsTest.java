package org.perturber.backend.pytorch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.service.Services;
import org.perturber.testing.ExportedModels;

/**
 * Broken TorchScript folders, made by releng/lib/test_networks.py: each is refused with a message naming the file
 * and the problem, the JVM survives, and a model loaded before keeps answering.
 */
class BadTorchScriptModelsTest {
    private static InferenceService service;
    private static LoadedModel good;
    private static float[] goodAnswer;
    private static RgbImage grey;

    @BeforeAll
    static void start() throws Exception {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        good = service.load(ExportedModels.testNetwork("good")).get(5, TimeUnit.MINUTES);
        grey = RgbImage.filled(good.descriptor().inputWidth(), good.descriptor().inputHeight(), 0.4f, 0.5f, 0.6f);
        goodAnswer = service.infer(good, grey, InferenceRequest.predictions(0)).probabilities();
    }

    @AfterAll
    static void stop() {
        service.models().forEach(service::unload);
    }

    @AfterEach
    void theGoodModelStillAnswers() throws Exception {
        assertEquals(1, service.models().size(), "a refused model was registered: " + service.models());
        float[] again = service.infer(good, grey, InferenceRequest.predictions(0)).probabilities();
        org.junit.jupiter.api.Assertions.assertArrayEquals(goodAnswer, again);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dict-output   | network.pt | forward returns Dict",
            "wrong-classes | model.json | has 10 labels but the network's logits have 7 classes",
            "fixed-size    | network.pt | 48x48 input",
            "truncated-pt  | network.pt | not a TorchScript network libtorch can load",
            "random-pt     | network.pt | not a TorchScript file" })
    void isRefusedNamingTheFileAndTheProblem(String kind, String file, String problem) throws Exception {
        Path folder = ExportedModels.testNetwork(kind);
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.load(folder).get(5,
                TimeUnit.MINUTES));
        ModelLoadException refused = assertInstanceOf(ModelLoadException.class, e.getCause());
        assertEquals(folder.toAbsolutePath().normalize().resolve(file), refused.file(), refused.getMessage());
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
    }
}
