package org.perturber.objects.imports.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

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
import org.perturber.objects.imports.ImportedMesh;
import org.perturber.objects.imports.MeshFiles;
import org.perturber.core.render.RenderException;
import org.perturber.core.render.SceneRenderer;

/** Meshes written by the test, imported through the registered provider and rendered for real. */
class MeshImportTest {
    private static final SceneRenderer RENDERER = Services.await(SceneRenderer.class, Duration.ofSeconds(20));
    private final MeshFiles files = new MeshFiles();

    @TempDir
    Path dir;

    /** A unit cube: 8 corners, 12 triangles, faces with uvs, no normals. */
    private static final String CUBE_OBJ = """
            mtllib cube.mtl
            v -1 -1 -1
            v 1 -1 -1
            v 1 1 -1
            v -1 1 -1
            v -1 -1 1
            v 1 -1 1
            v 1 1 1
            v -1 1 1
            vt 0 0
            vt 1 0
            vt 1 1
            vt 0 1
            usemtl painted
            f 5/1 6/2 7/3 8/4
            f 2/1 1/2 4/3 3/4
            f 6/1 2/2 3/3 7/4
            f 1/1 5/2 8/3 4/4
            f 8/1 7/2 3/3 4/4
            f 1/1 2/2 6/3 5/4
            """;

    private static Scene sceneWith(SceneObject object) {
        return new Scene(List.of(object), Camera.DEFAULT.withOrbit(30, 25, 3.2),
                new Lighting(List.of(Light.directional(new Vec3(-1, 0.3, 0.4), 1)), new Rgb(0.1, 0.1, 0.1)),
                Background.solid(new Rgb(0, 0, 1)));
    }

    private static SceneObject imported(Path file, Material material) {
        return SceneObject.of(file.getFileName().toString(), MeshRef.file(file.toString())).withMaterial(material);
    }

