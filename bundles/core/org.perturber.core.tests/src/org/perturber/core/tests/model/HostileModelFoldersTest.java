package org.perturber.core.tests.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.testing.BlockedThreads;
import org.perturber.testing.Canaries;

/**
 * Hostile model folders, written here: every file model.json names must resolve inside the folder and be a regular
 * file of bounded size. A canary beside the folder is itself a valid labels file, so a folder that reached it would
 * load; each refusal must be ours (file, field, problem), never the canary's content or an I/O error about it.
 * After each test the canaries' access times show that none was even read, and no thread is left blocked in a file
 * open or read (the bundle's tests run with a 256 MiB heap: pom.xml).
 */
class HostileModelFoldersTest {
    private static final String CANARY = "CANARY-CONTENT-MUST-NOT-SHOW";
    private static final Duration NO_BLOCKING = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    Path dir;
    Path canary;
    Canaries canaries;

    @BeforeEach
    void folder() throws IOException {
        dir = Files.createDirectories(tmp.resolve("net"));
        canaries = Canaries.in(tmp);
        canary = canaries.plant(tmp.resolve("canary.txt"), (CANARY + "\nsecond\n").getBytes(UTF_8));
        Files.writeString(dir.resolve("labels.txt"), "cat\ndog\nbird\n");
        Files.write(dir.resolve("network.pt"), new byte[] { 'P', 'K', 3, 4 });
        Files.writeString(dir.resolve("tiny-symbol.json"), "{\"nodes\": []}");
    }

    @AfterEach
    void nothingOutsideWasReadAndNoThreadIsStuck() throws Exception {
        assertEquals(List.of(), canaries.read(), "canaries read beside the model folder");
        assertEquals(List.of(), BlockedThreads.inFileIo(300), "threads blocked in file I/O");
    }

