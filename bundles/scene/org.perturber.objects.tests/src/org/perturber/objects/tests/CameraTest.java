package org.perturber.objects.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Scene;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

/** The silhouette follows the camera: the mug's handle makes azimuth and elevation visible. */
class CameraTest {
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    private static boolean[] view(Scene base, Camera camera) {
        RgbImage image = RENDERER.render(base.withCamera(camera), 64, 64);
        return Fixtures.silhouette(image);
    }

    @Test
    void azimuthHalfATurnMirrorsTheMug() {
        // the mug is symmetric about the plane of its handle: seen from behind it is its own mirror image
        Scene mug = Renders.scene("mug");
        Camera front = Camera.DEFAULT.withOrbit(0, 0, 3);
        boolean[] handleRight = view(mug, front);
        boolean[] handleLeft = view(mug, front.withOrbit(180, 0, 3));
        assertTrue(Fixtures.iou(handleRight, handleLeft) < 0.8, "the handle changes sides");
        assertTrue(Fixtures.iou(Fixtures.mirror(handleRight, 64), handleLeft) > 0.97, "mirror image");
        boolean[] handleTowardsUs = view(mug, front.withOrbit(90, 0, 3));
        assertTrue(Fixtures.iou(handleRight, handleTowardsUs) < 0.9);
    }


    @Test
    void elevationFromAboveShowsTheRoundRim() {
        Scene bowl = Renders.scene("bowl");
        boolean[] side = view(bowl, Camera.DEFAULT.withOrbit(0, 0, 3));
        boolean[] top = view(bowl, Camera.DEFAULT.withOrbit(0, 89, 3));
        // from the side a bowl is wide and flat, from above it is round: the silhouette grows
        assertTrue(Fixtures.coverage(top) > Fixtures.coverage(side) * 1.5, Fixtures.coverage(top) + " vs "
                + Fixtures.coverage(side));
    }

    @Test
    void distanceShrinksAndPanShifts() {
        Scene vase = Renders.scene("vase");
        double near = Fixtures.coverage(view(vase, Camera.DEFAULT.withOrbit(0, 0, 3)));
        double far = Fixtures.coverage(view(vase, Camera.DEFAULT.withOrbit(0, 0, 6)));
        assertTrue(far < near * 0.4, "twice the distance, a quarter of the area: " + near + " -> " + far);
        double[] centred = Fixtures.centroid(view(vase, Camera.DEFAULT.withOrbit(0, 0, 3)), 64);
        double[] panned = Fixtures.centroid(view(vase, Camera.DEFAULT.withOrbit(0, 0, 3).withPan(0, 0.5)), 64);
        assertTrue(panned[1] < centred[1] - 4, "panning up moves the object up (row decreases)");
    }

    @Test
    void rollTurnsTheImage() {
        Scene bottle = Renders.scene("bottle");
        boolean[] upright = view(bottle, Camera.DEFAULT.withOrbit(0, 0, 3));
        boolean[] rolled = view(bottle, Camera.DEFAULT.withOrbit(0, 0, 3).withRoll(90));
        assertTrue(Fixtures.iou(upright, rolled) < 0.6, "a tall bottle rolled by 90 degrees lies on its side");
    }
}
