package org.perturber.flipsearch.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipSearch;
import org.perturber.flipsearch.FlipSettings;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;
import org.perturber.testing.Fixtures;

/** The built-in models, the standard scene, the shared pipeline, and the model's class at a parameter value. */
final class Searches {
    static final String CAMERA = "org.perturber.perturbation.camera.cameraPerturbation";
    static final String FADE = "org.perturber.perturbation.image.fadeToBlack";
    static final String LIGHTING = "org.perturber.perturbation.lighting.lightingPerturbation";
    static final String BLUR = "org.perturber.perturbation.image.gaussianBlur";
    static final String JPEG = "org.perturber.perturbation.image.jpegCompression";

    private Searches() {
    }

    static InferenceService service() {
        return Services.await(InferenceService.class, Duration.ofSeconds(60));
    }

    static ContributionRegistry registry() {
        return Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
    }

    static InputPipeline pipeline() {
        return new InputPipeline(registry(), Fixtures.renderer(), service());
    }

    static LoadedModel model(String id) throws Exception {
        String models = System.getProperty("perturber.models");
        if (models == null) {
            throw new IllegalStateException("perturber.models is not set (the test bundle's pom passes it)");
        }
        Path folder = Path.of(models, id).toAbsolutePath().normalize();
        InferenceService service = service();
        for (LoadedModel m : service.models()) {
            if (m.location().toAbsolutePath().normalize().equals(folder)) {
                return m;
            }
        }
        return service.load(folder).get(120, TimeUnit.SECONDS);
    }

    static Scene scene(String object) {
        return BuiltinScenes.standard(Services.await(BuiltinObjects.class, Duration.ofSeconds(30)), object);
    }

    static FlipSearch search(FlipSettings settings) {
        return new FlipSearch(pipeline(), service(), settings);
    }

    /** The stack's parameter of a perturbation (in the stack, or added at its defaults). */
    static FlipParameter parameter(PerturbationStack stack, String perturbation, String parameter) {
        return FlipParameter.of(stack, registry(), true).stream().filter(p -> p.perturbation().equals(perturbation)
                && p.parameter().equals(parameter)).findFirst().orElseThrow(() -> new AssertionError(perturbation
                        + "." + parameter + " is not a searchable parameter"));
    }

    /** The model's top-1 class index with the parameter at each value, in one batch. */
    static int[] classes(Scene scene, PerturbationStack stack, LoadedModel model, FlipParameter p, double[] values)
            throws Exception {
        InputPipeline inputs = pipeline();
        List<RgbImage> images = new ArrayList<>();
        for (double v : values) {
            images.add(inputs.state(scene, p.apply(stack, v)).input(model, null));
        }
        int[] classes = new int[values.length];
        var results = service().submitBatch(model, images, InferenceRequest.predictions(1)).get();
        for (int i = 0; i < values.length; i++) {
            classes[i] = results.get(i).best().index();
        }
        return classes;
    }

    /** The model's top-1 class with the parameter at one value, inferred alone (as the workbench does). */
    static int classAt(Scene scene, PerturbationStack stack, LoadedModel model, FlipParameter p, double value)
            throws Exception {
        RgbImage image = pipeline().state(scene, p.apply(stack, value)).input(model, null);
        return service().infer(model, image, InferenceRequest.predictions(1)).best().index();
    }
}