    private void descriptor(String body) throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"input\": {\"width\": 32, \"height\": 24}, " + body + "}");
    }

    /** A TorchScript folder whose labels field is given. */
    private void labels(String name) throws IOException {
        descriptor("\"format\": \"torchscript\", \"network\": \"network.pt\", \"labels\": \"" + name + "\"");
    }

    /** The refusal's message, checked to be ours: it names the file and never carries the canary's content. */
    private String refused(String file, String... fragments) {
        String message = assertTimeoutPreemptively(NO_BLOCKING, () -> assertThrows(ModelLoadException.class,
                () -> ModelFolder.read(dir)).getMessage());
        assertTrue(message.contains(file), message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
        assertFalse(message.contains(CANARY), message);
        assertFalse(message.contains("Exception"), message);
        return message;
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + path);
        assertTrue(Files.exists(path) && !Files.isRegularFile(path), "no FIFO at " + path);
    }

    @Test
    void theSameFolderWithLabelsInsideLoads() throws Exception {
        // the other side of every case below: the fixture itself is fine
        labels("labels.txt");
        assertEquals(List.of("cat", "dog", "bird"), ModelFolder.read(dir).descriptor().labels());
    }

    @Test
    void labelsEscapingWithDotDotToEtcPasswd() throws Exception {
        labels("../../../../../../etc/passwd");
        refused("model.json", "\"labels\"", "../../../../../../etc/passwd", "outside the model folder");
    }

    @Test
    void labelsEscapingToTheCanaryBeside() throws Exception {
        labels("../canary.txt");
        refused("model.json", "\"labels\"", "outside the model folder");
    }

    @Test
    void labelsAsAnAbsolutePath() throws Exception {
        labels(canary.toAbsolutePath().toString());
        refused("model.json", "\"labels\"", "an absolute path");
    }

    @Test
    void labelsThatAreASymbolicLinkOut() throws Exception {
        Files.createSymbolicLink(dir.resolve("linked.txt"), canary);
        labels("linked.txt");
        refused("model.json", "\"labels\"", "linked.txt", "a link that leads outside the model folder");
    }

    @Test
    void labelsInASubfolderThatIsALinkOut() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        canaries.plant(outside.resolve("labels.txt"), (CANARY + "\n").getBytes(UTF_8));
        Files.createSymbolicLink(dir.resolve("sub"), outside);
        labels("sub/labels.txt");
        refused("model.json", "\"labels\"", "a link that leads outside the model folder");
    }

    @Test
    void labelsThatAreADanglingLink() throws Exception {
        Files.createSymbolicLink(dir.resolve("dangling.txt"), tmp.resolve("nowhere.txt"));
        labels("dangling.txt");
        refused("model.json", "\"labels\"", "a link that leads nowhere readable");
    }

    @Test
    void labelsThatAreAFifoAreRefusedWithoutOpeningIt() throws Exception {
        mkfifo(dir.resolve("labels.fifo"));
        labels("labels.fifo");
        // opening a FIFO for reading blocks until a writer comes: the timeout catches that
        refused("model.json", "\"labels\"", "not a regular file");
    }

    @Test
    void labelsThatAreAFolder() throws Exception {
        Files.createDirectories(dir.resolve("labels.d"));
        labels("labels.d");
        refused("model.json", "\"labels\"", "not a regular file");
    }

    @Test
    void labelsOf20MiBAreRefusedBeforeReading() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.txt").toFile(), "rw")) {
            f.setLength(20L << 20); // sparse: reading it would show as a count or encoding problem, not this one
        }
        labels("huge.txt");
        refused("huge.txt", "is " + (20L << 20) + " bytes", "at most " + ModelFolder.MAX_LABELS_BYTES,
                "model.json names as \"labels\"");
    }

    @Test
    void labelsWithOneLabelTooManyAreRefusedAtTheLineThatExceeds() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= ModelFolder.MAX_LABELS; i++) {
            many.append('c').append(i).append('\n');
        }
        Files.writeString(dir.resolve("many.txt"), many);
        labels("many.txt");
        refused("many.txt", "line " + (ModelFolder.MAX_LABELS + 1), "more than " + ModelFolder.MAX_LABELS
                + " labels", "model.json names as \"labels\"");
        // two-sided: exactly the cap is accepted
        Files.writeString(dir.resolve("many.txt"), many.substring(0, many.lastIndexOf("c")));
        assertEquals(ModelFolder.MAX_LABELS, ModelFolder.read(dir).descriptor().labels().size());
    }

    @Test
    void labelsThatAreNotText() throws Exception {
        Files.write(dir.resolve("binary.txt"), new byte[] { 'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n' });
        labels("binary.txt");
        refused("binary.txt", "is not UTF-8 text");
    }

    @Test
    void descriptorOf50MiBOfWhitespaceIsRefusedBeforeParsing() throws Exception {
        try (FileChannel out = FileChannel.open(dir.resolve("model.json"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer spaces = ByteBuffer.allocate(1 << 20);
            while (spaces.hasRemaining()) {
                spaces.put((byte) ' ');
            }
            for (int i = 0; i < 50; i++) {
                spaces.rewind();
                out.write(spaces);
            }
            out.write(ByteBuffer.wrap("{\"input\": {\"width\": 1, \"height\": 1}}".getBytes()));
        }
        refused("model.json", "bytes; a descriptor has at most " + ModelFolder.MAX_DESCRIPTOR_BYTES);
    }

    @Test
    void descriptorThatIsALinkOut() throws Exception {
        Path outside = canaries.plant(tmp.resolve("model.json"),
                ("{\"input\": {\"width\": 32, \"height\": 24}, \"format\": \"torchscript\", "
                        + "\"network\": \"network.pt\"}").getBytes(UTF_8));
        Files.createSymbolicLink(dir.resolve("model.json"), outside);
        refused("model.json", "a link that leads outside the model folder");
    }

    @Test
    void descriptorThatIsAFifo() throws Exception {
        mkfifo(dir.resolve("model.json"));
        refused("model.json", "not a regular file");
    }

    @Test
    void mxnetPrefixEscapingWithDotDot() throws Exception {
        Files.writeString(tmp.resolve("tiny-symbol.json"), "{\"nodes\": []}");
        descriptor("\"prefix\": \"../tiny\"");
        refused("model.json", "\"prefix\"", "../tiny-symbol.json", "outside the model folder");
    }

    @Test
    void mxnetPrefixAsAnAbsolutePath() throws Exception {
        descriptor("\"prefix\": \"" + tmp.resolve("tiny").toAbsolutePath() + "\"");
        refused("model.json", "\"prefix\"", "an absolute path");
    }

    @Test
    void networkEscapingWithDotDot() throws Exception {
        descriptor("\"format\": \"torchscript\", \"network\": \"../canary.txt\"");
        refused("model.json", "\"network\"", "outside the model folder");
    }

    @Test
    void networksMapWithAnAbsolutePath() throws Exception {
        descriptor("\"networks\": {\"torchscript\": \"network.pt\", \"onnx\": \"" + canary.toAbsolutePath()
                + "\"}");
        refused("model.json", "\"networks\"", "an absolute path");
    }

    @Test
    void networkThatIsASymbolicLinkOut() throws Exception {
        Files.createSymbolicLink(dir.resolve("linked.pt"), canary);
        descriptor("\"format\": \"torchscript\", \"network\": \"linked.pt\"");
        refused("model.json", "\"network\"", "a link that leads outside the model folder");
    }

    @Test
    void networkThatIsAFifo() throws Exception {
        mkfifo(dir.resolve("network.fifo"));
        descriptor("\"format\": \"torchscript\", \"network\": \"network.fifo\"");
        refused("model.json", "\"network\"", "not a regular file");
    }
}