    @Test
    void objWithMtlAndTextureRendersWithItsTexture() throws IOException {
        BufferedImage texture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                texture.setRGB(x, y, x < 4 ? 0xff0000 : 0x00ff00);
            }
        }
        ImageIO.write(texture, "png", dir.resolve("halves.png").toFile());
        Files.writeString(dir.resolve("cube.mtl"), "newmtl painted\nKd 0.5 0.5 0.5\nmap_Kd halves.png\n");
        Path obj = dir.resolve("cube.obj");
        Files.writeString(obj, CUBE_OBJ);

        ImportedMesh mesh = files.read(obj);
        assertEquals(12, mesh.mesh().triangleCount());
        assertEquals(Texture.Kind.IMAGE, mesh.material().texture().kind());
        float[] p = mesh.mesh().positions();
        assertEquals(1.0, Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]), 1e-5, "corners on the unit sphere");

        Material unlit = mesh.material().withShading(ShadingMode.UNLIT);
        RgbImage image = RENDERER.render(sceneWith(imported(obj, unlit)), 64, 64);
        boolean red = false, green = false;
        for (int i = 0; i < 64 * 64; i++) {
            int rgb = image.toPackedRgb()[i];
            red |= rgb == 0xff0000;
            green |= rgb == 0x00ff00;
        }
        assertTrue(red && green, "both halves of the texture are visible");
    }

    @Test
    void objWithoutNormalsGetsThemAndIsLit() throws IOException {
        Path obj = dir.resolve("plain.obj");
        Files.writeString(obj, CUBE_OBJ.replace("mtllib cube.mtl\n", ""));
        RgbImage image = RENDERER.render(sceneWith(imported(obj, Material.DEFAULT.withSpecular(0, 4))), 64, 64);
        assertTrue(image.luminance(32, 32) > 0.05f && image.get(32, 32, 2) < 0.99f, "the cube covers the centre");
        assertEquals(0f, image.get(1, 1, 0), "the background stays");
    }

    /** A tetrahedron as glTF JSON: positions and indices in one base64 buffer, placed away from the origin. */
    private static String tetrahedronGltf(String bufferUri, boolean withMaterial) {
        return """
                {"asset": {"version": "2.0"},
                 "scenes": [{"nodes": [0]}], "scene": 0,
                 "nodes": [{"mesh": 0, "translation": [5, 5, 5], "scale": [3, 3, 3]}],
                 "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1, "mode": 4%s}]}],
                 %s
                 "buffers": [{"byteLength": 72%s}],
                 "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 48},
                                 {"buffer": 0, "byteOffset": 48, "byteLength": 24}],
                 "accessors": [{"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3",
                                "min": [0, 0, 0], "max": [1, 1, 1]},
                               {"bufferView": 1, "componentType": 5123, "count": 12, "type": "SCALAR"}]}
                """.formatted(withMaterial ? ", \"material\": 0" : "",
                withMaterial ? "\"materials\": [{\"pbrMetallicRoughness\": {\"baseColorFactor\": [1, 0.5, 0, 1]}}],"
                        : "",
                bufferUri == null ? "" : ", \"uri\": \"" + bufferUri + "\"");
    }

    private static byte[] tetrahedronBuffer() {
        ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 }) {
            b.putFloat(v);
        }
        for (int i : new int[] { 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3 }) {
            b.putShort((short) i);
        }
        return b.array();
    }

    @Test
    void gltfWithEmbeddedBufferIsCentredAndKeepsItsColour() throws IOException {
        Path gltf = dir.resolve("tetra.gltf");
        Files.writeString(gltf, tetrahedronGltf("data:application/octet-stream;base64,"
                + Base64.getEncoder().encodeToString(tetrahedronBuffer()), true));
        ImportedMesh mesh = files.read(gltf);
        assertEquals(4, mesh.mesh().triangleCount());
        assertEquals(new Rgb(1, 0.5, 0), mesh.material().albedo());
        RgbImage image = RENDERER.render(sceneWith(imported(gltf, mesh.material().withShading(ShadingMode.UNLIT))),
                64, 64);
        assertEquals(0xff8000, image.toPackedRgb()[32 * 64 + 32], "orange in the centre: translated file centred");
    }

    @Test
    void binaryGlbRenders() throws IOException {
        byte[] json = tetrahedronGltf(null, false).getBytes(StandardCharsets.UTF_8);
        int jsonLength = (json.length + 3) / 4 * 4;
        byte[] bin = tetrahedronBuffer();
        ByteBuffer glb = ByteBuffer.allocate(12 + 8 + jsonLength + 8 + bin.length).order(ByteOrder.LITTLE_ENDIAN);
        glb.putInt(0x46546C67).putInt(2).putInt(glb.capacity());
        glb.putInt(jsonLength).putInt(0x4E4F534A).put(json);
        for (int i = json.length; i < jsonLength; i++) {
            glb.put((byte) ' ');
        }
        glb.putInt(bin.length).putInt(0x004E4942).put(bin);
        Path file = dir.resolve("tetra.glb");
        Files.write(file, glb.array());
        RgbImage image = RENDERER.render(sceneWith(imported(file, Material.DEFAULT)), 48, 48);
        assertTrue(image.get(24, 24, 2) < 0.99f, "the tetrahedron covers the centre");
    }

    @Test
    void malformedFilesAreRefusedWithTheFileAndProblemNamed() throws IOException {
        Path badIndex = dir.resolve("bad-index.obj");
        Files.writeString(badIndex, "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> files.read(badIndex));
        assertTrue(e.getMessage().contains("bad-index.obj"), e.getMessage());

        Path empty = dir.resolve("empty.obj");
        Files.writeString(empty, "# nothing here\n");
        e = assertThrows(IllegalArgumentException.class, () -> files.read(empty));
        assertTrue(e.getMessage().contains("empty.obj") && e.getMessage().contains("no faces"), e.getMessage());

        Path garbage = dir.resolve("garbage.gltf");
        Files.writeString(garbage, "{ this is not json");
        e = assertThrows(IllegalArgumentException.class, () -> files.read(garbage));
        assertTrue(e.getMessage().contains("garbage.gltf") && e.getMessage().contains("glTF"), e.getMessage());

        Path truncatedGlb = dir.resolve("truncated.glb");
        Files.write(truncatedGlb, new byte[] { 0x67, 0x6C, 0x54, 0x46, 2, 0, 0, 0 });
        e = assertThrows(IllegalArgumentException.class, () -> files.read(truncatedGlb));
        assertTrue(e.getMessage().contains("truncated.glb"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> files.read(dir.resolve("missing.obj")));
        assertTrue(e.getMessage().contains("missing.obj"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> files.read(dir.resolve("scene.fbx")));
        assertTrue(e.getMessage().contains("unknown mesh format"), e.getMessage());
    }

    @Test
    void oversizedFilesAreRefusedBeforeParsing() throws IOException {
        Path obj = dir.resolve("big.obj");
        Files.writeString(obj, CUBE_OBJ);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeshFiles(100).read(obj));
        assertTrue(e.getMessage().contains("big.obj") && e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void renderingAMalformedFileFailsCleanlyAndTheRendererGoesOn() throws IOException {
        Path garbage = dir.resolve("broken.obj");
        Files.writeString(garbage, "v 0 0 0\nf 1 2 3\n");
        RenderException e = assertThrows(RenderException.class,
                () -> RENDERER.render(sceneWith(imported(garbage, Material.DEFAULT)), 32, 32));
        assertTrue(e.getMessage().contains("broken.obj"), e.getMessage());
        Path ok = dir.resolve("ok.obj");
        Files.writeString(ok, CUBE_OBJ.replace("mtllib cube.mtl\n", ""));
        assertEquals(32, RENDERER.render(sceneWith(imported(ok, Material.DEFAULT)), 32, 32).width());
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
