package org.perturber.inference.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.service.Services;
import org.perturber.testing.ExportedModels;
import org.perturber.testing.ExporterReference;

/**
 * A folder holding one network as ONNX and TorchScript (what releng/export-model writes by default): the service
 * runs forward passes on ONNX Runtime and gradients on libtorch, and the two engines agree.
 */
class TwoFormatsTest {
    private static InferenceService service;
    private static LoadedModel both;
    private static LoadedModel onnx;
    private static LoadedModel torch;
    private static ExporterReference reference;
    private static final InferenceRequest FORWARD = InferenceRequest.predictions(5).withActivations(Set.of("layer4"));

    @BeforeAll
    static void load() throws Exception {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path folder = ExportedModels.torchvision("resnet18", "layer3,layer4");
        reference = ExporterReference.read(folder);
        both = service.load(folder).get(5, TimeUnit.MINUTES);
        onnx = service.load(ExportedModels.only(folder, ModelFolder.ONNX)).get(5, TimeUnit.MINUTES);
        torch = service.load(ExportedModels.only(folder, ModelFolder.TORCHSCRIPT)).get(5, TimeUnit.MINUTES);
    }

    @AfterAll
    static void unload() {
        service.unload(both);
        service.unload(onnx);
        service.unload(torch);
    }

    @Test
    void opensBothEnginesAndCanTakeGradients() {
        assertEquals("org.perturber.backend.onnx+org.perturber.backend.pytorch", both.backend());
        assertTrue(both.descriptor().can(ModelCapability.INPUT_GRADIENTS));
        assertTrue(both.descriptor().can(ModelCapability.LAYER_GRADIENTS));
        assertTrue(!onnx.descriptor().can(ModelCapability.INPUT_GRADIENTS));
    }

    @Test
    void forwardPassesRunOnOnnxRuntime() throws Exception {
        InferenceResult r = service.infer(both, reference.input(), FORWARD);
        assertArrayEquals(service.infer(onnx, reference.input(), FORWARD).probabilities(), r.probabilities());
        assertArrayEquals(service.infer(onnx, reference.input(), FORWARD).activations().get("layer4").values(), r
                .activations().get("layer4").values());
    }

    @Test
    void gradientsRunOnLibtorch() throws Exception {
        InferenceRequest gradient = InferenceRequest.predictions(1).withGradient(GradientTarget.classScore(reference
                .gradientClass()));
        assertArrayEquals(service.infer(torch, reference.input(), gradient).inputGradient().data(), service.infer(
                both, reference.input(), gradient).inputGradient().data());
    }

    /**
     * Feature visualization's request (a layer objective's input gradient, with the layer's activations) goes to
     * libtorch, which alone can answer it, and gives what the TorchScript-only folder gives.
     */
    @Test
    void objectiveGradientsRunOnLibtorch() throws Exception {
        assertTrue(both.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS));
        assertTrue(!onnx.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS));
        InferenceRequest objective = InferenceRequest.predictions(1).withActivations(Set.of("layer4")).withGradient(
                GradientTarget.objective(LayerObjective.channels("layer4", 512, new int[] { 5, 300 },
                        LayerObjective.Pooling.CENTRE)));
        var images = java.util.List.of(reference.input(), reference.input());
        java.util.List<InferenceResult> want = service.submitBatch(torch, images, objective).get(5, TimeUnit.MINUTES);
        java.util.List<InferenceResult> got = service.submitBatch(both, images, objective).get(5, TimeUnit.MINUTES);
        for (int i = 0; i < 2; i++) {
            assertTrue(got.get(i).inputGradient() != null, "no input gradient for image " + i);
            assertArrayEquals(want.get(i).inputGradient().data(), got.get(i).inputGradient().data());
            assertArrayEquals(want.get(i).activations().get("layer4").values(), got.get(i).activations().get(
                    "layer4").values());
        }
    }

    @Test
    void bothEnginesAgree() throws Exception {
        InferenceResult a = service.infer(onnx, reference.input(), FORWARD);
        InferenceResult b = service.infer(torch, reference.input(), FORWARD);
        double p = ExporterReference.relativeMaxDifference(a.logits(), b.logits());
        double l = ExporterReference.relativeMaxDifference(a.activations().get("layer4").values(), b.activations()
                .get("layer4").values());
        assertTrue(p <= 1e-4 && l <= 1e-4, "ONNX Runtime and libtorch differ: logits " + p + ", layer4 " + l
                + " of their range");
        assertEquals(a.top().stream().map(c -> c.index()).toList(), b.top().stream().map(c -> c.index()).toList());
    }
}
