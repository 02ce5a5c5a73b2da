package org.perturber.render.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.scene.Texture;
import org.perturber.core.scene.Vec3;
import org.perturber.core.service.Services;
import org.perturber.core.render.RenderException;
import org.perturber.core.render.RendererInfo;
import org.perturber.core.render.SceneRenderer;

class TexturesAndBackgroundsTest {
    private static final SceneRenderer RENDERER = Services.await(SceneRenderer.class, Duration.ofSeconds(20));

    @TempDir
    Path dir;

    private static Scene cube(Material material, Background background) {
        return new Scene(List.of(SceneObject.of("cube", MeshRef.builtin("cube")).withMaterial(material)),
                Camera.DEFAULT.withOrbit(30, 20, 3), Lighting.DEFAULT, background);
    }

    private static int colours(RgbImage image) {
        Set<Integer> set = new HashSet<>();
        for (int p : image.toPackedRgb()) {
            set.add(p);
        }
        return set.size();
    }

    @Test
    void everyProceduralTextureRendersAndTheyDiffer() {
        Set<RgbImage> images = new HashSet<>();
        for (String name : Texture.PROCEDURAL_NAMES) {
            Material m = Material.DEFAULT.withAlbedo(Rgb.WHITE).withShading(ShadingMode.UNLIT)
                    .withTexture(Texture.procedural(name, new Rgb(1, 0.2, 0), new Rgb(0, 0.3, 1)).withScale(4));
            RgbImage image = RENDERER.render(cube(m, Background.solid(Rgb.BLACK)), 64, 64);
            assertTrue(colours(image) > 8, name + " shows a pattern");
            images.add(image);
        }
        assertEquals(Texture.PROCEDURAL_NAMES.size(), images.size(), "no two textures look the same");
    }

    @Test
    void textureBlendRunsFromOneTextureToTheOther() {
        Texture stripes = Texture.procedural("stripes", Rgb.WHITE, Rgb.BLACK).withScale(6);
        Texture checker = Texture.procedural("checker", new Rgb(1, 0, 0), new Rgb(0, 0, 1)).withScale(6);
        Material base = Material.DEFAULT.withAlbedo(Rgb.WHITE).withShading(ShadingMode.UNLIT).withTexture(stripes);
        Background bg = Background.solid(Rgb.BLACK);
        assertEquals(RENDERER.render(cube(base, bg), 48, 48),
                RENDERER.render(cube(base.withTextureBlend(checker, 0), bg), 48, 48));
        assertEquals(RENDERER.render(cube(base.withTexture(checker), bg), 48, 48),
                RENDERER.render(cube(base.withTextureBlend(checker, 1), bg), 48, 48));
        RgbImage half = RENDERER.render(cube(base.withTextureBlend(checker, 0.5), bg), 48, 48);
        assertNotEquals(RENDERER.render(cube(base, bg), 48, 48), half);
    }

