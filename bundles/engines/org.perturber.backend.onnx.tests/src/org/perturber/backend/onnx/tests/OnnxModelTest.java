package org.perturber.backend.onnx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.service.Services;
import org.perturber.testing.ExportedModels;
import org.perturber.testing.ExporterReference;

/**
 * ONNX networks exported by releng/export-model, run by ONNX Runtime through the shared inference service: they
 * agree with PyTorch, say that they give no gradients, and broken files are refused with the file named.
 */
class OnnxModelTest {
    private static InferenceService service;

    @BeforeAll
    static void start() {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        service.models().forEach(service::unload);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "resnet18, layer3+layer4", "googlenet, inception4a+inception4e",
            "mobilenet_v3_small, features.6" })
    void agreesWithPyTorch(String architecture, String layers) throws Exception {
        Path folder = ExportedModels.only(ExportedModels.torchvision(architecture, layers.replace('+', ',')),
                ModelFolder.ONNX);
        ExporterReference reference = ExporterReference.read(folder);
        LoadedModel model = service.load(folder).get(5, TimeUnit.MINUTES);
        try {
            assertEquals("org.perturber.backend.onnx", model.backend());
            Set<String> layerIds = Set.of(layers.split("\\+"));
            InferenceResult r = service.infer(model, reference.input(), InferenceRequest.predictions(5)
                    .withActivations(layerIds));
            double d = ExporterReference.relativeMaxDifference(r.logits(), reference.outputs().get("logits"));
            assertTrue(d <= 1e-4, architecture + ": logits differ by " + d + " of their range");
            assertEquals(reference.top5(), r.top().stream().map(ClassScore::index).toList());
            for (String layer : layerIds) {
                double a = ExporterReference.relativeMaxDifference(r.activations().get(layer).values(), reference
                        .outputs().get(layer));
                assertTrue(a <= 1e-4, architecture + ": " + layer + " differs by " + a + " of its range");
            }
        } finally {
            service.unload(model);
        }
    }

    @Test
    void saysItGivesNoGradientsWhenAskedForOne() throws Exception {
        LoadedModel model = service.load(ExportedModels.testNetwork("good-onnx")).get(5, TimeUnit.MINUTES);
        try {
            assertFalse(model.descriptor().can(ModelCapability.INPUT_GRADIENTS));
            assertTrue(model.descriptor().can(ModelCapability.ACTIVATIONS));
            RgbImage grey = RgbImage.filled(model.descriptor().inputWidth(), model.descriptor().inputHeight(), 0.5f,
                    0.5f, 0.5f);
            ExecutionException e = assertThrows(ExecutionException.class, () -> service.infer(model, grey,
                    InferenceRequest.predictions(1).withGradient(GradientTarget.classScore(0))));
            InferenceException why = assertInstanceOf(InferenceException.class, e.getCause());
            assertTrue(why.getMessage().contains("cannot compute input gradients"), why.getMessage());
            // predictions still work
            assertEquals(10, service.infer(model, grey, InferenceRequest.predictions(0)).probabilities().length);
        } finally {
            service.unload(model);
        }
    }

    /**
     * Feature visualization's request, a layer objective's input gradient, on an ONNX-only folder: refused with the
     * capability's message (input gradients, the first capability it lacks), before anything runs.
     */
    @Test
    void refusesObjectiveGradientsWithTheCapabilityMessage() throws Exception {
        LoadedModel model = service.load(ExportedModels.testNetwork("good-onnx")).get(5, TimeUnit.MINUTES);
        try {
            assertFalse(model.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS));
            RgbImage grey = RgbImage.filled(model.descriptor().inputWidth(), model.descriptor().inputHeight(), 0.5f,
                    0.5f, 0.5f);
            InferenceRequest request = InferenceRequest.predictions(1).withActivations(Set.of("features"))
                    .withGradient(GradientTarget.objective(LayerObjective.channel("features", 8, 0,
                            LayerObjective.Pooling.MEAN)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> service.submitBatch(model, java.util
                    .List.of(grey, grey), request).get(2, TimeUnit.MINUTES));
            InferenceException why = assertInstanceOf(InferenceException.class, e.getCause());
            assertEquals(model.descriptor().cannotAnswer(request), why.getMessage());
            assertTrue(why.getMessage().contains("cannot compute input gradients"), why.getMessage());
        } finally {
            service.unload(model);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "onnx-unsupported-op | Frobnicate",
            "truncated-onnx      | ONNX Runtime refused the network",
            "random-onnx         | ONNX Runtime refused the network" })
    void brokenNetworksAreRefusedNamingTheFile(String kind, String problem) throws Exception {
        Path folder = ExportedModels.testNetwork(kind);
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.load(folder).get(5,
                TimeUnit.MINUTES));
        ModelLoadException refused = assertInstanceOf(ModelLoadException.class, e.getCause());
        assertEquals(folder.toAbsolutePath().normalize().resolve("network.onnx"), refused.file(), refused
                .getMessage());
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
        assertTrue(service.models().isEmpty());
    }
}
