package org.perturber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.perturber.backend.mxnet.DjlRuntime;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.service.Services;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Inference through the shared service against a bare DJL forward pass of the same symbolic model (the floor:
 * input array in, logits out), for a small CNN (64x64) and a ResNet-50 (224x224), both written with random
 * weights by the benchmark itself. Prints resident memory too.
 */
final class InferenceBenchmark {
    private InferenceBenchmark() {
    }

    /** One network's sizes and sample counts. */
    private record Case(String id, Networks.Network network, int classes, int size, int n, int nGradient) {
    }

    static void run(Consumer<String> out) {
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        out.accept("# device: " + service.device());
        Path dir;
        try {
            dir = Files.createTempDirectory("perturber-bench");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (Case c : new Case[] { new Case("small_cnn_64", Networks.smallCnn(12, 1), 12, 64, 300, 100),
                    new Case("resnet50_224", Networks.resnet50(1000, 1), 1000, 224, 30, 10) }) {
                bench(service, dir, c, out);
            }
            out.accept("# resident memory " + rssMiB() + " MiB");
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                out.accept("# could not delete " + dir);
            }
        }
    }

    private static void bench(InferenceService service, Path dir, Case c, Consumer<String> out) {
        Path modelDir = dir.resolve(c.id());
        try {
            Networks.write(modelDir, c.id(), c.network(), c.classes(), c.size(), "benchmark, random weights");
            LoadedModel model = service.load(modelDir).get(300, TimeUnit.SECONDS);
            out.accept("# " + c.id() + ": " + c.network().architecture() + ", " + c.network().builder());
            RgbImage image = noise(c.size());
            InferenceClient client = service.newClient("bench");
            InferenceRequest predict = InferenceRequest.predictions(5);
            Set<String> layers = new HashSet<>();
            for (LayerInfo l : model.descriptor().layers()) {
                layers.add(l.id());
            }
            // floor and service alternate, sample by sample, so that both see the same machine (this shared
            // machine's speed drifts by more than the difference being measured). Three ways in: infer() from a
            // plain thread (the caller waits, so it runs the request itself), a client's submit from a Job (as the
            // views ask), and submit from a plain thread (through the model's worker: two thread hand-offs)
            Timings floor; // the first floor samples serve the other figures too
            try (BareForward bare = new BareForward(modelDir, c)) {
                Timings[] plain = alternate(bare, () -> service.infer(model, image, predict), c.n());
                floor = plain[0];
                out.accept(plain[1].line(c.id() + "_predict", plain[0]));
                Timings[][] inJob = new Timings[1][];
                org.eclipse.core.runtime.jobs.Job job = org.eclipse.core.runtime.jobs.Job.create("bench",
                        (org.eclipse.core.runtime.ICoreRunnable) m -> {
                    inJob[0] = alternate(bare, () -> client.submit(model, image, predict).get(), c.n());
                });
                job.schedule();
                job.join();
                out.accept(inJob[0][1].line(c.id() + "_predict_from_job", inJob[0][0]));
                Timings[] async = alternate(bare, () -> service.submit(model, image, predict).get(), c.n());
                out.accept(async[1].line(c.id() + "_predict_via_worker", async[0]));
            }
            // the backend alone on this thread: what the service's worker hand-off adds is the difference
            try (org.perturber.core.model.Model direct = new org.perturber.backend.mxnet.MxnetModelBackend()
                    .open(modelDir)) {
                out.accept(Timings.measure(5, c.n(), () -> direct.infer(image, predict))
                        .line(c.id() + "_predict_backend_only", floor));
            }
            out.accept(Timings.measure(3, c.n(), () -> join(client.submit(model, image,
                    predict.withActivations(layers)))).line(c.id() + "_predict_all_activations", floor));
            out.accept(Timings.measure(2, c.nGradient(), () -> join(client.submit(model, image,
                    predict.withGradient(GradientTarget.loss(0))))).line(c.id() + "_input_gradient", floor));
            service.unload(model);
        } catch (Exception e) {
            throw new IllegalStateException(c.id() + ": " + e.getMessage(), e);
        }
    }

    /** One way of asking the service for a prediction. */
    private interface ServiceCall {
        Object call() throws Exception;
    }

    /** Alternations before sampling: both paths are compiled and their caches warm. */
    private static final int WARMUP = 50;

    /** Floor and service-path samples, alternating; [0] the floor, [1] the service. */
    private static Timings[] alternate(BareForward bare, ServiceCall service, int n) {
        Timings floor = new Timings(n);
        Timings viaService = new Timings(n);
        for (int i = 0; i < WARMUP + n; i++) {
            long t0 = System.nanoTime();
            bare.run();
            long t1 = System.nanoTime();
            try {
                service.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                floor.add((t1 - t0) / 1e6);
                viaService.add((t2 - t1) / 1e6);
            }
        }
        return new Timings[] { floor, viaService };
    }

    /** The floor: DJL alone, the same files, a prepared input array in and the logits out. */
    private static final class BareForward implements AutoCloseable {
        private final Model model;
        private final float[] input;
        private final Case c;

        BareForward(Path modelDir, Case c) throws Exception {
            this.c = c;
            this.model = DjlRuntime.call(() -> {
                Model m = Model.newInstance(c.id(), Device.cpu(), DjlRuntime.ENGINE);
                m.load(modelDir, c.id());
                return m;
            });
            input = new float[3 * c.size() * c.size()];
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) r.nextGaussian();
            }
        }

        void run() {
            DjlRuntime.get(() -> {
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = m.create(input, new Shape(1, 3, c.size(), c.size()));
                    return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).get(0)
                            .toFloatArray();
                }
            });
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private static void join(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RgbImage noise(int size) {
        SplittableRandom r = new SplittableRandom(1);
        float[] d = new float[size * size * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new RgbImage(size, size, d);
    }

    static long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
