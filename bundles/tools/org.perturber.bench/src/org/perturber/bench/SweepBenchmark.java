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
import org.perturber.core.render.SceneRenderer;
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
    /** Every sample a new render: the worst case, bound by the renderer. */
    private static final String CAMERA = """
            {
              "name": "bench-camera",
              "objects": ["all"],
              "views": 2,
              "models": ["standard", "adversarial", "texture-debiased"],
              "vary": [{"perturbation": "camera.cameraPerturbation", "parameter": "azimuth", "from": -150, "to": 150,
                        "steps": 16}],
              "metrics": ["top1", "true-class-probability"],
              "output": "bench-camera"
            }
            """;
    /** Image perturbations only: one render per object and view serves every level, inference dominates. */
    private static final String IMAGE = """
            {
              "name": "bench-image",
              "objects": ["all"],
              "views": 2,
              "models": ["standard", "adversarial", "texture-debiased"],
              "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.9,
                        "steps": 16}],
              "metrics": ["top1", "true-class-probability"],
              "output": "bench-image"
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
        SweepReader reader = text -> new SweepSpecReader(registry, objects.builtinIds(), models).read(text, "bench",
                dir);
        SweepSpec spec = reader.read(CAMERA);
        SweepRunner runner = new SweepRunner(spec, registry, renderer, objects, service);
        int samples = runner.plan().size();
        out.accept(String.format(Locale.ROOT, "# sweeps of %d samples (16 levels x 12 objects x 2 views) x %d models,"
                + " chunks of %d: camera azimuth (a new render per sample) and fade to black (one render per object "
                + "and view)", samples, spec.models().size(), SweepRunner.CHUNK));
        double[] cameraRate = new double[1];
        Timings camera = sweep(runner, samples, cameraRate);
        SweepRunner imageRunner = new SweepRunner(reader.read(IMAGE), registry, renderer, objects, service);
        double[] imageRate = new double[1];
        Timings image = sweep(imageRunner, imageRunner.plan().size(), imageRate);

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
        out.accept(image.line("sweep_image_per_sample", floorPerSample));
        out.accept(camera.line("sweep_camera_per_sample", floorPerSample));
        out.accept(naive.line("sweep_camera_naive_per_sample", floorPerSample));
        double floorRate = 1000 / floorPerSample.median();
        double imageSteady = 1000 / image.median();
        double cameraSteady = 1000 / camera.median();
        out.accept(String.format(Locale.ROOT, "# steady-state throughput (median chunk), floor %.1f samples/s (batched "
                + "inference alone): image sweep %.1f samples/s = %.2fx the floor; camera sweep %.1f samples/s = "
                + "%.2fx; naive camera loop %.1f samples/s", floorRate, imageSteady, imageSteady / floorRate,
                cameraSteady, cameraSteady / floorRate, 1000 / naive.median()));
        out.accept(String.format(Locale.ROOT, "# whole runs, model loading and the first chunks included: image %.1f "
                + "samples/s, camera %.1f samples/s", imageRate[0], cameraRate[0]));
        deleteTree(dir);
    }

    /** Reads a spec from text. */
    private interface SweepReader {
        SweepSpec read(String text) throws Exception;
    }

    /** Runs a sweep, timing each chunk per sample; the overall rate goes to {@code rate[0]}. */
    private static Timings sweep(SweepRunner runner, int samples, double[] rate) throws Exception {
        Timings t = new Timings(samples / SweepRunner.CHUNK + 2);
        long[] last = { 0 };
        int[] lastDone = { 0 };
        long start = System.nanoTime();
        runner.run(true, () -> false, p -> {
            long now = System.nanoTime();
            if (p.done() > lastDone[0] && last[0] != 0) {
                t.add((now - last[0]) / 1e6 / (p.done() - lastDone[0]));
            }
            last[0] = now;
            lastDone[0] = p.done();
        });
        rate[0] = samples / ((System.nanoTime() - start) / 1e9);
        return t;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
