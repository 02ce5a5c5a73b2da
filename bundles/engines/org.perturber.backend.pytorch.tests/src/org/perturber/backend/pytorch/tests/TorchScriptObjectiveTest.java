package org.perturber.backend.pytorch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
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
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.LayerObjective.Pooling;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.service.Services;
import org.perturber.testing.ExportedModels;

/**
 * Input gradients of layer objectives (what feature visualization climbs) from a TorchScript network's
 * objective_gradients(): they match central finite differences of the objective computed from the activations, each
 * batch item gets the gradient of its own row of weights, and a network.pt exported before the method existed says
 * it cannot and how to fix it.
 */
class TorchScriptObjectiveTest {
    /** The test network's exposed layer: conv-bn-relu-maxpool(4) of a 32x32 input, 8 channels of 8x8. */
    private static final String FEATURES = "features";
    private static final int CHANNELS = 8;
    private static InferenceService service;
    private static LoadedModel small;
    private static RgbImage image;

    @BeforeAll
    static void start() throws Exception {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        small = service.load(ExportedModels.testNetwork("good")).get(5, TimeUnit.MINUTES);
        image = TorchScriptGradientTest.noise(small.descriptor().inputWidth(), small.descriptor().inputHeight(), 3);
    }

    @AfterAll
    static void stop() {
        service.models().forEach(service::unload);
    }

    private static InferenceRequest objective(LayerObjective objective) {
        return InferenceRequest.predictions(1).withGradient(GradientTarget.objective(objective));
    }

