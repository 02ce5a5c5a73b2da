package org.perturber.backend.mxnet.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.backend.mxnet.export.ParamsFile;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelLoadException;

/** The MXNet backend on models written by {@link Networks}: real MXNet, real files, real failures. */
class MxnetModelTest {
    private static final int CLASSES = 5;
    private static Path root;
    private static Model model;

    @BeforeAll
    static void writeModels() throws Exception {
        root = Files.createTempDirectory("mxnet-models");
        Networks.write(root.resolve("small"), "small", Networks.smallCnn(CLASSES, 1), CLASSES, 64, "test");
        model = new MxnetModelBackend().open(root.resolve("small"));
    }

    @AfterAll
    static void close() throws IOException {
        model.close();
        try (var walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Gradients with respect to a layer's output, checked where they are known exactly: block 5 feeds global
     * average pooling and the classifier, so d(score k)/d(block5[c, y, x]) = W[k, c] / (h * w) everywhere.
     */
    @Test
    void layerGradientsAreExactWhereTheyAreKnownInClosedForm() {
        Networks.Network net = Networks.smallCnn(CLASSES, 1); // the same seed as the model under test
        float[] w = net.builder().values().get("arg:classifier_weight");
        int channels = 64;
        int k = 2;
        InferenceResult r = model.infer(noise(64, 5), InferenceRequest.predictions(1).withGradient(GradientTarget
                .classScore(k)).withGradientLayers(java.util.Set.of("block5_relu")).withActivations(java.util.Set.of(
                        "block5_relu")));
        Activation g = r.layerGradients().get("block5_relu");
        Activation a = r.activations().get("block5_relu");
        assertEquals(a.channels(), g.channels());
        assertEquals(a.height(), g.height());
        int plane = g.height() * g.width();
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                assertEquals(w[k * channels + c] / plane, g.values()[c * plane + i], 1e-6, "channel " + c);
            }
        }
        // probes do not change the function: the same probabilities as a plain prediction
        assertArrayEquals(model.infer(noise(64, 5), InferenceRequest.predictions(1)).probabilities(),
                r.probabilities(), 1e-5f);
        // an inner layer's gradient is non-trivial and has the layer's shape
        Activation inner = model.infer(noise(64, 5), InferenceRequest.predictions(1).withGradient(GradientTarget
                .classScore(k)).withGradientLayers(java.util.Set.of("block4a_relu"))).layerGradients().get(
                        "block4a_relu");
        assertEquals(32, inner.channels());
        double norm = 0;
        for (float v : inner.values()) {
            norm += v * v;
        }
        assertTrue(norm > 0);
    }

    static RgbImage noise(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[size * size * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new RgbImage(size, size, d);
    }

    @Test
    void writtenParametersReadBackAsWritten() throws IOException {
        Map<String, ParamsFile.Entry> entries = ParamsFile.inspect(root.resolve("small/small-0000.params"));
        assertArrayEquals(new long[] { 16, 3, 3, 3 }, entries.get("arg:block1_conv_weight").shape());
        assertTrue(entries.containsKey("aux:block4b_bn_moving_var"));
    }

    @Test
    void predictsAProbabilityDistribution() {
        InferenceResult r = model.infer(noise(64, 3), InferenceRequest.predictions(3));
        double sum = 0;
        for (float p : r.probabilities()) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-5);
        assertEquals(3, r.top().size());
        assertTrue(r.top().get(0).probability() >= r.top().get(1).probability());
        assertTrue(r.timings().forwardMs() > 0, "timings are measured");
    }

    @Test
    void activationsOfEveryExposedLayerIncludingInsideTheResidualBlock() {
        Set<String> layers = Set.of("block1_relu", "block4a_relu", "block4_relu", "block5_relu");
        RgbImage input = noise(64, 4);
        InferenceResult with = model.infer(input, InferenceRequest.predictions(5).withActivations(layers));
        InferenceResult without = model.infer(input, InferenceRequest.predictions(5));
        assertArrayEquals(without.probabilities(), with.probabilities(), 1e-6f, "same forward pass, same answer");
        Activation first = with.activations().get("block1_relu");
        assertEquals(16, first.channels());
        assertEquals(64, first.height());
        Activation inner = with.activations().get("block4a_relu");
        assertEquals(32, inner.channels());
        assertEquals(8, inner.height());
        for (Activation a : with.activations().values()) {
            for (float v : a.values()) {
                assertTrue(v >= 0, a.layer() + " is a ReLU output");
            }
        }
        assertTrue(inner.channelMean(0) != with.activations().get("block4_relu").channelMean(0));
    }

