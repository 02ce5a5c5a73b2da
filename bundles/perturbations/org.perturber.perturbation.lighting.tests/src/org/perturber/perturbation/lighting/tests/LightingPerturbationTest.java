package org.perturber.perturbation.lighting.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

class LightingPerturbationTest {
    private static final ScenePerturbation LIGHTING = Fixtures.perturbation(
            "org.perturber.perturbation.lighting.lightingPerturbation");
    private static final ScenePerturbation SHADING = Fixtures.perturbation(
            "org.perturber.perturbation.lighting.shadingPerturbation");
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    @Test
    void defaultsLeaveTheSceneAlone() {
        Scene scene = Fixtures.scene("vase");
        assertSame(scene, LIGHTING.apply(scene, Fixtures.defaults(LIGHTING)));
        assertSame(scene, SHADING.apply(scene, Fixtures.defaults(SHADING)));
    }

    @Test
    void noLightAndNoAmbientIsBlack() {
        Scene dark = LIGHTING.apply(Fixtures.scene("vase"), Fixtures.defaults(LIGHTING).with("intensity", 0)
                .with("ambient", 0));
        RgbImage image = RENDERER.render(dark, 48, 48);
        boolean[] object = Fixtures.silhouette(image);
        assertTrue(Fixtures.coverage(object) > 0.1);
        assertEquals(0, Fixtures.mean(image, object, 0) + Fixtures.mean(image, object, 1), 0.02);
    }

    @Test
    void turningTheLightAroundMovesTheBrightSide() {
        Scene scene = Fixtures.scene("bottle");
        RgbImage before = RENDERER.render(scene, 64, 64);
        RgbImage after = RENDERER.render(LIGHTING.apply(scene, Fixtures.defaults(LIGHTING).with("azimuth", 180)),
                64, 64);
        boolean[] mask = Fixtures.silhouette(before);
        assertTrue(Fixtures.meanLuminance(before, mask, true) > Fixtures.meanLuminance(before, mask, false));
        assertTrue(Fixtures.meanLuminance(after, mask, false) > Fixtures.meanLuminance(after, mask, true));
    }

    @Test
    void warmLightIsRedderAndMoreLightsAreAdded() {
        Scene scene = Fixtures.scene("vase");
        RgbImage neutral = RENDERER.render(scene, 48, 48);
        Scene warmScene = LIGHTING.apply(scene, Fixtures.defaults(LIGHTING).with("temperature", 3000)
                .with("lights", "3"));
        assertEquals(3, warmScene.lighting().lights().size());
        RgbImage warm = RENDERER.render(LIGHTING.apply(scene, Fixtures.defaults(LIGHTING).with("temperature",
                3000)), 48, 48);
        boolean[] mask = Fixtures.silhouette(neutral);
        assertTrue(Fixtures.mean(warm, mask, 0) / Fixtures.mean(warm, mask, 2)
                > Fixtures.mean(neutral, mask, 0) / Fixtures.mean(neutral, mask, 2) * 1.2);
    }

    @Test
    void shadingModeAndHighlights() {
        Scene flat = SHADING.apply(Fixtures.scene("vase"), Fixtures.defaults(SHADING).with("mode", "unlit")
                .with("specular", 0));
        assertEquals(ShadingMode.UNLIT, flat.subject().material().shading());
        assertEquals(0, flat.subject().material().specularStrength());
    }
}