    @Test
    void imageTextureAndImageBackground() throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, y < 8 ? 0xff0000 : 0x0000ff); // top half red, bottom half blue
            }
        }
        Path file = dir.resolve("top-red.png");
        ImageIO.write(image, "png", file.toFile());
        Scene scene = cube(Material.DEFAULT, new Background(Background.Kind.IMAGE, Rgb.BLACK, Rgb.BLACK,
                file.toString())).withObjects(List.of());
        RgbImage bg = RENDERER.render(scene, 40, 40);
        assertTrue(bg.get(20, 2, 0) > 0.9f && bg.get(20, 2, 2) < 0.1f, "the image's top is at the top");
        assertTrue(bg.get(20, 37, 2) > 0.9f && bg.get(20, 37, 0) < 0.1f, "its bottom at the bottom");

        Material textured = Material.DEFAULT.withAlbedo(Rgb.WHITE).withShading(ShadingMode.UNLIT)
                .withTexture(Texture.image(file.toString()));
        RgbImage cube = RENDERER.render(cube(textured, Background.solid(Rgb.BLACK)), 64, 64);
        assertTrue(colours(cube) > 4);
    }

    @Test
    void proceduralBackgroundFillsTheView() {
        Background marble = new Background(Background.Kind.PROCEDURAL, Rgb.WHITE, new Rgb(0.2, 0.2, 0.2), "marble");
        RgbImage image = RENDERER.render(cube(Material.DEFAULT, marble).withObjects(List.of()), 64, 64);
        assertTrue(colours(image) > 50, "a pattern, not a flat colour");
    }

    @Test
    void missingTextureFileIsNamed() {
        Path missing = dir.resolve("nowhere.png");
        Material m = Material.DEFAULT.withTexture(Texture.image(missing.toString()));
        RenderException e = assertThrows(RenderException.class,
                () -> RENDERER.render(cube(m, Background.solid(Rgb.BLACK)), 32, 32));
        assertTrue(e.getMessage().contains("nowhere.png"), e.getMessage());
        assertEquals(32, RENDERER.render(cube(Material.DEFAULT, Background.solid(Rgb.BLACK)), 32, 32).width());
    }

    @Test
    void aTextureFileThatIsAFifoIsRefusedWithoutBlockingTheRenderer() throws Exception {
        Path fifo = dir.resolve("pipe.png");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        Material m = Material.DEFAULT.withTexture(Texture.image(fifo.toString()));
        RenderException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                RenderException.class, () -> RENDERER.render(cube(m, Background.solid(Rgb.BLACK)), 32, 32)));
        assertTrue(e.getMessage().contains("pipe.png") && e.getMessage().contains("not a regular file"),
                e.getMessage());
        assertEquals(32, RENDERER.render(cube(Material.DEFAULT, Background.solid(Rgb.BLACK)), 32, 32).width(),
                "the renderer still renders");
    }

    @Test
    void aTextureWhoseHeaderClaimsAHugeImageIsRefusedBeforeDecoding() throws IOException {
        Path file = dir.resolve("huge.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        byte[] png = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(png); // IHDR's data (width, height) starts at byte 16
        header.putInt(16, 100_000).putInt(20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // the chunk's type and its 13 bytes of data
        header.putInt(29, (int) crc.getValue());
        Files.write(file, png);
        Material m = Material.DEFAULT.withTexture(Texture.image(file.toString()));
        RenderException e = assertThrows(RenderException.class,
                () -> RENDERER.render(cube(m, Background.solid(Rgb.BLACK)), 32, 32));
        assertTrue(e.getMessage().contains("huge.png") && e.getMessage().contains("100000x100000 is larger than"),
                e.getMessage());
    }

    @Test
    void pointLightLightsTheSideFacingIt() {
        Light point = new Light(Light.Kind.POINT, new Vec3(0, 2, 1.5), Rgb.WHITE, 1);
        Scene scene = new Scene(List.of(SceneObject.of("sphere", MeshRef.builtin("sphere"))
                .withMaterial(Material.DEFAULT.withSpecular(0, 4))), Camera.DEFAULT.withOrbit(0, 0, 3),
                new Lighting(List.of(point), Rgb.BLACK), Background.solid(Rgb.BLACK));
        RgbImage image = RENDERER.render(scene, 64, 64);
        assertTrue(image.luminance(32, 14) > image.luminance(32, 50) + 0.15f,
                "lit from above: " + image.luminance(32, 14) + " vs " + image.luminance(32, 50));
    }

    /**
     * Light adds up: with no ambient term and nothing saturating, three lights of mixed kinds (the shader is
     * specialised by their number and kinds) give the sum of the images of each light alone.
     */
    @Test
    void threeLightsOfMixedKindsAddUp() {
        List<Light> lights = List.of(Light.directional(new Vec3(-1, 0.2, 0.5), 0.3),
                new Light(Light.Kind.POINT, new Vec3(0, 2, 1.5), new Rgb(1, 0.8, 0.6), 0.3),
                Light.directional(new Vec3(1, -0.3, 0.4), 0.25));
        Scene scene = new Scene(List.of(SceneObject.of("sphere", MeshRef.builtin("sphere"))
                .withMaterial(Material.DEFAULT.withSpecular(0.2, 16))), Camera.DEFAULT.withOrbit(0, 0, 3),
                new Lighting(lights, Rgb.BLACK), Background.solid(Rgb.BLACK));
        RgbImage all = RENDERER.render(scene, 48, 48);
        float[] sum = new float[all.data().length];
        for (Light l : lights) {
            float[] one = RENDERER.render(scene.withLighting(new Lighting(List.of(l), Rgb.BLACK)), 48, 48).data();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += one[i];
            }
        }
        float worst = 0;
        for (int i = 0; i < sum.length; i++) {
            assertTrue(sum[i] < 0.99f, "no light saturates");
            worst = Math.max(worst, Math.abs(all.data()[i] - sum[i]));
        }
        // each image is rounded to 8 bits twice (the supersampled frame, then its average): a few levels apart
        assertTrue(worst <= 4.5f / 255, "all three lights against the sum of each alone: off by " + worst * 255);
        assertTrue(all.luminance(24, 24) > 0.2f, "the sphere is lit: " + all.luminance(24, 24));
    }

    /**
     * The same scene gives the same pixels in every process: each test run (GLX, then EGL surfaceless, in two
     * JVMs) writes its image's digest; the later run compares with the earlier one.
     */
    @Test
    void samePixelsInEveryProcessAndOnBothPlatforms() throws Exception {
        Material m = Material.DEFAULT.withTexture(Texture.procedural("marble", Rgb.WHITE, new Rgb(0.3, 0.3, 0.5)));
        Scene scene = cube(m, Background.gradient(Rgb.WHITE, Rgb.GREY));
        RgbImage image = RENDERER.render(scene, 96, 96);
        byte[] bytes = new byte[image.data().length];
        int[] packed = image.toPackedRgb();
        for (int i = 0; i < packed.length; i++) {
            bytes[i * 3] = (byte) (packed[i] >> 16);
            bytes[i * 3 + 1] = (byte) (packed[i] >> 8);
            bytes[i * 3 + 2] = (byte) packed[i];
        }
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path record = Path.of(System.getProperty("perturber.determinism.dir", "target/determinism"));
        Files.createDirectories(record);
        RendererInfo.Platform me = RENDERER.info().platform();
        Files.writeString(record.resolve(me.name()), digest);
        // the run that comes second (EGL, in the integration-test phase) must find the first run's digest: a
        // comparison that quietly skips when one side is missing could never fail
        String required = System.getProperty("perturber.determinism.compareWith");
        if (required != null) {
            assertTrue(Files.exists(record.resolve(required)), "no " + required + " digest in " + record
                    + ": the " + required + " run did not render");
        }
        for (RendererInfo.Platform other : RendererInfo.Platform.values()) {
            Path theirs = record.resolve(other.name());
            if (other != me && Files.exists(theirs)) {
                assertEquals(Files.readString(theirs), digest, "pixels differ between " + other + " and " + me);
            }
        }
    }
}