    /** Loss for class c from probabilities: what the LOSS gradient differentiates. */
    private static double loss(RgbImage image, int c) {
        return -Math.log(model.infer(image, InferenceRequest.predictions(0)).probabilities()[c]);
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferences() {
        RgbImage x = noise(64, 5);
        int c = 2;
        RgbImage g = model.infer(x, InferenceRequest.predictions(1).withGradient(GradientTarget.loss(c)))
                .inputGradient();
        assertNotNull(g);
        SplittableRandom r = new SplittableRandom(9);
        for (int trial = 0; trial < 3; trial++) {
            float[] d = new float[x.data().length];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextBoolean() ? 1 : -1;
            }
            double analytic = 0;
            for (int i = 0; i < d.length; i++) {
                analytic += g.data()[i] * d[i];
            }
            // small enough that few ReLU and max-pool switches are crossed, large enough for float32 losses
            // (measured: the estimate converges on the analytic value from 1e-2 down to 1e-4, then noise grows)
            double eps = 1e-4;
            double numeric = (loss(shift(x, d, eps), c) - loss(shift(x, d, -eps), c)) / (2 * eps);
            double error = Math.abs(analytic - numeric) / Math.max(1e-6, Math.abs(numeric));
            assertTrue(error < 0.05, "directional derivative: analytic " + analytic + ", numeric " + numeric
                    + " (relative error " + error + ")");
        }
        RgbImage score = model.infer(x, InferenceRequest.predictions(1)
                .withGradient(GradientTarget.classScore(c))).inputGradient();
        assertTrue(!java.util.Arrays.equals(g.data(), score.data()), "score and loss gradients differ");
    }

    private static RgbImage shift(RgbImage x, float[] d, double eps) {
        float[] v = x.copyData();
        for (int i = 0; i < v.length; i++) {
            v[i] += (float) (eps * d[i]);
        }
        return new RgbImage(x.width(), x.height(), v);
    }

    @Test
    void oneRequestGivesPredictionsActivationsAndGradientTogether() {
        RgbImage x = noise(64, 8);
        InferenceRequest all = InferenceRequest.predictions(2).withActivations(Set.of("block4a_relu"))
                .withGradient(GradientTarget.classScore(1));
        InferenceResult together = model.infer(x, all);
        InferenceResult apart = model.infer(x, InferenceRequest.predictions(2).withActivations(Set.of("block4a_relu")));
        assertArrayEquals(apart.probabilities(), together.probabilities(), 1e-5f,
                "the gradient pass computes the same function as inference");
        assertArrayEquals(apart.activations().get("block4a_relu").values(),
                together.activations().get("block4a_relu").values(), 1e-5f);
        assertNotNull(together.inputGradient());
    }

    @Test
    void gradientsLeaveTheRunningStatisticsAlone() {
        RgbImage x = noise(64, 6);
        float[] before = model.infer(x, InferenceRequest.predictions(0)).probabilities();
        for (int i = 0; i < 3; i++) {
            model.infer(noise(64, 10 + i), InferenceRequest.predictions(0).withGradient(GradientTarget.loss(1)));
        }
        assertArrayEquals(before, model.infer(x, InferenceRequest.predictions(0)).probabilities());
    }

