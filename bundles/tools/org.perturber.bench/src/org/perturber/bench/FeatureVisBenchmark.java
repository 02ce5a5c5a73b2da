package org.perturber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.service.Services;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisCache;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizations;
import org.perturber.featurevis.FeatureVisualizer;

/**
 * Feature visualization of the standard model's block3_relu: time per channel for one channel alone and per channel
 * in a batch of 16 of the layer's channels, each against the floor of the same number of forward and backward
 * passes (the model's inferBatch with the same objective-gradient request, on fixed noise images: no
 * parameterisation, transformations or optimiser), floor and optimisation alternating sample by sample so that
 * both see the same machine. Then where an optimisation's time goes: inside inferBatch, or the Java side.
 */
final class FeatureVisBenchmark {
    private static final String MODEL = "standard";
    private static final String LAYER = "block3_relu";
    /** Every step costs the same: fewer than the default 256 measure the same per-step cost in less time. */
    private static final int STEPS = 32;
    private static final int WARMUP = 1;
    private static final int SAMPLES = 5;

    private FeatureVisBenchmark() {
    }

    static void run(Consumer<String> out) {
        try {
            bench(out);
        } catch (Exception e) {
            throw new IllegalStateException("feature visualization benchmark failed: " + e.getMessage(), e);
        }
    }

    private static void bench(Consumer<String> out) throws Exception {
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path folder = Path.of(System.getProperty("perturber.models", "models")).resolve(MODEL);
        LoadedModel loaded = service.load(folder).get(300, TimeUnit.SECONDS);
        try {
            TimedModel model = new TimedModel(new ServiceModel(service, loaded));
            ModelDescriptor d = model.descriptor();
            FeatureVisSettings settings = FeatureVisSettings.DEFAULT.withSteps(STEPS);
            out.accept("# device: " + service.device());
            out.accept(String.format(Locale.ROOT, "# featurevis: model %s (%dx%d), %s, %d steps a run (the default "
                    + "is %d), canvas %d, per-channel times; floor: %d x inferBatch of the same request on noise",
                    MODEL, d.inputWidth(), d.inputHeight(), LAYER, STEPS, FeatureVisSettings.DEFAULT.steps(),
                    FeatureVisualizer.canvasSize(d.inputWidth(), d.inputHeight()), STEPS));
            int channels = channelCount(model);
            for (int n : new int[] { 1, 16 }) {
                bench(model, settings, Math.min(n, channels), out);
            }
            benchCache(model, folder, settings, Math.min(16, channels), out);
        } finally {
            service.unload(loaded);
        }
    }

    private static void bench(TimedModel model, FeatureVisSettings settings, int n, Consumer<String> out) {
        List<FeatureObjective> objectives = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            objectives.add(FeatureObjective.channel(LAYER, c));
        }
        int channels = channelCount(model);
        // what the optimiser asks each step: the objective's input gradient and the layer's activations (its trace)
        InferenceRequest request = new InferenceRequest(0, Set.of(LAYER), GradientTarget.objective(
                LayerObjective.channels(LAYER, channels, objectives.stream().mapToInt(FeatureObjective::index)
                        .toArray(), LayerObjective.Pooling.MEAN)));
        List<RgbImage> noise = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            noise.add(noise(model.descriptor().inputWidth(), model.descriptor().inputHeight(), b));
        }
        Timings floor = new Timings(SAMPLES);
        Timings optimise = new Timings(SAMPLES);
        long inferNanos = 0;
        long inferCalls = 0;
        long optimiseNanos = 0;
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < STEPS; s++) {
                model.inferBatch(noise, request);
            }
            long t1 = System.nanoTime();
            model.reset();
            FeatureVisualizer.optimise(model, objectives, settings, new NullProgressMonitor());
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                floor.add((t1 - t0) / 1e6 / n);
                optimise.add((t2 - t1) / 1e6 / n);
                inferNanos += model.nanos.get();
                inferCalls += model.calls.get();
                optimiseNanos += t2 - t1;
            }
        }
        String name = n == 1 ? "featurevis_channel_alone" : "featurevis_per_channel_batch" + n;
        out.accept(optimise.line(name, floor));
        double run = optimiseNanos / 1e6 / SAMPLES;
        double infer = inferNanos / 1e6 / SAMPLES;
        out.accept(String.format(Locale.ROOT, "# %s: a run of %d channels takes %.0f ms: %.0f ms in inferBatch (%d "
                + "calls: %d steps and the probe and evaluation passes), %.0f ms (%.0f%%) outside it (parameterisation,"
                + " transformations, Adam)", name, n, run, infer, inferCalls / SAMPLES, STEPS, run - infer, 100 * (run
                        - infer) / run));
    }

    /** A layer's sheet read back: 16 channels from the cache, nothing optimised. */
    private static void benchCache(Model model, Path folder, FeatureVisSettings settings, int n,
            Consumer<String> out) throws IOException {
        Path root = Files.createTempDirectory("perturber-bench-featurevis");
        try {
            FeatureVisualizations vis = new FeatureVisualizations(model, folder, new FeatureVisCache(root));
            List<FeatureObjective> objectives = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                objectives.add(FeatureObjective.channel(LAYER, c));
            }
            FeatureVisSettings quick = settings.withSteps(2);
            vis.compute(objectives, quick, new NullProgressMonitor());
            Timings hits = Timings.measure(3, 20, () -> vis.compute(objectives, quick, new NullProgressMonitor()));
            if (vis.optimisedCount() != n) {
                throw new IllegalStateException("the cache was missed: " + vis.optimisedCount() + " optimised");
            }
            out.accept(hits.line("featurevis_cache_hit_" + n, null));
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int channelCount(Model model) {
        RgbImage probe = noise(model.descriptor().inputWidth(), model.descriptor().inputHeight(), 0);
        return model.infer(probe, InferenceRequest.predictions(0).withActivations(Set.of(LAYER))).activations().get(
                LAYER).channels();
    }

    private static RgbImage noise(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[w * h * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new RgbImage(w, h, d);
    }

    /** Passes every request on and adds up the time spent in them (what the model itself costs). */
    private static final class TimedModel implements Model {
        private final Model model;
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong calls = new AtomicLong();

        TimedModel(Model model) {
            this.model = model;
        }

        void reset() {
            nanos.set(0);
            calls.set(0);
        }

        @Override
        public ModelDescriptor descriptor() {
            return model.descriptor();
        }

        @Override
        public InferenceResult infer(RgbImage input, InferenceRequest request) {
            long t0 = System.nanoTime();
            try {
                return model.infer(input, request);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
                calls.incrementAndGet();
            }
        }

        @Override
        public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
            long t0 = System.nanoTime();
            try {
                return model.inferBatch(inputs, request);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
                calls.incrementAndGet();
            }
        }

        @Override
        public void close() {
            // the service owns the model
        }
    }
}
