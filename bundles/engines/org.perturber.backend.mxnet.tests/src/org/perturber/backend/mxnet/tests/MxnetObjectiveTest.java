package org.perturber.backend.mxnet.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.LayerObjective.Pooling;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelCapability;

/**
 * Input gradients of layer objectives on the built-in standard model (trained weights, BatchNorm, a residual block):
 * they match central finite differences of the objective computed from plain forward passes, for a channel's mean,
 * a centre neuron and a direction in the logits, and each item of a batch gets the gradient of its own row.
 */
class MxnetObjectiveTest {
    private static Model model;
    private static RgbImage image;

    @BeforeAll
    static void open() throws Exception {
        String models = System.getProperty("perturber.models");
        assertNotNull(models, "perturber.models is not set (the test bundle's pom passes the repository's models/)");
        Path standard = Path.of(models, "standard");
        assertTrue(Files.isRegularFile(standard.resolve("model.json")), "no built-in model in " + standard);
        model = new MxnetModelBackend().open(standard);
        image = noise(model.descriptor().inputWidth(), 3);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Values in [0.25, 0.75]: a mid-grey texture with room for the differences on both sides. */
    static RgbImage noise(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[size * size * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.25 + 0.5 * r.nextDouble());
        }
        return new RgbImage(size, size, d);
    }

    private static InferenceRequest objective(LayerObjective objective) {
        return InferenceRequest.predictions(1).withGradient(GradientTarget.objective(objective));
    }

    private static Activation activation(RgbImage x, String layer) {
        return model.infer(x, InferenceRequest.predictions(0).withActivations(Set.of(layer))).activations().get(
                layer);
    }

    /** The objective of one image from a plain forward pass, in double. */
    private static double value(RgbImage x, LayerObjective objective) {
        float[] w = objective.row(0);
        double sum = 0;
        if (objective.logits()) {
            float[] z = model.infer(x, InferenceRequest.predictions(0)).logits();
            for (int c = 0; c < w.length; c++) {
                sum += (double) w[c] * z[c];
            }
            return sum;
        }
        Activation a = activation(x, objective.layer());
        for (int c = 0; c < w.length; c++) {
            if (w[c] == 0) {
                continue;
            }
            double pooled = 0;
            if (objective.pooling() == Pooling.CENTRE) {
                pooled = a.value(c, a.height() / 2, a.width() / 2);
            } else {
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
     * Central differences with h = 2.5e-4 (1e-3 after the model's normalisation by 0.25): small enough that few
     * ReLU and max-pool switches are crossed, large enough that float32 rounding of the objective stays far below
     * the tolerance.
     */
    private static double numeric(LayerObjective objective, int i) {
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
     * slope, two-sided: a gradient of the wrong channel, pooling or layer misses by the order of the slope itself.
     */
    private static float[] matchesFiniteDifferences(LayerObjective objective) {
        float[] g = model.infer(image, objective(objective)).inputGradient().data();
        List<Integer> coordinates = new ArrayList<>(IntStream.range(0, g.length).boxed().sorted(Comparator
                .comparingDouble(i -> -Math.abs(g[i]))).limit(6).toList());
        new SplittableRandom(4).ints(6, 0, g.length).forEach(coordinates::add);
        float scale = max(g);
        assertTrue(scale > 0, "the gradient of " + objective + " is zero everywhere");
        double worst = 0;
        for (int i : coordinates) {
            double n = numeric(objective, i);
            worst = Math.max(worst, Math.abs(n - g[i]) / scale);
            assertEquals(n, g[i], 0.02 * scale, "coordinate " + i + " of " + objective);
        }
        System.out.printf("MXNet objective %s: finite differences off by at most %.2g of the largest slope %.3g%n",
                objective, worst, scale);
        return g;
    }

    @Test
    void theBuiltInModelCanComputeObjectiveGradients() {
        assertTrue(model.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS));
    }

    @Test
    void channelMeanGradientMatchesCentralFiniteDifferences() {
        Activation a = activation(image, "block3_relu");
        // the most active channel: some of the trained model's channels are zero on the whole test image (channel 5
        // is), and a dead channel has no gradient to check
        int channel = IntStream.range(0, a.channels()).boxed().max(Comparator.comparingDouble(a::channelMean))
                .orElseThrow();
        matchesFiniteDifferences(LayerObjective.channel("block3_relu", a.channels(), channel, Pooling.MEAN));
    }

    /** The centre neuron of block 4 sees part of the image only: its gradient is zero in the far corners. */
    @Test
    void centreNeuronGradientMatchesCentralFiniteDifferences() {
        Activation a = activation(image, "block4_relu");
        int cy = a.height() / 2;
        int cx = a.width() / 2;
        // the channel whose centre neuron fires most: a neuron that the ReLU holds at zero has no gradient at all
        int channel = IntStream.range(0, a.channels()).boxed().max(Comparator.comparingDouble(c -> a.value(c, cy,
                cx))).orElseThrow();
        assertTrue(a.value(channel, cy, cx) > 0, "no centre neuron of block4_relu fires on the test image");
        float[] g = matchesFiniteDifferences(LayerObjective.channel("block4_relu", a.channels(), channel,
                Pooling.CENTRE));
        int w = image.width();
        for (int c = 0; c < 3; c++) {
            assertEquals(0f, g[c], "the top left pixel is outside the centre neuron's field");
            assertEquals(0f, g[((w - 1) * w + w - 1) * 3 + c], "the bottom right pixel is outside its field");
        }
    }

    @Test
    void directionOfLogitsMatchesCentralFiniteDifferences() {
        int classes = model.descriptor().labels().size();
        float[] w = new float[classes];
        w[1] = 1f;
        w[classes - 1] = -0.5f;
        matchesFiniteDifferences(new LayerObjective(LayerObjective.LOGITS, Pooling.MEAN, classes, w));
    }

    /**
     * One call for a batch of three, each with its own channel: every item's gradient is the one it gets alone (to
     * float rounding), and the same image with two channels gets two different gradients.
     */
    @Test
    void eachBatchItemGetsTheGradientOfItsOwnRow() {
        String layer = "block4_relu";
        int channels = activation(image, layer).channels();
        List<RgbImage> images = List.of(image, noise(image.width(), 9), image);
        int[] channelPerItem = { 1, channels - 1, 7 };
        List<InferenceResult> batch = model.inferBatch(images, objective(LayerObjective.channels(layer, channels,
                channelPerItem, Pooling.MEAN)));
        assertEquals(3, batch.size());
        for (int i = 0; i < images.size(); i++) {
            float[] alone = model.infer(images.get(i), objective(LayerObjective.channel(layer, channels,
                    channelPerItem[i], Pooling.MEAN))).inputGradient().data();
            assertTrue(max(alone) > 0, "item " + i + " has no gradient");
            assertArrayEquals(alone, batch.get(i).inputGradient().data(), 1e-5f * max(alone), "item " + i);
        }
        float[] first = batch.get(0).inputGradient().data();
        assertTrue(maxDifference(first, batch.get(2).inputGradient().data()) > 0.1 * max(first),
                "the same image with two channels got the same gradient");
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
