package org.perturber.backend.pytorch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.service.Services;
import org.perturber.testing.ExportedModels;

/**
 * MXNet and PyTorch in one runtime: a built-in MXNet model and a TorchScript network infer at the same time, each
 * on its own thread, and every answer equals the one each gives alone.
 */
class EnginesTogetherTest {
    @Test
    void mxnetAndPyTorchModelsInferConcurrentlyWithoutInterfering() throws Exception {
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path models = Path.of(System.getProperty("perturber.models"));
        LoadedModel mxnet = service.load(models.resolve("standard")).get(5, TimeUnit.MINUTES);
        LoadedModel torch = service.load(ExportedModels.testNetwork("good")).get(5, TimeUnit.MINUTES);
        try {
            assertEquals("org.perturber.backend.mxnet", mxnet.backend());
            assertEquals("org.perturber.backend.pytorch", torch.backend());
            RgbImage a = TorchScriptGradientTest.noise(mxnet.descriptor().inputWidth(), mxnet.descriptor()
                    .inputHeight(), 1);
            RgbImage b = TorchScriptGradientTest.noise(torch.descriptor().inputWidth(), torch.descriptor()
                    .inputHeight(), 2);
            InferenceRequest request = InferenceRequest.predictions(3).withGradient(GradientTarget.classScore(0));
            float[] mxnetAlone = service.infer(mxnet, a, request).inputGradient().data();
            float[] torchAlone = service.infer(torch, b, request).inputGradient().data();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<float[]>>> runs = new ArrayList<>();
                runs.add(pool.submit(repeat(() -> service.infer(mxnet, a, request).inputGradient().data())));
                runs.add(pool.submit(repeat(() -> service.infer(torch, b, request).inputGradient().data())));
                for (float[] g : runs.get(0).get(5, TimeUnit.MINUTES)) {
                    assertArrayEquals(mxnetAlone, g, 1e-6f);
                }
                for (float[] g : runs.get(1).get(5, TimeUnit.MINUTES)) {
                    assertArrayEquals(torchAlone, g, 1e-6f);
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            service.unload(mxnet);
            service.unload(torch);
        }
    }

    private static Callable<List<float[]>> repeat(Callable<float[]> one) {
        return () -> {
            List<float[]> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(one.call());
            }
            return all;
        };
    }
}
