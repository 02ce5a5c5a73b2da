package org.perturber.perturbation.background.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

class BackgroundPerturbationTest {
    private static final ScenePerturbation BACKGROUND = Fixtures.perturbation(
            "org.perturber.perturbation.background.backgroundPerturbation");
    private static final ScenePerturbation CLUTTER = Fixtures.perturbation(
            "org.perturber.perturbation.background.clutterPerturbation");
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    @Test
    void defaultsLeaveTheSceneAlone() {
        Scene scene = Fixtures.scene("mug");
        assertSame(scene, BACKGROUND.apply(scene, Fixtures.defaults(BACKGROUND)));
        assertSame(scene, CLUTTER.apply(scene, Fixtures.defaults(CLUTTER)));
    }

    @Test
    void solidBackgroundPixelsAreTheColour() {
        RgbImage image = RENDERER.render(BACKGROUND.apply(Fixtures.scene("mug"), Fixtures.defaults(BACKGROUND)
                .with("kind", "solid").with("color", new Rgb(1, 0.5, 0))), 48, 48);
        assertEquals(0xff8000, image.toPackedRgb()[0]);
        assertEquals(0xff8000, image.toPackedRgb()[48 * 48 - 1]);
    }

    @Test
    void imageFileBackground() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("background", ".png");
        try {
            java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(8, 8,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    png.setRGB(x, y, 0x00ff00);
                }
            }
            javax.imageio.ImageIO.write(png, "png", file.toFile());
            RgbImage image = RENDERER.render(BACKGROUND.apply(Fixtures.scene("mug"), Fixtures.defaults(BACKGROUND)
                    .with("kind", "image").with("image", file.toString())), 48, 48);
            assertEquals(0x00ff00, image.toPackedRgb()[0]);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> BACKGROUND.apply(Fixtures.scene("mug"), Fixtures.defaults(BACKGROUND).with("kind", "image")),
                    "an image background without a file is refused");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Fixtures.defaults(BACKGROUND).with("image", "notes.txt"));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void proceduralBackgroundIsAPattern() {
        RgbImage image = RENDERER.render(BACKGROUND.apply(Fixtures.scene("mug"), Fixtures.defaults(BACKGROUND)
                .with("kind", "checker")), 64, 64);
        assertTrue(Fixtures.colours(image) > 20);
    }

    @Test
    void clutterAddsOtherObjectsBehindTheSubject() {
        Scene scene = Fixtures.scene("mug");
        Scene cluttered = CLUTTER.apply(scene, Fixtures.defaults(CLUTTER).with("count", 3).with("seed", 4));
        assertEquals(4, cluttered.objects().size());
        assertEquals(scene.subject(), cluttered.subject());
        for (int i = 1; i < 4; i++) {
            assertNotEquals("mug", cluttered.objects().get(i).mesh().id());
        }
        assertEquals(cluttered, CLUTTER.apply(scene, Fixtures.defaults(CLUTTER).with("count", 3).with("seed", 4)),
                "same seed, same clutter");
        double alone = Fixtures.coverage(Fixtures.silhouette(RENDERER.render(scene, 64, 64)));
        double with = Fixtures.coverage(Fixtures.silhouette(RENDERER.render(cluttered, 64, 64)));
        assertTrue(with > alone + 0.03, alone + " -> " + with);
    }
}
