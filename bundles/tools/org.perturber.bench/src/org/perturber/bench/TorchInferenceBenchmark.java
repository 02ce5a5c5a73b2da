package org.perturber.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.perturber.backend.pytorch.ModelExporter;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.service.Services;
import org.perturber.djl.Djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * TorchScript and ONNX networks through the shared service against the bare DJL PyTorch forward pass of the same
 * file (the floor), for torchvision's ResNet-18 and ResNet-50 at 224x224 with random weights, exported by
 * releng/export-model with the machine's PyTorch (kept in ~/.cache/perturber/bench-models between runs). Prints
 * resident memory after each load, and before and after 10,000 requests to a small TorchScript network.
 */
final class TorchInferenceBenchmark {
    private static final int WARMUP = 10;

    private TorchInferenceBenchmark() {
    }

    static void run(Consumer<String> out) {
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path root = Path.of(System.getProperty("perturber.root", "."));
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "perturber", "bench-models");
        try {
            for (String[] c : new String[][] { { "resnet18", "layer3,layer4", "40" }, { "resnet50", "layer4",
                    "15" } }) {
                out.accept("# exporting torchvision:" + c[0] + " with " + ModelExporter.python() + " (once)");
                Path folder = ModelExporter.torchvision(root, c[0], c[1], cache.resolve(c[0]));
                bench(service, folder, c[0] + "_224", Integer.parseInt(c[2]), out);
            }
            Path small = ModelExporter.run(root, "releng/lib/test_networks.py", cache.resolve("small"), List.of(
                    "good", cache.resolve("small").toString()));
            soak(service, small, out);
        } catch (Exception e) {
            throw new IllegalStateException("torch benchmark: " + e.getMessage(), e);
        }
    }

    private static void bench(InferenceService service, Path folder, String id, int n, Consumer<String> out)
            throws Exception {
        long before = InferenceBenchmark.rssMiB();
        LoadedModel torch = service.load(ModelExporter.onlyFormat(folder, "torchscript")).get(10, TimeUnit.MINUTES);
        out.accept("# " + id + " TorchScript loaded: resident memory " + before + " -> " + InferenceBenchmark
                .rssMiB() + " MiB");
        RgbImage image = InferenceBenchmark.noise(224);
        InferenceRequest predict = InferenceRequest.predictions(5);
        Set<String> layers = new HashSet<>();
        for (LayerInfo l : torch.descriptor().layers()) {
            layers.add(l.id());
        }
        Timings floor = new Timings(n);
        Timings viaService = new Timings(n);
        try (BareTorchForward bare = new BareTorchForward(folder.resolve("network.pt"))) {
            // floor and service alternate, sample by sample: both see the same machine
            for (int i = 0; i < WARMUP + n; i++) {
                long t0 = System.nanoTime();
                bare.run();
                long t1 = System.nanoTime();
                service.infer(torch, image, predict);
                long t2 = System.nanoTime();
                if (i >= WARMUP) {
                    floor.add((t1 - t0) / 1e6);
                    viaService.add((t2 - t1) / 1e6);
                }
            }
        }
        out.accept(viaService.line(id + "_torchscript_predict", floor));
        out.accept(Timings.measure(3, n, () -> call(() -> service.infer(torch, image, predict.withActivations(
                layers)))).line(id + "_torchscript_predict_all_activations", floor));
        out.accept(Timings.measure(3, Math.max(5, n / 3), () -> call(() -> service.infer(torch, image, predict
                .withGradient(GradientTarget.classScore(0))))).line(id + "_torchscript_input_gradient", floor));
        List<RgbImage> batch = List.of(image, image, image, image, image, image, image, image);
        int batches = Math.max(3, n / 4);
        Timings perImage = new Timings(batches);
        for (int i = 0; i < 2 + batches; i++) {
            long t0 = System.nanoTime();
            service.submitBatch(torch, batch, predict).get();
            if (i >= 2) {
                perImage.add((System.nanoTime() - t0) / 1e6 / batch.size());
            }
        }
        out.accept(perImage.line(id + "_torchscript_batch8_per_image", floor));
        service.unload(torch);
        before = InferenceBenchmark.rssMiB();
        LoadedModel onnx = service.load(ModelExporter.onlyFormat(folder, "onnx")).get(10, TimeUnit.MINUTES);
        out.accept("# " + id + " ONNX loaded: resident memory " + before + " -> " + InferenceBenchmark.rssMiB()
                + " MiB");
        out.accept(Timings.measure(WARMUP, n, () -> call(() -> service.infer(onnx, image, predict))).line(id
                + "_onnx_predict", floor));
        out.accept(Timings.measure(3, n, () -> call(() -> service.infer(onnx, image, predict.withActivations(
                layers)))).line(id + "_onnx_predict_all_activations", floor));
        service.unload(onnx);
    }

    /** 10,000 requests to a small TorchScript network after 1,000 of warm-up: resident memory stays flat. */
    private static void soak(InferenceService service, Path small, Consumer<String> out) throws Exception {
        LoadedModel m = service.load(small).get(5, TimeUnit.MINUTES);
        RgbImage image = RgbImage.filled(m.descriptor().inputWidth(), m.descriptor().inputHeight(), 0.3f, 0.5f,
                0.7f);
        InferenceRequest request = InferenceRequest.predictions(3).withGradient(GradientTarget.loss(0));
        for (int i = 0; i < 1000; i++) {
            service.infer(m, image, request);
        }
        long warm = InferenceBenchmark.rssMiB();
        Timings t = new Timings(10_000);
        for (int i = 0; i < 10_000; i++) {
            long t0 = System.nanoTime();
            service.infer(m, image, request);
            t.add((System.nanoTime() - t0) / 1e6);
        }
        out.accept(t.line("small_torchscript_predict_and_gradient", null));
        out.accept("# small TorchScript network, 10,000 requests after 1,000 of warm-up: resident memory " + warm
                + " -> " + InferenceBenchmark.rssMiB() + " MiB");
        service.unload(m);
    }

    private interface Work {
        Object call() throws Exception;
    }

    private static void call(Work w) {
        try {
            w.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The floor: DJL's PyTorch engine alone, the same file, a prepared input array in and the outputs out. */
    private static final class BareTorchForward implements AutoCloseable {
        private final Model model;
        private final float[] input;

        BareTorchForward(Path network) throws Exception {
            model = Djl.call(() -> {
                Model m = Model.newInstance("floor", Device.cpu(), "PyTorch");
                m.load(network.getParent(), network.getFileName().toString(), Map.of());
                return m;
            });
            input = new float[3 * 224 * 224];
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) r.nextGaussian();
            }
        }

        void run() {
            Djl.get(() -> {
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = m.create(input, new Shape(1, 3, 224, 224));
                    return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).get(0)
                            .toFloatArray();
                }
            });
        }

        @Override
        public void close() {
            Djl.get(() -> {
                model.close();
                return null;
            });
        }
    }
}
