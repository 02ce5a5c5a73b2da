package org.perturber.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    public static Path torchvision(String name, String layers) {
        return export(name + "-" + layers.replace(',', '+'), "torchvision:" + name, "--layers", layers,
                "--format", "both", "--weights", "none", "--seed", "0");
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

    /** {@code releng/export-model ARGS --out <cache>/NAME}, once per build. */
    public static synchronized Path export(String name, String... args) {
        Path out = cache().resolve(name);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        return run("releng/export-model", out, all);
    }

    /**
     * A deliberately broken (or good) model folder from the test networks script
     * ({@code releng/lib/test_networks.py KIND DIR}), once per build.
     */
    public static synchronized Path testNetwork(String kind) {
        Path out = cache().resolve("test-network-" + kind);
        return run("releng/lib/test_networks.py", out, List.of(kind, out.toString()));
    }

    private static Path run(String script, Path out, List<String> args) {
        try {
            return ModelExporter.run(root(), script, out, args);
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + script, e);
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
