package org.perturber.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.perturber.backend.pytorch.ModelExporter;

/**
 * Model folders made by the real exporter (releng/export-model, run with the machine's PyTorch) for tests: no
 * multi-megabyte network is committed. Each folder is made once per build, under the reactor's target folder (a
 * clean build makes them anew), and shared by every test bundle. A missing PyTorch fails the test that needs it,
 * with the exporter's own message: these tests never skip.
 */
public final class ExportedModels {
    private ExportedModels() {
    }

    /** The repository's root: the test's pom passes it as {@code perturber.root}. */
    public static Path root() {
        String root = System.getProperty("perturber.root");
        if (root == null) {
            throw new IllegalStateException("perturber.root is not set (the test bundle's pom passes it)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** Where exported folders are kept during a build. */
    public static Path cache() {
        return root().resolve("target/exported-models");
    }

    /**
     * A torchvision model exported to both formats with random weights, seeded:
     * {@code releng/export-model torchvision:NAME --layers LAYERS --format both --out <cache>/NAME}.
     */
    public static synchronized Path torchvision(String name, String layers) {
        Path out = cache().resolve(name + "-" + layers.replace(',', '+'));
        return exported(() -> ModelExporter.torchvision(root(), name, layers, out));
    }

    /**
     * The same model folder with only one of its networks (files linked, model.json rewritten to name only that
     * format), so that a test reaches exactly one engine.
     */
    public static Path only(Path folder, String format) {
        try {
            return ModelExporter.onlyFormat(folder, format);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("could not make a " + format + "-only copy of " + folder + ": " + e, e);
        }
    }

    /**
     * A deliberately broken (or good) model folder from the test networks script
     * ({@code releng/lib/test_networks.py KIND DIR}), once per build.
     */
    public static synchronized Path testNetwork(String kind) {
        Path out = cache().resolve("test-network-" + kind);
        return exported(() -> ModelExporter.run(root(), "releng/lib/test_networks.py", out, List.of(kind, out
                .toString())));
    }

    /** An export the machine's PyTorch runs; its failure fails the test, with the script's output. */
    private interface Export {
        Path run() throws IOException, InterruptedException;
    }

    private static Path exported(Export export) {
        try {
            return export.run();
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A raw little-endian float32 file of the exporter's reference/ folder. */
    public static float[] floats(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            java.nio.FloatBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        } catch (IOException e) {
            throw new AssertionError("unreadable reference " + file + ": " + e, e);
        }
    }
}
