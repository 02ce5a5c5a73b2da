package org.perturber.backend.mxnet.tests;

import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.perturber.core.service.Services;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.backend.mxnet.ModelDirectory;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.registry.ContributionRegistry;

/** Bad model directories are refused in Java, naming the file and the problem, before MXNet sees them. */
class ModelDirectoryTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeValidDirectory() throws IOException {
        Files.writeString(dir.resolve("model.json"), """
                {"id": "tiny", "name": "Tiny", "architecture": "2-layer CNN", "variant": "standard",
                 "input": {"width": 32, "height": 32},
                 "normalization": {"mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
                 "labels": "labels.txt", "layers": [{"id": "conv0", "name": "first convolution"}]}
                """);
        Files.writeString(dir.resolve("labels.txt"), "mug\nvase\nbottle\n");
        Files.writeString(dir.resolve("tiny-symbol.json"), "{\"nodes\": [], \"heads\": []}");
        Files.write(dir.resolve("tiny-0000.params"), new byte[64]);
    }

    @Test
    void validDirectoryIsDescribed() throws ModelLoadException {
        ModelDirectory md = ModelDirectory.read(dir);
        assertEquals("tiny", md.descriptor().id());
        assertEquals(3, md.descriptor().labels().size());
        assertEquals(32, md.descriptor().inputWidth());
        assertEquals(0.25f, md.descriptor().normalization().std()[1]);
        assertEquals("first convolution", md.descriptor().layer("conv0").displayName());
    }

    private ModelLoadException refused() {
        return assertThrows(ModelLoadException.class, () -> ModelDirectory.read(dir));
    }

    @Test
    void missingDescriptor() throws IOException {
        Files.delete(dir.resolve("model.json"));
        assertTrue(refused().getMessage().contains("model.json"));
    }

    @Test
    void corruptDescriptor() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"id\": \"tiny\", \"input\": ");
        ModelLoadException e = refused();
        // in words, where it stops (ModelFolder's message), not the parser's EOFException
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("ends early, inside 'input'"), e
                .getMessage());
    }

    @Test
    void descriptorWithoutInputSize() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"id\": \"tiny\"}");
        assertTrue(refused().getMessage().contains("input"));
    }

    @Test
    void missingLabels() throws IOException {
        Files.delete(dir.resolve("labels.txt"));
        assertTrue(refused().getMessage().contains("labels.txt"));
    }

    @Test
    void corruptSymbol() throws IOException {
        Files.writeString(dir.resolve("tiny-symbol.json"), "not json at all {");
        ModelLoadException e = refused();
        assertTrue(e.getMessage().contains("tiny-symbol.json"), e.getMessage());
    }

    @Test
    void truncatedParams() throws IOException {
        Files.write(dir.resolve("tiny-0000.params"), new byte[3]);
        ModelLoadException e = refused();
        assertTrue(e.getMessage().contains("tiny-0000.params") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void backendIsContributedAndRecognisesModelDirectories() {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
        ModelBackend backend = registry.modelBackend("org.perturber.backend.mxnet").orElseThrow().instance()
                .orElseThrow();
        assertTrue(backend.canOpen(dir));
        assertTrue(!backend.canOpen(dir.resolve("nowhere")));
    }
}