    @Test
    void batchesGiveTheSameAnswersAsSingleImages() {
        List<RgbImage> images = List.of(noise(64, 20), noise(64, 21), noise(64, 22));
        List<InferenceResult> batch = model.inferBatch(images, InferenceRequest.predictions(2));
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(model.infer(images.get(i), InferenceRequest.predictions(2)).probabilities(),
                    batch.get(i).probabilities(), 1e-5f);
        }
    }

    @Test
    void twoModelsOnTwoThreadsGiveTheSameResultsAsOneAtATime() throws Exception {
        Networks.write(root.resolve("other"), "other", Networks.smallCnn(CLASSES, 2), CLASSES, 64, "test");
        try (Model other = new MxnetModelBackend().open(root.resolve("other"))) {
            InferenceRequest request = InferenceRequest.predictions(1).withActivations(Set.of("block3_relu"));
            List<RgbImage> inputs = List.of(noise(64, 30), noise(64, 31), noise(64, 32), noise(64, 33));
            float[][] aloneA = new float[inputs.size()][];
            float[][] aloneB = new float[inputs.size()][];
            for (int i = 0; i < inputs.size(); i++) {
                aloneA[i] = model.infer(inputs.get(i), request).activations().get("block3_relu").values();
                aloneB[i] = other.infer(inputs.get(i), request).activations().get("block3_relu").values();
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    Future<float[][]> a = pool.submit(() -> run(model, inputs, request));
                    Future<float[][]> b = pool.submit(() -> run(other, inputs, request));
                    float[][] ra = a.get();
                    float[][] rb = b.get();
                    for (int i = 0; i < inputs.size(); i++) {
                        assertArrayEquals(aloneA[i], ra[i], "model A, input " + i);
                        assertArrayEquals(aloneB[i], rb[i], "model B, input " + i);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static float[][] run(Model m, List<RgbImage> inputs, InferenceRequest request) {
        float[][] out = new float[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            out[i] = m.infer(inputs.get(i), request).activations().get("block3_relu").values();
        }
        return out;
    }

    @Test
    void badRequestsAreRefusedClearly() {
        InferenceException e = assertThrows(InferenceException.class,
                () -> model.infer(noise(32, 1), InferenceRequest.predictions(1)));
        assertTrue(e.getMessage().contains("64x64"), e.getMessage());
        e = assertThrows(InferenceException.class, () -> model.infer(noise(64, 1),
                InferenceRequest.predictions(1).withActivations(Set.of("conv99"))));
        assertTrue(e.getMessage().contains("conv99") && e.getMessage().contains("block1_relu"), e.getMessage());
        e = assertThrows(InferenceException.class, () -> model.infer(noise(64, 1),
                InferenceRequest.predictions(1).withGradient(GradientTarget.loss(CLASSES))));
        assertTrue(e.getMessage().contains("class index"), e.getMessage());
    }

    // ---- bad model directories: each refused with the file named, and the good model keeps working

    private static Path copyOfSmall(String name) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        try (var files = Files.list(root.resolve("small"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static ModelLoadException refused(Path dir) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new MxnetModelBackend().open(dir));
        // the good model is unaffected
        assertEquals(CLASSES, model.infer(noise(64, 1), InferenceRequest.predictions(1)).probabilities().length);
        return e;
    }

    @Test
    void missingParams() throws IOException {
        Path dir = copyOfSmall("missing-params");
        Files.delete(dir.resolve("small-0000.params"));
        assertTrue(refused(dir).getMessage().contains("small-0000.params"));
    }

    @Test
    void truncatedParams() throws IOException {
        Path dir = copyOfSmall("truncated-params");
        Path params = dir.resolve("small-0000.params");
        byte[] all = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(all, all.length / 2));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("small-0000.params") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void corruptParams() throws IOException {
        Path dir = copyOfSmall("corrupt-params");
        byte[] garbage = new byte[4096];
        new SplittableRandom(1).nextBytes(garbage);
        Files.write(dir.resolve("small-0000.params"), garbage);
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("not an MXNet parameter file"), e.getMessage());
    }

    @Test
    void symbolThatDoesNotMatchTheParams() throws IOException {
        Path dir = copyOfSmall("mismatch");
        Path symbol = dir.resolve("small-symbol.json");
        Files.writeString(symbol, Files.readString(symbol).replace("block2_conv", "blockX_conv"));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("blockX_conv") && e.getMessage().contains("do not belong together"),
                e.getMessage());
    }

    @Test
    void paramsOfTheWrongShape() throws IOException {
        Path dir = copyOfSmall("wrong-shape");
        Networks.write(root.resolve("seven"), "small", Networks.smallCnn(7, 1), 7, 64, "seven classes");
        Files.copy(root.resolve("seven/small-0000.params"), dir.resolve("small-0000.params"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("small/small-symbol.json"), dir.resolve("small-symbol.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("small-0000.params"), e.getMessage());
    }

    @Test
    void labelsThatDoNotMatchTheOutputs() throws IOException {
        Path dir = copyOfSmall("labels");
        Files.write(dir.resolve("labels.txt"), List.of("a", "b", "c"));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("labels.txt") && e.getMessage().contains("3 labels")
                && e.getMessage().contains("5 outputs"), e.getMessage());
    }

    @Test
    void exposedLayerTheNetworkLacks() throws IOException {
        Path dir = copyOfSmall("layer");
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"block5_relu\"", "\"block9_relu\""));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("block9_relu") && e.getMessage().contains("model.json"), e.getMessage());
    }
}
