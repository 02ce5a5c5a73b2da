package org.perturber.perturbation.camera.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Scene;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

class CameraPerturbationTest {
    private static final ScenePerturbation CAMERA = Fixtures.perturbation("org.perturber.perturbation.camera"
            + ".cameraPerturbation");
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    @Test
    void defaultsLeaveTheSceneAlone() {
        Scene scene = Fixtures.scene("mug");
        assertSame(scene, CAMERA.apply(scene, Fixtures.defaults(CAMERA)));
    }

    @Test
    void halfATurnOfAzimuthMirrorsAMirrorSymmetricObject() {
        Scene mug = Fixtures.scene("mug").withCamera(Fixtures.scene("mug").camera().withOrbit(0, 0, 3));
        boolean[] front = Fixtures.silhouette(RENDERER.render(mug, 64, 64));
        boolean[] back = Fixtures.silhouette(RENDERER.render(CAMERA.apply(mug, Fixtures.defaults(CAMERA)
                .with("azimuth", 180)), 64, 64));
        assertTrue(Fixtures.iou(Fixtures.mirror(front, 64), back) > 0.97, "the mirrored silhouette");
        assertTrue(Fixtures.iou(front, back) < 0.8, "and not the same one");
    }

    @Test
    void distanceAndRollAndPanActRelativeToTheSceneCamera() {
        Scene vase = Fixtures.scene("vase");
        Scene far = CAMERA.apply(vase, Fixtures.defaults(CAMERA).with("distance", 2.0).with("roll", 30)
                .with("panX", 0.2).with("elevation", 500));
        assertEquals(vase.camera().distance() * 2, far.camera().distance(), 1e-9);
        assertEquals(30, far.camera().rollDegrees(), 1e-9);
        assertEquals(89.9, far.camera().elevationDegrees(), 1e-9, "out-of-range values are clamped");
        double near = Fixtures.coverage(Fixtures.silhouette(RENDERER.render(vase, 64, 64)));
        double farCoverage = Fixtures.coverage(Fixtures.silhouette(RENDERER.render(far, 64, 64)));
        assertTrue(farCoverage < near * 0.4, near + " -> " + farCoverage);
    }
}
