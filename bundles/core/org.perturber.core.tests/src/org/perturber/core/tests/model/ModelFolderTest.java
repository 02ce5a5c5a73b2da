package org.perturber.core.tests.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;

/** model.json in every format: what it declares, and folders that name files outside themselves or are too big. */
class ModelFolderTest {
    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void folder() throws IOException {
        dir = Files.createDirectories(tmp.resolve("net"));
        Files.writeString(dir.resolve("labels.txt"), "cat\ndog\n\nbird\n");
        Files.write(dir.resolve("network.pt"), new byte[] { 'P', 'K', 3, 4 });
        Files.write(dir.resolve("network.onnx"), new byte[] { 8, 1 });
    }

    private void descriptor(String body) throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"input\": {\"width\": 32, \"height\": 24}, " + body + "}");
    }

    private String refused() {
        return assertThrows(ModelLoadException.class, () -> ModelFolder.read(dir)).getMessage();
    }

    @Test
    void readsATorchScriptFolder() throws Exception {
        descriptor("\"format\": \"torchscript\", \"network\": \"network.pt\", \"outputs\": [\"logits\", \"conv\"],"
                + "\"layers\": [{\"id\": \"conv\", \"name\": \"first convolution\"}]");
        ModelFolder folder = ModelFolder.read(dir);
        assertEquals(Set.of(ModelFolder.TORCHSCRIPT), ModelFolder.declaredFormats(dir));
        assertEquals(dir.resolve("network.pt"), folder.network(ModelFolder.TORCHSCRIPT));
        assertEquals(List.of("logits", "conv"), folder.outputs());
        assertEquals("logits", folder.logits());
        assertEquals(List.of("cat", "dog", "bird"), folder.descriptor().labels());
        assertEquals("net", folder.descriptor().id()); // the folder's name
        assertEquals(24, folder.descriptor().inputHeight());
    }

    @Test
    void bothFormatsKeepTheirOrderAndMxnetIsTheDefault() throws Exception {
        descriptor("\"networks\": {\"onnx\": \"network.onnx\", \"torchscript\": \"network.pt\"}");
        assertEquals(List.of(ModelFolder.ONNX, ModelFolder.TORCHSCRIPT), List.copyOf(ModelFolder.read(dir)
                .networks().keySet()));
        descriptor("\"id\": \"tiny\"");
        assertEquals(Set.of(ModelFolder.MXNET), ModelFolder.declaredFormats(dir));
        assertEquals(dir.resolve("tiny-symbol.json"), ModelFolder.read(dir).networks().get(ModelFolder.MXNET));
    }

    @Test
    void outputsDefaultToLogitsThenTheLayers() throws Exception {
        descriptor("\"format\": \"onnx\", \"network\": \"network.onnx\","
                + "\"layers\": [{\"id\": \"a\"}, {\"id\": \"b\"}]");
        assertEquals(List.of("logits", "a", "b"), ModelFolder.read(dir).outputs());
    }

    @Test
    void refusesALayerThatIsNoOutput() throws Exception {
        descriptor("\"format\": \"onnx\", \"network\": \"network.onnx\", \"outputs\": [\"logits\"],"
                + "\"layers\": [{\"id\": \"conv\"}]");
        String message = refused();
        assertTrue(message.contains("model.json") && message.contains("'conv'"), message);
    }

    @Test
    void refusesAnUnknownFormat() throws Exception {
        descriptor("\"format\": \"caffe\", \"network\": \"network.pt\"");
        assertTrue(refused().contains("unknown format 'caffe'"));
        assertTrue(ModelFolder.declaredFormats(dir).isEmpty());
    }

    @Test
    void refusesFilesOutsideTheFolder() throws Exception {
        Files.writeString(tmp.resolve("secret.txt"), "a\nb\n");
        descriptor("\"format\": \"onnx\", \"network\": \"network.onnx\", \"labels\": \"../secret.txt\"");
        assertTrue(refused().contains("outside the model folder"));
        descriptor("\"format\": \"onnx\", \"network\": \"" + tmp.resolve("secret.txt") + "\"");
        assertTrue(refused().contains("absolute path"));
        descriptor("\"networks\": {\"onnx\": \"sub/../../secret.txt\"}");
        assertTrue(refused().contains("outside the model folder"));
    }

    @Test
    void refusesALinkThatLeadsOutOfTheFolder() throws Exception {
        Files.writeString(tmp.resolve("secret.txt"), "a\nb\n");
        Files.createSymbolicLink(dir.resolve("labels-link.txt"), tmp.resolve("secret.txt"));
        descriptor("\"format\": \"onnx\", \"network\": \"network.onnx\", \"labels\": \"labels-link.txt\"");
        assertTrue(refused().contains("a link that leads outside"));
        // a link inside the folder is fine
        Files.createSymbolicLink(dir.resolve("labels-inside.txt"), dir.resolve("labels.txt"));
        descriptor("\"format\": \"onnx\", \"network\": \"network.onnx\", \"labels\": \"labels-inside.txt\"");
        assertEquals(3, ModelFolder.read(dir).descriptor().labels().size());
    }

    @Test
    void refusesOversizedDescriptorsAndInputs() throws Exception {
        Files.writeString(dir.resolve("model.json"), "{\"pad\": \"" + "x".repeat(2 << 20) + "\"}");
        assertTrue(refused().contains("bytes; a descriptor has at most"));
        Files.writeString(dir.resolve("model.json"), "{\"input\": {\"width\": 100000, \"height\": 100000}}");
        assertTrue(refused().contains("input size 100000x100000"));
    }

    @Test
    void aMissingNetworkFileIsNamed() throws Exception {
        descriptor("\"format\": \"torchscript\", \"network\": \"gone.pt\"");
        ModelFolder folder = ModelFolder.read(dir);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> folder.network(ModelFolder
                .TORCHSCRIPT));
        assertEquals(dir.toAbsolutePath().normalize().resolve("gone.pt"), e.file());
    }

    @Test
    void aModelWithoutGradientsSaysSoForRequestsThatNeedThem() throws Exception {
        descriptor("\"format\": \"onnx\", \"network\": \"network.onnx\"");
        var d = ModelFolder.read(dir).descriptor().withCapabilities(Set.of(ModelCapability.PREDICTIONS,
                ModelCapability.ACTIVATIONS));
        assertEquals(null, d.cannotAnswer(InferenceRequest.predictions(3)));
        String why = d.cannotAnswer(InferenceRequest.predictions(1).withGradient(GradientTarget.classScore(0)));
        assertTrue(why.contains("cannot compute input gradients"), why);
        assertThrows(InferenceException.class, () -> d.checkCanAnswer(InferenceRequest.predictions(1).withGradient(
                GradientTarget.loss(0))));
        assertFalse(d.can(ModelCapability.LAYER_GRADIENTS));
        assertTrue(ModelFolder.read(dir).descriptor().can(ModelCapability.LAYER_GRADIENTS)); // all, by default
    }

    /** A broken model.json is refused in words naming the file and the place, never with the parser's raw text. */
    @Test
    void aBrokenModelJsonSaysWhatIsWrongAndWhere() throws IOException {
        Path json = dir.resolve("model.json");
        Files.writeString(json, "{\n  \"id\": \"broken\",\n  \"architecture\": ");
        String cutOff = refused();
        assertEquals(json + ": ends early, inside 'architecture' (line 3): the file is cut off", cutOff);

        Files.writeString(json, "{\n  \"id\": \"broken\"\n  \"architecture\": \"cnn\"}");
        String malformed = refused();
        assertTrue(malformed.startsWith(json + ": line 3, column "), malformed);

        descriptor("\"architecture\": {\"kind\": \"cnn\"}");
        assertTrue(refused().endsWith("\"architecture\" must be a string, not an object"), refused());

        Files.writeString(json, "{\"input\": {\"height\": 24}}");
        assertTrue(refused().endsWith("\"input\" needs \"width\": a whole number"), refused());

        for (String message : List.of(cutOff, malformed)) {
            assertFalse(message.contains("Exception") || message.contains("$."), "no parser text: " + message);
        }
    }
}
