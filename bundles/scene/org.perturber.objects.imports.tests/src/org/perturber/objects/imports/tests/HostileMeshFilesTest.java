package org.perturber.objects.imports.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.objects.imports.ImportedMesh;
import org.perturber.objects.imports.MeshFiles;
import org.perturber.testing.BlockedThreads;
import org.perturber.testing.Canaries;

/**
 * Hostile and broken mesh files written by the test: references out of the mesh's folder, URLs, FIFOs, folders,
 * declared counts and image sizes far beyond the limits, broken binary glTF. Beside the mesh's folder lie canary
 * files that are valid geometry, materials and images: had one been read, the import would have succeeded (or shown
 * its colour), so every refusal below also shows that the canary was never used; and after each test the canaries'
 * access times show that none was even read, and no thread is left blocked in a file open or read. The bundle's
 * tests run with a 256 MiB heap (pom.xml): a limit checked only after allocating would fail them.
 */
class HostileMeshFilesTest {
    private static final float[] TRIANGLE = { 0, 0, 0, 1, 0, 0, 0, 1, 0 };

    @TempDir
    Path root;
    private Path folder;
    private final MeshFiles files = new MeshFiles();

    private Canaries canaries;

    @BeforeEach
    void canaries() throws IOException {
        folder = Files.createDirectory(root.resolve("mesh"));
        canaries = Canaries.in(root);
        canaries.plant(root.resolve("outside.bin"), floats(TRIANGLE));
        canaries.plant(root.resolve("x.mtl"), "newmtl canary\nKd 1 0 0\n".getBytes(StandardCharsets.UTF_8));
        canaries.plant(root.resolve("canary.png"), png(2, 2));
    }

    @AfterEach
    void nothingOutsideWasReadAndNoThreadIsStuck() throws Exception {
        assertEquals(List.of(), canaries.read(), "canaries read beside the mesh's folder");
        assertEquals(List.of(), BlockedThreads.inFileIo(300), "threads blocked in file I/O");
    }

    // --- glTF buffers and images ---

    @Test
    void gltfBufferUriWithDotDotIsRefused() throws IOException {
        assertRefused(gltf(folder, "escape.gltf", "../outside.bin", 3, null), "buffer uri \"../outside.bin\"",
                "outside the mesh's folder");
    }

    @Test
    void gltfBufferUriPercentEncodedDotDotIsRefused() throws IOException {
        assertRefused(gltf(folder, "encoded.gltf", "%2E%2E/outside.bin", 3, null), "%2E%2E/outside.bin",
                "outside the mesh's folder");
    }

    @Test
    void gltfBufferUriAbsoluteIsRefused() throws IOException {
        assertRefused(gltf(folder, "absolute.gltf", "/etc/passwd", 3, null), "\"/etc/passwd\"", "absolute path");
    }

    @Test
    void gltfBufferUriAbsoluteToCanaryIsRefused() throws IOException {
        String canary = root.resolve("outside.bin").toString();
        assertRefused(gltf(folder, "absolute2.gltf", canary, 3, null), canary, "absolute path");
    }

    @Test
    void gltfBufferUriHttpIsRefusedWithoutFetching() throws IOException {
        assertRefused(gltf(folder, "remote.gltf", "http://example.com/x.bin", 3, null), "http://example.com/x.bin",
                "is a URL");
    }

    @Test
    void gltfBufferUriFileSchemeIsRefused() throws IOException {
        assertRefused(gltf(folder, "scheme.gltf", "file:///etc/passwd", 3, null), "file:///etc/passwd", "is a URL");
    }

    @Test
    void gltfBufferSymlinkLeadingOutIsRefused() throws IOException {
        Files.createSymbolicLink(folder.resolve("link.bin"), root.resolve("outside.bin"));
        assertRefused(gltf(folder, "link.gltf", "link.bin", 3, null), "link.bin", "link that leads outside");
    }

    @Test
    void gltfBufferThatIsAFolderIsRefused() throws IOException {
        Files.createDirectory(folder.resolve("data.bin"));
        assertRefused(gltf(folder, "folderbuffer.gltf", "data.bin", 3, null), "data.bin", "not a regular file");
    }

    @Test
    void gltfBufferMissingIsNamed() throws IOException {
        assertRefused(gltf(folder, "missing.gltf", "nowhere.bin", 3, null), "nowhere.bin", "does not exist");
    }

    @Test
    void gltfMissingImageIsNamed() throws IOException {
        Files.write(folder.resolve("ok.bin"), floats(TRIANGLE));
        assertRefused(gltf(folder, "noimage.gltf", "ok.bin", 3, "absent.png"), "image uri \"absent.png\"",
                "does not exist");
    }

