package org.perturber.sweep.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.perturber.backend.mxnet.export.ModelWriter;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Normalization;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.Vec3;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.SweepSpecReader;
import org.perturber.testing.Fixtures;

/**
 * A models folder with two small real networks (untrained, 32x32), helpers to read and run specs, and a workbench
 * session unlike the standard scene.
 */
final class SweepFixtures {
    private SweepFixtures() {
    }

    static Path models(Path dir) throws IOException {
        BuiltinObjects objects = new BuiltinObjects();
        List<String> labels = new ArrayList<>(objects.ids());
        for (String id : List.of("net-a", "net-b")) {
            Networks.Network net = Networks.smallCnn(labels.size(), id.hashCode());
            ModelWriter.write(dir.resolve(id), new ModelWriter.Card(id, id, net.architecture(), "standard", "test", 32,
                    new Normalization(new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.25f, 0.25f, 0.25f }),
                    labels, net.layers()), net.builder(), net.head());
        }
        return dir;
    }

    static ContributionRegistry registry() {
        return Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
    }

    static SweepSpecReader reader(Path models) {
        return new SweepSpecReader(registry(), new BuiltinObjects().builtinIds(), models);
    }

    static SweepSpec read(Path models, String json, Path base) throws SweepSpecException {
        return reader(models).read(json, "test.json", base);
    }

    static SweepRunner runner(SweepSpec spec) {
        return new SweepRunner(spec, registry(), Fixtures.renderer(), Services.await(BuiltinObjects.class, Duration
                .ofSeconds(30)), Services.await(InferenceService.class, Duration.ofSeconds(30)));
    }

    static final String CAMERA = "org.perturber.perturbation.camera.cameraPerturbation";
    static final String FADE = "org.perturber.perturbation.image.fadeToBlack";

    static SessionSweeps sessions() {
        return new SessionSweeps(registry());
    }

    static BuiltinObjects objects() {
        return Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
    }

    /** The workbench's default scene: the standard scene around a mug. */
    static Scene standard() {
        return BuiltinScenes.standard(objects(), "mug");
    }

    static Camera sessionCamera() {
        return standard().camera().withOrbit(75, 35, 2.4).withRoll(8);
    }

    static Lighting sessionLighting() {
        return new Lighting(List.of(Light.directional(new Vec3(0.7, 0.9, -0.3), 1.1).withColor(new Rgb(1, 0.8,
                0.6))), new Rgb(0.1, 0.12, 0.2));
    }

    static Background sessionBackground() {
        return Background.solid(new Rgb(0.2, 0.45, 0.3));
    }

    /** A session's scene: a mug of another colour, seen, lit and set off unlike the standard scene. */
    static Scene sessionScene() {
        Scene s = standard();
        Material m = s.subject().material();
        Material orange = new Material(new Rgb(0.9, 0.5, 0.3), m.texture(), m.blendTexture(), m.textureBlend(), 0.6,
                64, m.shading());
        return s.withObject(0, s.subject().withMaterial(orange)).withCamera(sessionCamera()).withLighting(
                sessionLighting()).withBackground(sessionBackground());
    }

    /** A session's stack: the camera raised by 10 degrees (the "current value" of the sweeps) and a slight fade. */
    static PerturbationStack sessionStack() {
        return new PerturbationStack(List.of(StackEntry.of(CAMERA).with("elevation", 10.0), StackEntry.of(FADE)
                .with("amount", 0.2)));
    }

    static List<Path> modelDirs(Path models) {
        return List.of(models.resolve("net-a"), models.resolve("net-b"));
    }

    /** Runs a sweep and keeps every row it reports, with the model's whole result. */
    static List<SweepRunner.Row> rows(SweepRunner runner) throws Exception {
        List<SweepRunner.Row> rows = new ArrayList<>();
        runner.run(true, () -> false, new SweepRunner.Listener() {
            @Override
            public void progress(SweepRunner.Progress p) {
            }

            @Override
            public void rows(List<SweepRunner.Row> chunk) {
                rows.addAll(chunk);
            }
        });
        return rows;
    }

    /** What the workbench computes for a state: the shared pipeline's input for the model, inferred alone. */
    static float[] workbench(Scene scene, PerturbationStack stack, LoadedModel model) throws Exception {
        return Services.await(InferenceService.class, Duration.ofSeconds(30)).infer(model, input(scene, stack,
                model), InferenceRequest.predictions(5)).probabilities();
    }

    /** The model's input for a state, as the workbench shows it. */
    static RgbImage input(Scene scene, PerturbationStack stack, LoadedModel model) {
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        return new InputPipeline(registry(), Fixtures.renderer(), inference).state(scene, stack).input(model, null);
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** 3 objects x 2 views x 11 fade levels = 66 samples: two full chunks and a short one. */
    static String fadeSpec(String output) {
        return """
                {
                  "name": "fade",
                  "seed": 3,
                  "objects": ["mug", "bowl", "apple"],
                  "views": 2,
                  "models": ["net-a", "net-b"],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1, "steps": 11}],
                  "metrics": ["top1", "true-class-probability", "top5", "flip", "activation:block5_relu:3"],
                  "output": "%s"
                }
                """.formatted(output);
    }
}
