package org.perturber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;
import org.perturber.render.SceneRenderer;
import org.perturber.sweep.SweepPlan;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecReader;

/**
 * Sweep throughput with the three built-in ResNet-style variants: a camera sweep (every sample a new render) run by
 * the sweep runner, against the floor measured in the same run (the batched inference alone, the same number of
 * images per model in batches of the service's size) and against a naive loop (render, then each model one image
 * at a time).
 */
final class SweepBenchmark {
    private static final String SPEC = """
            {
              "name": "bench",
              "objects": ["all"],
              "views": 2,
              "models": ["standard", "adversarial", "texture-debiased"],
              "vary": [{"perturbation": "camera.cameraPerturbation", "parameter": "azimuth", "from": -150, "to": 150,
                        "steps": 16}],
              "metrics": ["top1", "true-class-probability"],
              "output": "bench-sweep"
            }
            """;

    private SweepBenchmark() {
    }

    static void run(Consumer<String> out) {
        try {
            bench(out);
        } catch (Exception e) {
            throw new IllegalStateException("sweep benchmark failed: " + e.getMessage(), e);
        }
    }

    private static void bench(Consumer<String> out) throws Exception {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path models = Path.of(System.getProperty("perturber.models", "models"));
        Path dir = Files.createTempDirectory("perturber-bench-sweep");
        SweepSpec spec = new SweepSpecReader(registry, objects.builtinIds(), models).read(SPEC, "bench", dir);
        SweepRunner runner = new SweepRunner(spec, registry, renderer, objects, service);
        int samples = runner.plan().size();
        out.accept(String.format(Locale.ROOT, "# sweep: %d samples (camera azimuth x 12 objects x 2 views) x %d "
                + "models, chunks of %d", samples, spec.models().size(), SweepRunner.CHUNK));

        // the sweep: per-sample time of each chunk
        Timings sweep = new Timings(samples / SweepRunner.CHUNK + 2);
        long[] last = { 0 };
        int[] lastDone = { 0 };
        long start = System.nanoTime();
        runner.run(true, () -> false, p -> {
            long now = System.nanoTime();
            if (p.done() > lastDone[0] && last[0] != 0) {
                sweep.add((now - last[0]) / 1e6 / (p.done() - lastDone[0]));
            }
            last[0] = now;
            lastDone[0] = p.done();
        });
        double sweepRate = samples / ((System.nanoTime() - start) / 1e9);

        // the floor: batched inference alone on rendered images of the same size, a chunk's worth per model
        List<RgbImage> images = new ArrayList<>();
        for (String id : objects.ids()) {
            images.add(renderer.render(BuiltinScenes.standard(objects, id), 96, 96));
        }
        List<RgbImage> chunk = new ArrayList<>();
        for (int i = 0; i < SweepRunner.CHUNK; i++) {
            chunk.add(images.get(i % images.size()));
        }
        int batch = Integer.getInteger("perturber.inference.batch", 8);
        List<Model> opened = new ArrayList<>();
        for (SweepSpec.SweepModel m : spec.models()) {
            opened.add(new MxnetModelBackend().open(m.directory()));
        }
        Timings floor = Timings.measure(2, 10, () -> {
            for (Model m : opened) {
                for (int i = 0; i < chunk.size(); i += batch) {
                    m.inferBatch(chunk.subList(i, Math.min(chunk.size(), i + batch)), InferenceRequest.predictions(5));
                }
            }
        });
        Timings floorPerSample = new Timings(floor.count());
        for (int i = 0; i < floor.count(); i++) {
            floorPerSample.add(floor.median() / SweepRunner.CHUNK);
        }
        opened.forEach(Model::close);

        // the naive loop: render, then each model one image at a time, waiting for each
        List<LoadedModel> loaded = runner.models();
        SweepPlan plan = runner.plan();
        StackApplier applier = new StackApplier(registry);
        Timings naive = Timings.measure(4, 64, new Runnable() {
            int i;

            @Override
            public void run() {
                SweepPlan.Sample s = plan.sample(i++ % plan.size());
                SweepSpec.SweepObject o = spec.objects().get(s.object());
                var scene = applier.applySceneStage(plan.stackFor(s.point()), BuiltinScenes.standard(objects, o
                        .mesh(), o.name(), 360.0 * s.view() / spec.views()));
                RgbImage image = renderer.render(scene, 96, 96);
                for (LoadedModel m : loaded) {
                    service.submit(m, image, InferenceRequest.predictions(5)).join();
                }
            }
        });
        out.accept(sweep.line("sweep_per_sample", floorPerSample));
        out.accept(naive.line("sweep_naive_per_sample", floorPerSample));
        double floorRate = 1000 / floorPerSample.median();
        out.accept(String.format(Locale.ROOT, "# throughput: sweep %.1f samples/s, floor %.1f samples/s (batched "
                + "inference alone) -> %.2fx the floor; naive loop %.1f samples/s", sweepRate, floorRate, sweepRate
                        / floorRate, 1000 / naive.median()));
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