    @Test
    void gltfImageUriEscapingIsRefused() throws IOException {
        Files.write(folder.resolve("ok.bin"), floats(TRIANGLE));
        assertRefused(gltf(folder, "image.gltf", "ok.bin", 3, "../canary.png"), "image uri \"../canary.png\"",
                "outside the mesh's folder");
    }

    @Test
    void glbWhoseJsonNamesAnOutsideUriIsRefused() throws IOException {
        Path glb = folder.resolve("escape.glb");
        Files.write(glb, glb(gltfJson("../outside.bin", 3, null), null));
        assertRefused(glb, "buffer uri \"../outside.bin\"", "outside the mesh's folder");
    }

    @Test
    void gltfInsideTheFolderAndDataUriStillImport() throws IOException {
        Files.write(folder.resolve("ok.bin"), floats(TRIANGLE));
        assertEquals(1, files.read(gltf(folder, "ok.gltf", "ok.bin", 3, null)).mesh().triangleCount());
        String data = "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(floats(TRIANGLE));
        assertEquals(1, files.read(gltf(folder, "data.gltf", data, 3, null)).mesh().triangleCount());
    }

    /** A glTF whose one triangle lies in buffer 0, with {@code buffers} buffers all naming the same file. */
    private static Path gltfWithBuffers(Path folder, String name, int buffers, String uri, int byteLength)
            throws IOException {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < buffers; i++) {
            list.append(i == 0 ? "" : ",").append("{\"uri\":\"").append(uri).append("\",\"byteLength\":")
                    .append(byteLength).append('}');
        }
        return Files.writeString(folder.resolve(name), gltfJson(uri, 3, null).replace(
                "\"buffers\":[{\"uri\":\"" + uri + "\",\"byteLength\":36}]", "\"buffers\":[" + list + "]"));
    }

    @Test
    void manyBuffersNamingOneFileCountAgainstOneBudget() throws IOException {
        // 1000 references to a 4000-byte file: each read alone is under the 64 KiB limit, together 4 MB are not
        byte[] big = new byte[4000];
        System.arraycopy(floats(TRIANGLE), 0, big, 0, 36);
        Files.write(folder.resolve("big.bin"), big);
        MeshFiles small = new MeshFiles(64 * 1024);
        Path many = gltfWithBuffers(folder, "many.gltf", 1000, "big.bin", 4000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.read(many));
        assertTrue(e.getMessage().contains("many.gltf") && e.getMessage().contains("buffer uri \"big.bin\"")
                && e.getMessage().contains("more than the 65536 bytes a mesh may read"), e.getMessage());
        // two-sided: a few references to the same file stay within the budget and import
        assertEquals(1, small.read(gltfWithBuffers(folder, "few.gltf", 3, "big.bin", 4000)).mesh()
                .triangleCount());
    }

    // --- OBJ and MTL ---

    @Test
    void objMtllibWithDotDotIsRefused() throws IOException {
        Path obj = obj(folder, "escape.obj", "../x.mtl");
        assertRefused(obj, "mtllib \"../x.mtl\"", "outside the mesh's folder");
    }

    @Test
    void objMtllibUrlIsRefused() throws IOException {
        assertRefused(obj(folder, "remote.obj", "https://example.com/x.mtl"), "https://example.com/x.mtl",
                "is a URL");
    }

    @Test
    void objMtllibSymlinkLeadingOutIsRefused() throws IOException {
        Files.createSymbolicLink(folder.resolve("link.mtl"), root.resolve("x.mtl"));
        assertRefused(obj(folder, "link.obj", "link.mtl"), "link.mtl", "link that leads outside");
    }

    @Test
    void mtlMapKdAbsoluteIsRefused() throws IOException {
        Files.writeString(folder.resolve("abs.mtl"), "newmtl m\nKd 1 1 1\nmap_Kd /etc/passwd\n");
        assertRefused(obj(folder, "abs.obj", "abs.mtl"), "map_Kd in abs.mtl \"/etc/passwd\"",
                "absolute path");
    }

    @Test
    void mtlMapKdWithDotDotIsRefused() throws IOException {
        Files.writeString(folder.resolve("dots.mtl"), "newmtl m\nKd 1 1 1\nmap_Kd ../canary.png\n");
        assertRefused(obj(folder, "dots.obj", "dots.mtl"), "map_Kd in dots.mtl \"../canary.png\"",
                "outside the mesh's folder");
    }

    @Test
    void objInsideTheFolderStillGetsItsMaterialAndTexture() throws IOException {
        Files.write(folder.resolve("tex.png"), png(2, 2));
        Files.writeString(folder.resolve("ok.mtl"), "newmtl m\nKd 1 0 0\nmap_Kd tex.png\n");
        ImportedMesh mesh = files.read(obj(folder, "ok.obj", "ok.mtl"));
        assertEquals(1, mesh.mesh().triangleCount());
        assertTrue(mesh.material().texture().source().endsWith("tex.png"), mesh.material().texture().source());
    }

    // --- the mesh file itself ---

    @Test
    void fifoNamedObjIsRefusedWithoutBlocking() throws Exception {
        Path fifo = folder.resolve("x.obj");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the test needs a FIFO");
        // opening a FIFO without a writer blocks forever: the refusal must come before any open
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertRefused(fifo, "not a regular file"));
    }

    @Test
    void folderNamedGltfIsRefused() throws IOException {
        Path dir = Files.createDirectory(folder.resolve("x.gltf"));
        assertRefused(dir, "not a regular file");
    }

    // --- bounds before work ---

    @Test
    void accessorCountOfTwoToThe31WithATinyBufferIsRefusedFromTheCount() throws IOException {
        Files.write(folder.resolve("tiny.bin"), floats(TRIANGLE));
        assertRefused(gltf(folder, "huge.gltf", "tiny.bin", Integer.MAX_VALUE, null), "2147483647",
                "more than the 4000000 triangles supported");
    }

    @Test
    void accessorReadingPastItsBufferViewIsRefused() throws IOException {
        Files.write(folder.resolve("short.bin"), floats(TRIANGLE));
        assertRefused(gltf(folder, "past.gltf", "short.bin", 30, null), "360 bytes", "36 bytes");
    }

    @Test
    void objIsStoppedAtTheTriangleLimitWhileItStreams() throws IOException {
        MeshFiles small = new MeshFiles(MeshFiles.DEFAULT_MAX_BYTES, 10);
        StringBuilder text = new StringBuilder("v 0 0 0\nv 1 0 0\nv 0 1 0\n");
        text.append("f 1 2 3\n".repeat(10));
        Path fits = Files.writeString(folder.resolve("ten.obj"), text);
        assertEquals(10, small.read(fits).mesh().triangleCount()); // two-sided: at the limit it imports
        // the 11th face is over the limit; the line after it is garbage the parser would reject if it got there
        Path over = Files.writeString(folder.resolve("eleven.obj"), text + "f 1 2 3\nf 1 2 banana\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.read(over));
        assertTrue(e.getMessage().contains("eleven.obj: more than the 10 triangles supported"), e.getMessage());
        // and the garbage line is one the parser refuses when the limit lets it get that far
        IllegalArgumentException parsed = assertThrows(IllegalArgumentException.class, () -> files.read(over));
        assertTrue(parsed.getMessage().contains("eleven.obj: not a valid OBJ file"), parsed.getMessage());
    }

    @Test
    void gltfAccessorCountAboveASmallLimitIsRefusedFromTheCount() throws IOException {
        MeshFiles small = new MeshFiles(MeshFiles.DEFAULT_MAX_BYTES, 2);
        float[] nine = new float[9 * 3];
        for (int i = 0; i < nine.length; i += 9) {
            System.arraycopy(TRIANGLE, 0, nine, i, 9);
        }
        Files.write(folder.resolve("nine.bin"), floats(nine));
        String json = gltfJson("nine.bin", 9, null).replace("\"byteLength\":36", "\"byteLength\":108");
        Path file = Files.writeString(folder.resolve("nine.gltf"), json);
        assertEquals(3, files.read(file).mesh().triangleCount()); // two-sided: the default limit reads it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.read(file));
        assertTrue(e.getMessage().contains("nine.gltf: its accessors declare 9 vertices and 3 triangles, more than "
                + "the 2 triangles supported"), e.getMessage());
    }

    @Test
    void mtlTextureWhosePngHeaderClaims100000SquareIsRefusedBeforeDecoding() throws IOException {
        Files.write(folder.resolve("huge.png"), pngHeader(100_000, 100_000));
        Files.writeString(folder.resolve("huge.mtl"), "newmtl m\nmap_Kd huge.png\n");
        assertRefused(obj(folder, "huge.obj", "huge.mtl"), "huge.png", "100000x100000",
                "at most 4096 pixels a side");
    }

    @Test
    void gltfImageFileWhosePngHeaderClaims100000SquareIsRefused() throws IOException {
        Files.write(folder.resolve("ok.bin"), floats(TRIANGLE));
        Files.write(folder.resolve("huge.png"), pngHeader(100_000, 100_000));
        assertRefused(gltf(folder, "hugeimage.gltf", "ok.bin", 3, "huge.png"), "huge.png", "100000x100000");
    }

    @Test
    void gltfEmbeddedImageWhosePngHeaderClaims100000SquareIsRefused() throws IOException {
        Files.write(folder.resolve("ok.bin"), floats(TRIANGLE));
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(pngHeader(100_000, 100_000));
        assertRefused(gltf(folder, "embedded.gltf", "ok.bin", 3, data), "embedded image", "100000x100000");
    }

    @Test
    void truncatedGlbIsRefused() throws IOException {
        byte[] whole = glb(gltfJson(null, 3, null), floats(TRIANGLE));
        Path glb = folder.resolve("truncated.glb");
        Files.write(glb, java.util.Arrays.copyOf(whole, whole.length - 20));
        assertRefused(glb, "not a valid glTF file");
        Path complete = folder.resolve("complete.glb"); // two-sided: the same file whole imports
        Files.write(complete, whole);
        assertEquals(1, files.read(complete).mesh().triangleCount());
    }

    @Test
    void glbWithAWrongMagicIsRefused() throws IOException {
        byte[] bytes = glb(gltfJson(null, 3, null), floats(TRIANGLE));
        bytes[0] = 'X';
        Path glb = folder.resolve("magic.glb");
        Files.write(glb, bytes);
        assertRefused(glb, "not a valid glTF file");
    }

    // --- embedded textures ---

    @Test
    void embeddedTexturesGoToAPrivateFolderPerImport() throws IOException {
        Files.write(folder.resolve("ok.bin"), floats(TRIANGLE));
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(2, 2));
        Path a = Path.of(files.read(gltf(folder, "a.gltf", "ok.bin", 3, data)).material().texture().source());
        Path b = Path.of(files.read(gltf(folder, "b.gltf", "ok.bin", 3, data)).material().texture().source());
        assertTrue(Files.isRegularFile(a) && Files.isRegularFile(b));
        assertNotEquals(a.getParent(), b.getParent(), "each import has its own folder");
        assertFalse(a.getParent().getFileName().toString().equals("perturber-textures"), a.toString());
        assertTrue(a.getParent().getFileName().toString().startsWith("perturber-gltf-texture-"), a.toString());
    }

    // --- helpers ---

    private void assertRefused(Path mesh, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> files.read(mesh));
        String message = e.getMessage();
        assertTrue(message.contains(mesh.getFileName().toString()), "names the mesh file: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "says \"" + fragment + "\": " + message);
        }
        assertFalse(message.contains("Exception"), "no Java class names: " + message);
        assertFalse(message.contains("root:"), "nothing of /etc/passwd: " + message);
    }

    private static Path obj(Path folder, String name, String mtllib) throws IOException {
        return Files.writeString(folder.resolve(name), "mtllib " + mtllib + "\nv 0 0 0\nv 1 0 0\nv 0 1 0\n"
                + "usemtl m\nf 1 2 3\n");
    }

    private static String gltfJson(String bufferUri, long count, String imageUri) {
        String uri = bufferUri == null ? "" : "\"uri\":\"" + bufferUri + "\",";
        String material = imageUri == null ? "" : ",\"material\":0";
        String images = imageUri == null ? ""
                : ",\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0}}}],"
                        + "\"textures\":[{\"source\":0}],\"images\":[{\"uri\":\"" + imageUri + "\"}]";
        return "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],\"nodes\":[{\"mesh\":0}],"
                + "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}" + material + "}]}],"
                + "\"buffers\":[{" + uri + "\"byteLength\":36}],\"bufferViews\":[{\"buffer\":0,\"byteLength\":36}],"
                + "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":" + count
                + ",\"type\":\"VEC3\",\"min\":[0,0,0],\"max\":[1,1,0]}]" + images + "}";
    }

    private static Path gltf(Path folder, String name, String bufferUri, long count, String imageUri)
            throws IOException {
        return Files.writeString(folder.resolve(name), gltfJson(bufferUri, count, imageUri));
    }

    private static byte[] glb(String json, byte[] bin) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        int jsonLength = (j.length + 3) / 4 * 4;
        int binLength = bin == null ? 0 : (bin.length + 3) / 4 * 4;
        int total = 12 + 8 + jsonLength + (bin == null ? 0 : 8 + binLength);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46546C67).putInt(2).putInt(total);
        b.putInt(jsonLength).putInt(0x4E4F534A).put(j);
        for (int i = j.length; i < jsonLength; i++) {
            b.put((byte) ' ');
        }
        if (bin != null) {
            b.putInt(binLength).putInt(0x004E4942).put(bin);
        }
        return b.array();
    }

    private static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and IHDR chunk only: a header that claims a size no data backs. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put(new byte[] { 8, 2, 0, 0, 0 });
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 17 + 4);
        b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return b.array();
    }
}
