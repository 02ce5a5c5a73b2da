package org.perturber.render.tests;

import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.perturber.core.service.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.scene.Vec3;
import org.perturber.core.render.RenderException;
import org.perturber.core.render.RendererInfo;
import org.perturber.core.render.SceneRenderer;

/**
 * Real JOGL rendering inside the OSGi runtime, asserted on pixels. The build runs this class twice: with the X
 * server (GLX) and with no display (EGL surfaceless, -Dperturber.render.platform=egl).
 */
class SceneRendererTest {
    private static final Rgb BACKGROUND = new Rgb(0.2, 0.3, 0.4);
    private static SceneRenderer renderer;

    @BeforeAll
    static void findService() {
        renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(20));
    }

    /** A white sphere lit by one light from the left (and slightly towards the camera) on a solid background. */
    private static Scene sphereLitFromLeft() {
        Light left = Light.directional(new Vec3(-1, 0, 0.3), 1.0);
        Material white = Material.DEFAULT.withAlbedo(new Rgb(0.9, 0.9, 0.9)).withSpecular(0, 8);
        SceneObject sphere = SceneObject.of("sphere", MeshRef.builtin("sphere")).withMaterial(white);
        return new Scene(List.of(sphere), org.perturber.core.scene.Camera.DEFAULT.withOrbit(0, 0, 3),
                new Lighting(List.of(left), new Rgb(0.05, 0.05, 0.05)), Background.solid(BACKGROUND));
    }

    @Test
    void runsOnThePlatformAskedFor() {
        RendererInfo info = renderer.info();
        String asked = System.getProperty("perturber.render.platform", "auto");
        RendererInfo.Platform expected = asked.equals("egl") ? RendererInfo.Platform.EGL_SURFACELESS
                : RendererInfo.Platform.GLX;
        assertEquals(expected, info.platform(), info.toString());
        if (expected == RendererInfo.Platform.EGL_SURFACELESS) {
            assertTrue(info.version().contains("OpenGL ES"), info.version());
        }
        System.out.println("Renderer: " + info);
    }

    @Test
    void litSphereCoversTheCentreAndItsLitSideIsBrighter() {
        RgbImage image = renderer.render(sphereLitFromLeft(), 96, 96);
        assertEquals(96, image.width());
        // corners are background, exactly
        assertEquals(0.2f, image.get(0, 0, 0), 0.5f / 255);
        assertEquals(0.3f, image.get(95, 95, 1), 0.5f / 255);
        assertEquals(0.4f, image.get(0, 95, 2), 0.5f / 255);
        // the object covers the centre and is not background coloured there
        float centreRed = image.get(48, 48, 0);
        assertTrue(Math.abs(centreRed - 0.2f) > 0.05f, "centre looks like background: " + centreRed);
        // the lit (left) side is brighter than the right side
        float left = image.luminance(28, 48);
        float right = image.luminance(68, 48);
        assertTrue(left > right + 0.2f, "left " + left + " should be much brighter than right " + right);
    }

    @Test
    void sameSceneGivesTheSamePixels() {
        Scene scene = sphereLitFromLeft();
        RgbImage a = renderer.render(scene, 64, 48);
        renderer.render(scene.withBackground(Background.solid(Rgb.WHITE)), 128, 128); // different state between
        RgbImage b = renderer.render(scene, 64, 48);
        assertEquals(a, b);
    }

    @Test
    void silhouetteFollowsTheCameraPan() {
        Scene scene = sphereLitFromLeft();
        RgbImage centred = renderer.render(scene, 64, 64);
        RgbImage panned = renderer.render(scene.withCamera(scene.camera().withPan(0.6, 0)), 64, 64);
        assertTrue(coverageCentreX(panned) > coverageCentreX(centred) + 5,
                "panning right moves the object right: " + coverageCentreX(centred) + " -> "
                        + coverageCentreX(panned));
    }

    @Test
    void unlitShadingGivesTheFlatAlbedo() {
        Scene scene = sphereLitFromLeft();
        SceneObject o = scene.objects().get(0);
        Scene unlit = scene.withObjects(List.of(o.withMaterial(o.material().withShading(ShadingMode.UNLIT)
                .withAlbedo(new Rgb(1, 0, 0)))));
        RgbImage image = renderer.render(unlit, 64, 64);
        assertEquals(1f, image.get(20, 32, 0), 1e-6f);
        assertEquals(1f, image.get(44, 32, 0), 1e-6f);
        assertEquals(0f, image.get(44, 32, 1), 1e-6f);
    }

    @Test
    void gradientBackgroundRunsFromTopToBottom() {
        Scene scene = sphereLitFromLeft().withBackground(Background.gradient(Rgb.WHITE, Rgb.BLACK));
        RgbImage image = renderer.render(scene, 64, 64);
        assertTrue(image.luminance(1, 1) > 0.9f, "top is white");
        assertTrue(image.luminance(1, 62) < 0.1f, "bottom is black");
    }

    @Test
    void unknownObjectIsRefusedWithAClearMessage() {
        Scene scene = Scene.of(SceneObject.of("ghost", MeshRef.builtin("no-such-object")));
        RenderException e = assertThrows(RenderException.class, () -> renderer.render(scene, 32, 32));
        assertTrue(e.getMessage().contains("ghost") && e.getMessage().contains("sphere"), e.getMessage());
        // and the renderer still works afterwards
        assertEquals(32, renderer.render(sphereLitFromLeft(), 32, 32).width());
    }

    /** Mean column of the pixels that differ from the background. */
    private static double coverageCentreX(RgbImage image) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (Math.abs(image.get(x, y, 2) - 0.4f) > 0.02f) {
                    sum += x;
                    n++;
                }
            }
        }
        return sum / n;
    }
}
