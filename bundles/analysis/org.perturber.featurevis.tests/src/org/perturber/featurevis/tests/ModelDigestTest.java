package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.featurevis.ModelDigest;

/** The cache key follows what decides the model's outputs, and nothing else. */
class ModelDigestTest {
    @TempDir
    Path dir;

    @Test
    void weightsAndGraphChangeTheDigestDocumentationDoesNot() throws Exception {
        Files.write(dir.resolve("net-0000.params"), new byte[] { 1, 2, 3 });
        Files.writeString(dir.resolve("net-symbol.json"), "{}");
        Files.writeString(dir.resolve("README.md"), "a model");
        String first = ModelDigest.of(dir);
        assertEquals(64, first.length());

        Files.writeString(dir.resolve("README.md"), "a model, described at length");
        Files.writeString(dir.resolve("evaluation.json"), "{\"accuracy\": 0.9}");
        assertEquals(first, ModelDigest.of(dir), "documentation and evaluation change no output");

        Files.write(dir.resolve("net-0000.params"), new byte[] { 1, 2, 4 }); // same size: the bytes are read
        String retrained = ModelDigest.of(dir);
        assertNotEquals(first, retrained);

        Files.writeString(dir.resolve("net-symbol.json"), "{ }");
        assertNotEquals(retrained, ModelDigest.of(dir), "another graph");
    }
}
