package org.perturber.perturbation.texture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.scene.Texture;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

class TexturePerturbationTest {
    private static final String P = "org.perturber.perturbation.texture.";
    private static final ScenePerturbation REMOVE = Fixtures.perturbation(P + "removeTexture");
    private static final ScenePerturbation SWAP = Fixtures.perturbation(P + "swapTexture");
    private static final ScenePerturbation TRANSFORM = Fixtures.perturbation(P + "textureTransform");
    private static final ScenePerturbation HUE = Fixtures.perturbation(P + "hueShift");
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    @Test
    void defaultsLeaveTheSceneAlone() {
        Scene scene = Fixtures.scene("mug");
        for (ScenePerturbation p : List.of(REMOVE, SWAP, TRANSFORM, HUE)) {
            assertSame(scene, p.apply(scene, Fixtures.defaults(p)), p.getClass().getSimpleName());
        }
    }

    @Test
    void removedTextureIsAFlatAlbedo() {
        Scene mug = Fixtures.scene("mug");
        Scene unlit = mug.withObject(0, mug.subject().withMaterial(mug.subject().material()
                .withShading(ShadingMode.UNLIT)));
        RgbImage textured = RENDERER.render(unlit, 64, 64);
        RgbImage removed = RENDERER.render(REMOVE.apply(unlit, Fixtures.defaults(REMOVE).with("amount", 1.0)), 64,
                64);
        assertTrue(Fixtures.colours(textured) > Fixtures.colours(removed) + 3);
        RgbImage half = RENDERER.render(REMOVE.apply(unlit, Fixtures.defaults(REMOVE).with("amount", 0.5)), 64, 64);
        assertNotEquals(textured, half);
        assertNotEquals(removed, half);
    }

    @Test
    void swapGivesAnotherClassesTexture() {
        Scene mug = Fixtures.scene("mug");
        Scene swapped = SWAP.apply(mug, Fixtures.defaults(SWAP).with("class", "mushroom"));
        assertEquals(new BuiltinObjects().defaultMaterial(MeshRef.builtin("mushroom")).orElseThrow().texture(),
                swapped.subject().material().texture());
        assertEquals(mug.subject().mesh(), swapped.subject().mesh(), "the shape stays");
    }

    @Test
    void transformAndHueChangeTheTextureAsNamed() {
        Scene mug = Fixtures.scene("mug");
        Texture t = mug.subject().material().texture();
        Texture scaled = TRANSFORM.apply(mug, Fixtures.defaults(TRANSFORM).with("scale", 2.0).with("rotation", 45))
                .subject().material().texture();
        assertEquals(t.scale() * 2, scaled.scale(), 1e-9);
        assertEquals(45, scaled.rotationDegrees(), 1e-9);
        Scene shifted = HUE.apply(mug, Fixtures.defaults(HUE).with("hue", 120));
        RgbImage before = RENDERER.render(mug, 48, 48);
        RgbImage after = RENDERER.render(shifted, 48, 48);
        boolean[] mask = Fixtures.silhouette(before);
        // the mug's blue stripes turn toward red: red rises, blue falls
        assertTrue(Fixtures.mean(after, mask, 0) > Fixtures.mean(before, mask, 0) + 0.05);
        assertTrue(Fixtures.mean(after, mask, 2) < Fixtures.mean(before, mask, 2) - 0.05);
    }
}
