package org.perturber.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.perturber.core.geometry.ShapeKeys;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;

/**
 * Render plus read-back of a textured built-in object at 224 and 512 pixels, against a floor of the same frame
 * with no geometry (clear, downsample, read back); and the rebuild of a morphed mesh (blend, normals, mesh) against
 * the bare blend of vertex positions.
 */
final class RenderBenchmark {
    private RenderBenchmark() {
    }

    static void run(Consumer<String> out) {
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        out.accept("# renderer: " + renderer.info() + ", " + objects.meshFor(SceneObject.of("mug",
                MeshRef.builtin("mug"))).triangleCount() + " triangles per built-in object");
        SceneObject mug = SceneObject.of("mug", MeshRef.builtin("mug"))
                .withMaterial(objects.defaultMaterial(MeshRef.builtin("mug")).orElseThrow());
        Scene scene = new Scene(List.of(mug), Camera.DEFAULT, Lighting.DEFAULT,
                Background.gradient(Rgb.WHITE, Rgb.GREY));
        Scene empty = scene.withObjects(List.of());
        for (int size : new int[] { 224, 512 }) {
            int n = size == 224 ? 300 : 150;
            // the camera moves every frame, as it does while a slider is dragged
            int[] frame = { 0 };
            Timings floor = Timings.measure(30, n, () -> renderer.render(empty, size, size));
            Timings render = Timings.measure(30, n, () -> renderer.render(scene.withCamera(
                    scene.camera().withOrbit(frame[0]++ % 360, 20, 3)), size, size));
            out.accept(render.line("render_" + size, floor));
        }
        // reference: the same mug, unlit and untextured, on a solid background: geometry and rasterisation alone
        Scene bare = new Scene(List.of(mug.withMaterial(org.perturber.core.scene.Material.DEFAULT
                .withShading(org.perturber.core.scene.ShadingMode.UNLIT))), Camera.DEFAULT, Lighting.DEFAULT,
                Background.solid(Rgb.WHITE));
        int[] spin = { 0 };
        out.accept(Timings.measure(30, 300, () -> renderer.render(bare.withCamera(bare.camera().withOrbit(
                spin[0]++ % 360, 20, 3)), 224, 224)).line("render_224_unlit_untextured", Timings.measure(30, 300,
                        () -> renderer.render(bare.withObjects(List.of()), 224, 224))));
        // reference: an untextured primitive, what the renderer costs with the cheapest shader
        Scene sphere = scene.withObjects(List.of(SceneObject.of("sphere", MeshRef.builtin("sphere"))));
        int[] turn = { 0 };
        Timings plain = Timings.measure(30, 300, () -> renderer.render(sphere.withCamera(
                sphere.camera().withOrbit(turn[0]++ % 360, 20, 3)), 224, 224));
        out.accept(plain.line("render_224_untextured_sphere", Timings.measure(30, 300,
                () -> renderer.render(empty, 224, 224))));
        int[] step = { 0 };
        float[] from = objects.meshFor(mug).positions();
        float[] to = objects.meshFor(mug.withMesh(MeshRef.builtin("vase"))).positions();
        Timings blend = Timings.measure(20, 200, () -> {
            float t = (step[0]++ % 100) / 100f;
            float[] p = new float[from.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = from[i] + (to[i] - from[i]) * t;
            }
        });
        Timings rebuild = Timings.measure(20, 200, () -> BuiltinObjects.build("mug", "vase",
                (step[0]++ % 100) / 100.0, 0, 0, 0, 0, 4, 0));
        out.accept(rebuild.line("morph_rebuild", blend));
        Timings deformed = Timings.measure(20, 200, () -> objects.meshFor(mug
                .withShape(ShapeKeys.TWIST, Integer.toString(step[0]++ % 360)).withShape(ShapeKeys.BULGE, "0.3")));
        out.accept(deformed.line("deform_rebuild", blend));
    }
}
