package org.perturber.perturbation.morphing.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

class MorphingPerturbationTest {
    private static final String P = "org.perturber.perturbation.morphing.";
    private static final ScenePerturbation SHAPE = Fixtures.perturbation(P + "shapeMorph");
    private static final ScenePerturbation TEXTURE = Fixtures.perturbation(P + "textureMorph");
    private static final ScenePerturbation DEFORM = Fixtures.perturbation(P + "deform");
    private static final ScenePerturbation SCALE = Fixtures.perturbation(P + "scale");
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    @Test
    void defaultsLeaveTheSceneAlone() {
        Scene scene = Fixtures.scene("mug");
        for (ScenePerturbation p : List.of(SHAPE, TEXTURE, DEFORM, SCALE)) {
            assertSame(scene, p.apply(scene, Fixtures.defaults(p)), p.getClass().getSimpleName());
        }
    }

    @Test
    void fullShapeMorphRendersTheTargetShapeWithTheSubjectsTexture() {
        Scene mug = Fixtures.scene("mug");
        Scene morphed = SHAPE.apply(mug, Fixtures.defaults(SHAPE).with("target", "vase").with("amount", 1.0));
        Scene vaseShapedMug = mug.withObject(0, mug.subject().withMesh(MeshRef.builtin("vase")));
        assertEquals(RENDERER.render(vaseShapedMug, 64, 64), RENDERER.render(morphed, 64, 64));
        Scene half = SHAPE.apply(mug, Fixtures.defaults(SHAPE).with("target", "vase").with("amount", 0.5));
        assertNotEquals(RENDERER.render(morphed, 64, 64), RENDERER.render(half, 64, 64));
    }

    @Test
    void fullTextureMorphGivesTheTargetsTexture() {
        Scene mug = Fixtures.scene("mug");
        Scene morphed = TEXTURE.apply(mug, Fixtures.defaults(TEXTURE).with("target", "vase").with("amount", 1.0));
        Scene swapped = mug.withObject(0, mug.subject().withMaterial(mug.subject().material().withTexture(
                new BuiltinObjects().defaultMaterial(MeshRef.builtin("vase")).orElseThrow().texture())));
        assertEquals(RENDERER.render(swapped, 64, 64), RENDERER.render(morphed, 64, 64));
    }

    @Test
    void deformAndScaleChangeTheSilhouette() {
        Scene bottle = Fixtures.scene("bottle");
        boolean[] plain = Fixtures.silhouette(RENDERER.render(bottle, 64, 64));
        boolean[] bent = Fixtures.silhouette(RENDERER.render(DEFORM.apply(bottle, Fixtures.defaults(DEFORM)
                .with("bend", 60)), 64, 64));
        assertTrue(Fixtures.iou(plain, bent) < 0.85);
        boolean[] wide = Fixtures.silhouette(RENDERER.render(SCALE.apply(bottle, Fixtures.defaults(SCALE)
                .with("x", 2.0)), 64, 64));
        assertTrue(Fixtures.coverage(wide) > Fixtures.coverage(plain) * 1.5);
    }
}
