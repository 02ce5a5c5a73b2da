package org.perturber.backend.pytorch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.service.Services;
import org.perturber.testing.ExportedModels;

/**
 * Gradients of a TorchScript network with BatchNorm, taken in inference behaviour: they match central finite
 * differences of the very function the predictions come from, a sample's gradient does not depend on the rest of
 * its batch, taking them changes no running statistic, and Grad-CAM's layer gradients are right where they can be
 * known exactly.
 */
class TorchScriptGradientTest {
    private static InferenceService service;
    private static LoadedModel small;
    private static RgbImage image;

    @BeforeAll
    static void start() throws Exception {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        small = service.load(ExportedModels.testNetwork("good")).get(5, TimeUnit.MINUTES);
        image = noise(small.descriptor().inputWidth(), small.descriptor().inputHeight(), 3);
    }

    @AfterAll
    static void stop() {
        service.models().forEach(service::unload);
    }

    static RgbImage noise(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[w * h * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.25 + 0.5 * r.nextDouble());
        }
        return new RgbImage(w, h, d);
    }

    private static double logit(RgbImage x, int cls) throws Exception {
        return service.infer(small, x, InferenceRequest.predictions(0)).logits()[cls];
    }

    /** Cross-entropy from the logits, in double: log-sum-exp minus the class's logit. */
    private static double loss(RgbImage x, int cls) throws Exception {
        float[] z = service.infer(small, x, InferenceRequest.predictions(0)).logits();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum) - z[cls];
    }

    private interface Objective {
        double at(RgbImage x) throws Exception;
    }

    /**
     * d f / d pixel i by central differences; h small enough to stay off the kinks of ReLU and max pooling (with
     * h = 1e-2 the steepest pixels cross them), large enough for float32 logits.
     */
    private static double numeric(Objective f, int i) throws Exception {
        double h = 2.5e-4;
        float[] plus = image.data().clone();
        float[] minus = image.data().clone();
        plus[i] += (float) h;
        minus[i] -= (float) h;
        return (f.at(new RgbImage(image.width(), image.height(), plus)) - f.at(new RgbImage(image.width(), image
                .height(), minus))) / (2 * h);
    }

    private static void matchesFiniteDifferences(GradientTarget target, Objective objective) throws Exception {
        float[] g = service.infer(small, image, InferenceRequest.predictions(1).withGradient(target)).inputGradient()
                .data();
        // the coordinates with the largest gradients, and random others: every channel, across the image
        List<Integer> coordinates = new java.util.ArrayList<>(IntStream.range(0, g.length).boxed().sorted(Comparator
                .comparingDouble(i -> -Math.abs(g[i]))).limit(6).toList());
        new SplittableRandom(4).ints(6, 0, g.length).forEach(coordinates::add);
        float scale = max(g);
        for (int i : coordinates) {
            assertEquals(numeric(objective, i), g[i], 0.02 * scale, "coordinate " + i + " of " + target);
        }
    }

    @Test
    void classScoreGradientMatchesCentralFiniteDifferences() throws Exception {
        matchesFiniteDifferences(GradientTarget.classScore(3), x -> logit(x, 3));
    }

    @Test
    void lossGradientMatchesCentralFiniteDifferences() throws Exception {
        matchesFiniteDifferences(GradientTarget.loss(3), x -> loss(x, 3));
    }

    @Test
    void aSamplesGradientDoesNotDependOnItsBatch() throws Exception {
        InferenceRequest request = InferenceRequest.predictions(1).withGradient(GradientTarget.classScore(1));
        float[] alone = service.infer(small, image, request).inputGradient().data();
        List<InferenceResult> batch = service.submitBatch(small, List.of(image, noise(image.width(), image.height(),
                7), noise(image.width(), image.height(), 8)), request).get(2, TimeUnit.MINUTES);
        assertEquals(3, batch.size());
        float[] inBatch = batch.get(0).inputGradient().data();
        assertArrayEquals(alone, inBatch, 1e-5f * max(alone));
        // and the other samples got their own gradients
        assertTrue(maxDifference(alone, batch.get(1).inputGradient().data()) > 1e-3 * max(alone));
    }

    @Test
    void takingGradientsChangesNoPrediction() throws Exception {
        float[] before = service.infer(small, image, InferenceRequest.predictions(0)).probabilities();
        for (int i = 0; i < 3; i++) {
            service.submitBatch(small, List.of(noise(image.width(), image.height(), 20 + i), noise(image.width(),
                    image.height(), 30 + i)), InferenceRequest.predictions(0).withGradient(GradientTarget.loss(0)))
                    .get(2, TimeUnit.MINUTES);
        }
        assertArrayEquals(before, service.infer(small, image, InferenceRequest.predictions(0)).probabilities());
    }

    /**
     * In ResNet-18, layer4 is followed by global average pooling and the linear classifier: the gradient of a logit
     * with respect to layer4 is the same at every position of a channel (fc weight / positions), and not zero.
     */
    @Test
    void layerGradientsOfResNetsLastStageAreConstantPerChannel() throws Exception {
        Path folder = ExportedModels.only(ExportedModels.torchvision("resnet18", "layer3,layer4"),
                ModelFolder.TORCHSCRIPT);
        LoadedModel resnet = service.load(folder).get(5, TimeUnit.MINUTES);
        try {
            InferenceResult r = service.infer(resnet, noise(224, 224, 5), InferenceRequest.predictions(1)
                    .withActivations(Set.of("layer4")).withGradient(GradientTarget.classScore(7))
                    .withGradientLayers(Set.of("layer3", "layer4")));
            Activation g = r.layerGradients().get("layer4");
            assertEquals(r.activations().get("layer4").channels(), g.channels());
            assertEquals(7, g.width());
            double largest = max(g.values());
            assertTrue(largest > 0, "all layer4 gradients are zero");
            for (int c = 0; c < g.channels(); c++) {
                for (int p = 1; p < g.width() * g.height(); p++) {
                    assertEquals(g.value(c, 0, 0), g.values()[c * 49 + p], 1e-6 * largest, "channel " + c);
                }
            }
            // layer3's gradient passes through layer4's convolutions: it varies over positions
            Activation g3 = r.layerGradients().get("layer3");
            assertTrue(maxDifference(java.util.Arrays.copyOfRange(g3.values(), 0, 14 * 14), new float[14 * 14])
                    > 0 && !constant(g3, 0), "layer3's gradient is constant over positions");
        } finally {
            service.unload(resnet);
        }
    }

    private static boolean constant(Activation a, int channel) {
        for (int p = 1; p < a.width() * a.height(); p++) {
            if (a.values()[channel * a.width() * a.height() + p] != a.values()[channel * a.width() * a.height()]) {
                return false;
            }
        }
        return true;
    }

    static float max(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double maxDifference(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
