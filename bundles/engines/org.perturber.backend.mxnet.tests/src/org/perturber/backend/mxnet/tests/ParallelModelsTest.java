package org.perturber.backend.mxnet.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.backend.mxnet.MxnetEngineType;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;

/**
 * The built-in models on parallel threads, as the shared inference service runs them (one worker per model), give
 * exactly what each gives alone. With MXNet's default threaded engine they did not: sweeps of four models died
 * with SIGSEGV in libmxnet or got another image's class for the first image of a batch (see MxnetEngineType).
 */
class ParallelModelsTest {
    private static final List<String> IDS = List.of("standard", "adversarial", "texture-debiased", "vgg-standard");
    private static final List<Model> MODELS = new ArrayList<>();
    private static final int BATCHES = 24;

    @BeforeAll
    static void load() throws Exception {
        Path models = Path.of(System.getProperty("perturber.models"));
        for (String id : IDS) {
            MODELS.add(new MxnetModelBackend().open(models.resolve(id)));
        }
    }

    @AfterAll
    static void close() {
        MODELS.forEach(Model::close);
    }

    @Test
    void mxnetRunsItsNaiveEngine() {
        assertEquals(MxnetEngineType.NAIVE, MxnetEngineType.current());
    }

    private static List<RgbImage> batch(int b) {
        SplittableRandom r = new SplittableRandom(b);
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] d = new float[96 * 96 * 3];
            float base = (float) r.nextDouble();
            for (int k = 0; k < d.length; k++) {
                d[k] = Math.min(1f, base * 0.5f + 0.5f * (float) r.nextDouble());
            }
            images.add(new RgbImage(96, 96, d));
        }
        return images;
    }

    private static float[][] logits(Model model) {
        float[][] all = new float[BATCHES * 8][];
        for (int b = 0; b < BATCHES; b++) {
            List<InferenceResult> results = model.inferBatch(batch(b), InferenceRequest.predictions(1));
            for (int i = 0; i < 8; i++) {
                all[b * 8 + i] = results.get(i).logits();
            }
        }
        return all;
    }

    @Test
    void modelsOnParallelThreadsGiveWhatEachGivesAlone() throws Exception {
        List<float[][]> alone = new ArrayList<>();
        for (Model m : MODELS) {
            alone.add(logits(m));
        }
        ExecutorService pool = Executors.newFixedThreadPool(MODELS.size());
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<float[][]>> together = new ArrayList<>();
                for (Model m : MODELS) {
                    together.add(pool.submit(() -> logits(m)));
                }
                for (int k = 0; k < MODELS.size(); k++) {
                    float[][] got = together.get(k).get();
                    for (int i = 0; i < got.length; i++) {
                        assertArrayEquals(alone.get(k)[i], got[i], IDS.get(k) + ", round " + round + ", image " + i
                                + " (batch " + i / 8 + ", place " + i % 8 + ")");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