    /** The objective of one image from a plain forward pass, in double: what the gradient must be the slope of. */
    private static double value(RgbImage x, LayerObjective objective) throws Exception {
        float[] w = objective.row(0);
        if (objective.logits()) {
            float[] z = service.infer(small, x, InferenceRequest.predictions(0)).logits();
            double sum = 0;
            for (int c = 0; c < w.length; c++) {
                sum += (double) w[c] * z[c];
            }
            return sum;
        }
        Activation a = service.infer(small, x, InferenceRequest.predictions(0).withActivations(Set.of(objective
                .layer()))).activations().get(objective.layer());
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            double pooled;
            if (objective.pooling() == Pooling.CENTRE) {
                pooled = a.value(c, a.height() / 2, a.width() / 2);
            } else {
                pooled = 0;
                for (int y = 0; y < a.height(); y++) {
                    for (int xx = 0; xx < a.width(); xx++) {
                        pooled += a.value(c, y, xx);
                    }
                }
                pooled /= a.height() * a.width();
            }
            sum += w[c] * pooled;
        }
        return sum;
    }

    /**
     * d objective / d pixel i by central differences, h = 2.5e-4 as in {@link TorchScriptGradientTest}: small enough
     * to stay off the kinks of ReLU and max pooling at nearly every pixel, large enough that float32 rounding of the
     * objective (about 1e-7 of its size) adds at most about 1e-3 of the largest slope.
     */
    private static double numeric(LayerObjective objective, int i) throws Exception {
        double h = 2.5e-4;
        float[] plus = image.data().clone();
        float[] minus = image.data().clone();
        plus[i] += (float) h;
        minus[i] -= (float) h;
        return (value(new RgbImage(image.width(), image.height(), plus), objective) - value(new RgbImage(image
                .width(), image.height(), minus), objective)) / (2 * h);
    }

    /**
     * The six steepest coordinates and six seeded random ones agree with finite differences to 2% of the largest
     * slope (measured: at most 0.2%): a wrong pooling or channel is off by the order of the slope itself (measured:
     * channel 3's mean gradient against channel 4's differences, or mean against centre either way, misses by 98%
     * to 153%), and the two-sided comparison fails a gradient that is too small as well as too large.
     */
    private static float[] matchesFiniteDifferences(LayerObjective objective) throws Exception {
        float[] g = service.infer(small, image, objective(objective)).inputGradient().data();
        List<Integer> coordinates = new ArrayList<>(IntStream.range(0, g.length).boxed().sorted(Comparator
                .comparingDouble(i -> -Math.abs(g[i]))).limit(6).toList());
        new SplittableRandom(4).ints(6, 0, g.length).forEach(coordinates::add);
        float scale = TorchScriptGradientTest.max(g);
        assertTrue(scale > 0, "the gradient of " + objective + " is zero everywhere");
        double worst = 0;
        for (int i : coordinates) {
            double n = numeric(objective, i);
            worst = Math.max(worst, Math.abs(n - g[i]) / scale);
            assertEquals(n, g[i], 0.02 * scale, "coordinate " + i + " of " + objective);
        }
        System.out.printf("objective %s: finite differences off by at most %.2g of the largest slope %.3g%n",
                objective, worst, scale);
        return g;
    }

    @Test
    void modelsExportedNowCanComputeObjectiveGradients() {
        assertTrue(small.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS));
    }

    @Test
    void channelMeanGradientMatchesCentralFiniteDifferences() throws Exception {
        matchesFiniteDifferences(LayerObjective.channel(FEATURES, CHANNELS, 3, Pooling.MEAN));
    }

    /**
     * The neuron at row 4, column 4 of the 8x8 map sees, through max pooling over 4x4 and a 3x3 convolution, pixels
     * 15..20 of each axis only: the gradient is zero everywhere else, which places the centre where it belongs.
     */
    @Test
    void centreNeuronGradientMatchesFiniteDifferencesAndStaysInItsReceptiveField() throws Exception {
        // the channel whose centre neuron fires most: a neuron that the ReLU holds at zero has no gradient at all
        Activation a = service.infer(small, image, InferenceRequest.predictions(0).withActivations(Set.of(FEATURES)))
                .activations().get(FEATURES);
        int channel = IntStream.range(0, CHANNELS).boxed().max(Comparator.comparingDouble(c -> a.value(c, 4, 4)))
                .orElseThrow();
        assertTrue(a.value(channel, 4, 4) > 0, "no centre neuron fires on the test image");
        float[] g = matchesFiniteDifferences(LayerObjective.channel(FEATURES, CHANNELS, channel, Pooling.CENTRE));
        int inside = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    float v = g[(y * image.width() + x) * 3 + c];
                    boolean field = y >= 15 && y <= 20 && x >= 15 && x <= 20;
                    if (field) {
                        inside += v != 0 ? 1 : 0;
                    } else {
                        assertEquals(0f, v, "pixel (" + x + ", " + y + ") is outside the centre neuron's field");
                    }
                }
            }
        }
        assertTrue(inside >= 9, inside + " nonzero coordinates in the receptive field");
    }

    @Test
    void directionOfLogitsMatchesCentralFiniteDifferences() throws Exception {
        float[] w = new float[10];
        w[2] = 1f;
        w[7] = -0.5f;
        matchesFiniteDifferences(new LayerObjective(LayerObjective.LOGITS, Pooling.MEAN, 10, w));
    }

    @Test
    void directionOfChannelsMatchesCentralFiniteDifferences() throws Exception {
        float[] w = new float[CHANNELS];
        SplittableRandom r = new SplittableRandom(11);
        for (int c = 0; c < CHANNELS; c++) {
            w[c] = (float) r.nextGaussian();
        }
        matchesFiniteDifferences(new LayerObjective(FEATURES, Pooling.MEAN, CHANNELS, w));
    }

    /**
     * One call for a batch of three, each item with its own channel: every item's gradient is the one it gets alone
     * with its row (to float rounding), and the same image with two rows gets two different gradients.
     */
    @Test
    void eachBatchItemGetsTheGradientOfItsOwnRow() throws Exception {
        RgbImage other = TorchScriptGradientTest.noise(image.width(), image.height(), 9);
        List<RgbImage> images = List.of(image, other, image);
        int[] channelPerItem = { 1, 6, 4 };
        LayerObjective rows = LayerObjective.channels(FEATURES, CHANNELS, channelPerItem, Pooling.MEAN);
        List<InferenceResult> batch = service.submitBatch(small, images, objective(rows).withActivations(Set.of(
                FEATURES))).get(2, TimeUnit.MINUTES);
        assertEquals(3, batch.size());
        for (int i = 0; i < images.size(); i++) {
            InferenceResult alone = service.infer(small, images.get(i), objective(LayerObjective.channel(FEATURES,
                    CHANNELS, channelPerItem[i], Pooling.MEAN)).withActivations(Set.of(FEATURES)));
            float[] want = alone.inputGradient().data();
            assertArrayEquals(want, batch.get(i).inputGradient().data(), 1e-5f * TorchScriptGradientTest.max(want),
                    "item " + i);
            // the activations come with the gradient, as feature visualization reads them
            assertArrayEquals(alone.activations().get(FEATURES).values(), batch.get(i).activations().get(FEATURES)
                    .values(), 1e-5f);
            assertNotNull(batch.get(i).probabilities());
        }
        float[] first = batch.get(0).inputGradient().data();
        assertTrue(TorchScriptGradientTest.maxDifference(first, batch.get(2).inputGradient().data()) > 0.1
                * TorchScriptGradientTest.max(first), "the same image with channels 1 and 4 got the same gradient");
    }

    @Test
    void oneRowServesTheWholeBatch() throws Exception {
        RgbImage other = TorchScriptGradientTest.noise(image.width(), image.height(), 10);
        LayerObjective shared = LayerObjective.channel(FEATURES, CHANNELS, 2, Pooling.CENTRE);
        List<InferenceResult> batch = service.submitBatch(small, List.of(image, other), objective(shared)).get(2,
                TimeUnit.MINUTES);
        float[] want = service.infer(small, other, objective(shared)).inputGradient().data();
        assertArrayEquals(want, batch.get(1).inputGradient().data(), 1e-5f * TorchScriptGradientTest.max(want));
    }

    @Test
    void objectivesThatDoNotFitAreRefusedInWords() {
        assertRefused(LayerObjective.channel(FEATURES, 16, 3, Pooling.MEAN), "has weights for 16 channels; the "
                + "layer has 8");
        assertRefused(LayerObjective.channel("layer9", CHANNELS, 3, Pooling.MEAN), "layer9");
        assertRefused(LayerObjective.channel(LayerObjective.LOGITS, 1000, 3, Pooling.MEAN), "the layer has 10");
        // (the service's batches slice rows, so a batch of the wrong count is seen on one image)
        assertRefused(LayerObjective.channels(FEATURES, CHANNELS, new int[] { 0, 1 }, Pooling.MEAN),
                "2 rows of weights for a batch of 1");
        ExecutionException layers = assertThrows(ExecutionException.class, () -> service.infer(small, image,
                objective(LayerObjective.channel(FEATURES, CHANNELS, 0, Pooling.MEAN)).withGradientLayers(Set.of(
                        FEATURES))));
        assertTrue(layers.getCause().getMessage().contains("input gradients only"), layers.getCause().getMessage());
    }

    private static void assertRefused(LayerObjective objective, String words) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.infer(small, image, objective(
                objective)));
        InferenceException why = assertInstanceOf(InferenceException.class, e.getCause());
        assertTrue(why.getMessage().contains(words), why.getMessage());
    }

    /**
     * network.pt from before feature visualization: gradients() but no objective_gradients(). Class gradients
     * still work; an objective is refused with the capability's message, which says to export the model again.
     */
    @Test
    void anOlderExportLacksTheCapabilityAndSaysToExportAgain() throws Exception {
        LoadedModel old = service.load(ExportedModels.testNetwork("good-no-objectives")).get(5, TimeUnit.MINUTES);
        try {
            assertTrue(old.descriptor().can(ModelCapability.INPUT_GRADIENTS));
            assertFalse(old.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS));
            assertNotNull(service.infer(old, image, InferenceRequest.predictions(1).withGradient(GradientTarget
                    .classScore(0))).inputGradient());
            ExecutionException e = assertThrows(ExecutionException.class, () -> service.infer(old, image, objective(
                    LayerObjective.channel(FEATURES, CHANNELS, 0, Pooling.MEAN))));
            InferenceException why = assertInstanceOf(InferenceException.class, e.getCause());
            assertEquals(old.descriptor().cannot(ModelCapability.OBJECTIVE_GRADIENTS), why.getMessage());
            assertTrue(why.getMessage().contains("export this one again"), why.getMessage());
        } finally {
            service.unload(old);
        }
    }

    /**
     * ResNet-18 (residual blocks, BatchNorm): one call for 8 images, each with its own channel of layer4, gives each
     * the gradient it gets alone; the times of both are printed (the machine is shared, so no bound is asserted).
     */
    @Test
    void resNetsBatchOfEightGivesEachImageItsOwnGradient() throws Exception {
        LoadedModel resnet = service.load(ExportedModels.only(ExportedModels.torchvision("resnet18", "layer3,layer4"),
                ModelFolder.TORCHSCRIPT)).get(5, TimeUnit.MINUTES);
        try {
            List<RgbImage> eight = IntStream.range(0, 8).mapToObj(i -> TorchScriptGradientTest.noise(224, 224, 40
                    + i)).toList();
            int[] channels = IntStream.range(0, 8).map(i -> 3 * i).toArray();
            InferenceRequest batched = objective(LayerObjective.channels("layer4", 512, channels, Pooling.MEAN));
            service.submitBatch(resnet, eight, batched).get(5, TimeUnit.MINUTES); // warm-up
            long t0 = System.nanoTime();
            List<InferenceResult> batch = service.submitBatch(resnet, eight, batched).get(5, TimeUnit.MINUTES);
            double eightMs = (System.nanoTime() - t0) / 1e6;
            double aloneMs = 0;
            double worst = 0;
            for (int i = 0; i < 8; i++) {
                long t = System.nanoTime();
                float[] alone = service.infer(resnet, eight.get(i), objective(LayerObjective.channel("layer4", 512,
                        channels[i], Pooling.MEAN))).inputGradient().data();
                aloneMs += (System.nanoTime() - t) / 1e6;
                float scale = TorchScriptGradientTest.max(alone);
                assertTrue(scale > 0, "image " + i + " has no gradient");
                double d = TorchScriptGradientTest.maxDifference(alone, batch.get(i).inputGradient().data()) / scale;
                worst = Math.max(worst, d);
                // oneDNN picks other kernels for another batch size: float rounding, far below a wrong row's 100%
                assertTrue(d <= 1e-4, "image " + i + ": its gradient in the batch differs by " + d + " of its range");
            }
            System.out.printf("BENCH objective gradients, ResNet-18 224x224 on TorchScript: 8 calls of 1 image %.0f ms"
                    + " (%.0f ms each), 1 call of 8 images %.0f ms (%.0f ms per image, %.2fx); batch against alone"
                    + " differs by at most %.2g of the range%n", aloneMs, aloneMs / 8, eightMs, eightMs / 8, eightMs
                            / aloneMs, worst);
        } finally {
            service.unload(resnet);
        }
    }
}
