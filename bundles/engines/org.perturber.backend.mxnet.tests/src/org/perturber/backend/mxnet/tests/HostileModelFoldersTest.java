package org.perturber.backend.mxnet.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.backend.mxnet.ModelDirectory;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.backend.mxnet.export.ParamsFile;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelLoadException;

/**
 * Hostile MXNet model folders, written here from a real small network: the parameter file that is checked is the
 * one MXNet loads, hostile shapes are refused before MXNet sees them, and params files are contained like the rest.
 */
class HostileModelFoldersTest {
    private static final int CLASSES = 5;
    private static final Duration NO_BLOCKING = Duration.ofSeconds(60);

    @TempDir
    static Path root;
    private static Path small;
    private static Path other;
    private static Model model;

    @BeforeAll
    static void writeModels() throws Exception {
        small = root.resolve("small");
        other = root.resolve("other");
        Networks.write(small, "small", Networks.smallCnn(CLASSES, 1), CLASSES, 64, "test");
        // the same network with other weights, saved under the name "small" so that its params can be swapped in
        Networks.write(other, "small", Networks.smallCnn(CLASSES, 2), CLASSES, 64, "test");
        model = new MxnetModelBackend().open(small);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Path copyOfSmall(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        try (var files = Files.list(small)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static float[] predictions(Model m) {
        return m.infer(RgbImage.filled(64, 64, 0.3f, 0.6f, 0.9f), InferenceRequest.predictions(CLASSES))
                .probabilities();
    }

    private static String refused(Path dir, String... fragments) {
        String message = assertTimeoutPreemptively(NO_BLOCKING, () -> assertThrows(ModelLoadException.class,
                () -> new MxnetModelBackend().open(dir)).getMessage());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
        assertFalse(message.contains("Exception"), message);
        // the good model is unaffected
        assertEquals(CLASSES, predictions(model).length);
        return message;
    }

    @Test
    void aLaterEpochWithOtherWeightsIsNotWhatGetsLoaded() throws Exception {
        Path dir = copyOfSmall("later-epoch-valid");
        Files.copy(other.resolve("small-0000.params"), dir.resolve("small-0001.params"));
        try (Model loaded = new MxnetModelBackend().open(dir); Model otherWeights = new MxnetModelBackend()
                .open(other)) {
            // two-sided: the checked 0000 weights, not the 0001 ones (which give other predictions)
            assertArrayEquals(predictions(model), predictions(loaded), 1e-6f);
            assertFalse(Arrays.equals(predictions(otherWeights), predictions(loaded)));
        }
    }

    @Test
    void aValid0000BesideABroken0001Loads() throws Exception {
        Path dir = copyOfSmall("later-epoch-broken");
        byte[] garbage = new byte[4096];
        new SplittableRandom(7).nextBytes(garbage);
        Files.write(dir.resolve("small-0001.params"), garbage);
        assertEquals(dir.resolve("small-0000.params"), ModelDirectory.read(dir).paramsFile());
        try (Model loaded = new MxnetModelBackend().open(dir)) {
            assertArrayEquals(predictions(model), predictions(loaded), 1e-6f);
        }
    }

    /** A params file of one float32 array with this shape and no data, named "arg:w". */
    private static byte[] paramsWithShape(long... shape) {
        byte[] name = "arg:w".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x112).putLong(0).putLong(1);
        b.putInt(0xF993FAC9).putInt(0).putInt(shape.length);
        for (long d : shape) {
            b.putLong(d);
        }
        b.putInt(1).putInt(0).putInt(0); // CPU, device 0, float32
        b.putLong(1).putLong(name.length).put(name);
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return bytes;
    }

    @Test
    void dimensionsWhoseProductOverflowsALongAreRefused() throws Exception {
        // 2^32 * 2^32 wraps to 0 elements: unchecked, the array would take no bytes and pass as complete
        Path dir = copyOfSmall("overflowing-count");
        Files.write(dir.resolve("small-0000.params"), paramsWithShape(1L << 32, 1L << 32));
        refused(dir, "small-0000.params", "array 0 of 1", "[4294967296, 4294967296]", "overflows");
    }

    @Test
    void dimensionsWhoseByteSizeOverflowsALongAreRefused() throws Exception {
        // 2^62 elements fit a long, their 2^64 bytes do not
        Path file = root.resolve("overflowing-bytes.params");
        Files.write(file, paramsWithShape(1L << 31, 1L << 31));
        IOException e = assertThrows(IOException.class, () -> ParamsFile.inspect(file));
        assertTrue(e.getMessage().contains("[2147483648, 2147483648]") && e.getMessage().contains("overflows"), e
                .getMessage());
        // two-sided: a shape that fits is read (and found to need data the file does not have)
        Files.write(file, paramsWithShape(2, 3));
        IOException truncated = assertThrows(IOException.class, () -> ParamsFile.inspect(file));
        assertTrue(truncated.getMessage().contains("truncated: array 0 needs 24 more bytes"), truncated.getMessage());
    }

    @Test
    void paramsThatAreASymbolicLinkOut() throws Exception {
        Path dir = copyOfSmall("params-link-out");
        Path outside = Files.move(dir.resolve("small-0000.params"), root.resolve("outside-0000.params"));
        Files.createSymbolicLink(dir.resolve("small-0000.params"), outside);
        refused(dir, "model.json", "\"prefix\"", "small-0000.params", "a link that leads outside the model folder");
    }

    @Test
    void paramsThatAreAFifo() throws Exception {
        Path dir = copyOfSmall("params-fifo");
        Files.delete(dir.resolve("small-0000.params"));
        Process p = new ProcessBuilder("mkfifo", dir.resolve("small-0000.params").toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        refused(dir, "model.json", "\"prefix\"", "not a regular file");
    }

    private static void prefix(Path dir, String prefix) throws IOException {
        Path json = dir.resolve("model.json");
        String text = Files.readString(json);
        assertTrue(text.contains("\"prefix\": \"small\""), text);
        Files.writeString(json, text.replace("\"prefix\": \"small\"", "\"prefix\": \"" + prefix + "\""));
    }

    @Test
    void prefixInASubfolderIsRefused() throws Exception {
        // MXNet would load <folder>/<prefix>-symbol.json, not the subfolder's file that was checked
        Path dir = copyOfSmall("prefix-subfolder");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.move(dir.resolve("small-symbol.json"), sub.resolve("small-symbol.json"));
        Files.move(dir.resolve("small-0000.params"), sub.resolve("small-0000.params"));
        prefix(dir, "sub/small");
        refused(dir, "model.json", "must lie beside model.json");
    }

    @Test
    void prefixEscapingWithDotDotIsRefused() throws Exception {
        Path dir = copyOfSmall("prefix-dotdot");
        prefix(dir, "../small/small");
        refused(dir, "model.json", "\"prefix\"", "outside the model folder");
    }

    @Test
    void labelsThatDoNotMatchTheOutputsAreReportedAgainstTheFileModelJsonNames() throws Exception {
        // the probe used to blame labels.txt whatever file model.json named
        Path dir = copyOfSmall("labels-renamed");
        Files.move(dir.resolve("labels.txt"), dir.resolve("classes.txt"));
        Path json = dir.resolve("model.json");
        String text = Files.readString(json);
        assertTrue(text.contains("\"labels\": \"labels.txt\""), text);
        Files.writeString(json, text.replace("\"labels\": \"labels.txt\"", "\"labels\": \"classes.txt\""));
        Files.writeString(dir.resolve("classes.txt"), "a\nb\nc\n");
        String message = refused(dir, "classes.txt", "has 3 labels but the network has 5 outputs");
        assertFalse(message.contains("labels.txt"), message);
        // two-sided: the same folder with five labels opens
        Files.writeString(dir.resolve("classes.txt"), "a\nb\nc\nd\ne\n");
        try (Model loaded = new MxnetModelBackend().open(dir)) {
            assertEquals(List.of("a", "b", "c", "d", "e"), loaded.descriptor().labels());
        }
    }
}
