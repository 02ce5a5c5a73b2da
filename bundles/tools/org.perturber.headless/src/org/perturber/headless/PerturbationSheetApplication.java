package org.perturber.headless;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;

/**
 * {@code releng/perturber perturbation-sheet [FILE] [TILE]}: the default mug under one perturbation of each
 * family, applied through the contributed perturbations and the stack, as one labelled PNG.
 */
public class PerturbationSheetApplication implements IApplication {
    private static final String P = "org.perturber.perturbation.";

    /** A caption and the one-entry stack that makes the picture. */
    private record Example(String caption, String id, Map<String, Object> values) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("original", null, Map.of()),
            new Example("camera: orbit", P + "camera.cameraPerturbation",
                    Map.of("azimuth", 60, "elevation", 30)),
            new Example("light: 3000 K, turned", P + "lighting.lightingPerturbation",
                    Map.of("temperature", 3000, "azimuth", 120)),
            new Example("shading: flat", P + "lighting.shadingPerturbation", Map.of("mode", "flat")),
            new Example("background: checker", P + "background.backgroundPerturbation", Map.of("kind", "checker")),
            new Example("clutter: 3 objects", P + "background.clutterPerturbation", Map.of("count", 3, "seed", 2)),
            new Example("morph: half a vase", P + "morphing.shapeMorph", Map.of("target", "vase", "amount",
                    0.5)),
            new Example("twist and bulge", P + "morphing.deform", Map.of("twist", 90, "bulge", 0.4)),
            new Example("mushroom texture", P + "texture.swapTexture", Map.of("class", "mushroom")),
            new Example("texture removed", P + "texture.removeTexture", Map.of("amount", 1.0)),
            new Example("hue shift 120", P + "texture.hueShift", Map.of("hue", 120)),
            new Example("low pass", P + "image.frequencyFilter", Map.of("pass", "low", "cutoff", 4.0)),
            new Example("high pass", P + "image.frequencyFilter", Map.of("pass", "high", "cutoff", 2.0)),
            new Example("noise, severity 3", P + "image.gaussianNoise", Map.of("severity", 3)),
            new Example("JPEG, severity 5", P + "image.jpegCompression", Map.of("severity", 5)),
            new Example("pixelate, severity 5", P + "image.pixelate", Map.of("severity", 5)),
            new Example("occlusion", P + "image.occlusion", Map.of("size", 0.35, "x", 0.4, "y", 0.45)));

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        Path out = Path.of(args.length > 0 ? args[0] : "perturbations.png");
        int tile = args.length > 1 ? Integer.parseInt(args[1]) : 160;
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        // no model here: the inference service is only what attacks would be made against, and none is listed
        InputPipeline inputs = new InputPipeline(registry, renderer, Services.await(InferenceService.class, Duration
                .ofSeconds(30)));
        SceneObject mug = SceneObject.of("mug", MeshRef.builtin("mug"))
                .withMaterial(objects.defaultMaterial(MeshRef.builtin("mug")).orElseThrow());
        Scene base = new Scene(List.of(mug), Camera.DEFAULT.withOrbit(25, 15, 3),
                new Lighting(List.of(Light.directional(new Vec3(-0.6, 0.8, 0.7), 0.9)), new Rgb(0.2, 0.2, 0.22)),
                Background.gradient(new Rgb(0.93, 0.95, 0.98), new Rgb(0.62, 0.66, 0.72)));
        List<Sheet.Tile> tiles = new ArrayList<>();
        int problems = 0;
        for (Example e : EXAMPLES) {
            PerturbationStack stack = PerturbationStack.EMPTY;
            if (e.id() != null) {
                StackEntry entry = StackEntry.of(e.id());
                for (Map.Entry<String, Object> v : e.values().entrySet()) {
                    entry = entry.with(v.getKey(), v.getValue());
                }
                stack = stack.add(entry);
            }
            InputPipeline.State state = inputs.state(base, stack);
            tiles.add(new Sheet.Tile(state.image(tile), e.caption()));
            for (StackApplier.Problem p : state.problems()) {
                System.err.println(p);
                problems++;
            }
        }
        Sheet.write(out, tiles, 6);
        return problems == 0 ? EXIT_OK : Integer.valueOf(1);
    }

    @Override
    public void stop() {
    }
}
