package org.perturber.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/** Small sweeps of each kind, written into a test's folder: a few chunks each, the last one short. */
final class SweepSpecs {
    private SweepSpecs() {
    }

    /**
     * An image perturbation (Gaussian noise, seeded) over 6 severities x 2 objects x 6 views = 72 samples: chunks
     * of 32, 32 and 8, with two models and the flip metric (whose baselines each executor computes again).
     */
    static Path imageSweep(Path dir) throws IOException {
        return write(dir, "noise.json", """
                {
                  "name": "noise",
                  "seed": 7,
                  "objects": ["mug", "chair"],
                  "views": 6,
                  "models": ["standard", "adversarial"],
                  "vary": [{"perturbation": "image.gaussianNoise", "parameter": "severity",
                            "values": [0, 1, 2, 3, 4, 5]}],
                  "design": "grid",
                  "metrics": ["top1", "true-class-probability", "flip"],
                  "output": "results/noise"
                }
                """);
    }

    /** A scene perturbation (camera elevation): 9 levels x 2 objects x 4 views = 72 samples, re-rendered each. */
    static Path cameraSweep(Path dir) throws IOException {
        return write(dir, "camera.json", """
                {
                  "name": "camera",
                  "seed": 1,
                  "objects": ["mug", "lamp"],
                  "views": 4,
                  "models": ["standard", "texture-debiased"],
                  "vary": [{"perturbation": "camera.cameraPerturbation", "parameter": "elevation",
                            "from": -40, "to": 60, "steps": 9}],
                  "design": "grid",
                  "metrics": ["top1", "true-class-probability"],
                  "output": "results/camera"
                }
                """);
    }

    /**
     * The other two designs, small: a corruption suite (3 corruptions x 2 severities + clean, 2 objects x 4 views:
     * 56 samples, 2 chunks) and a flip search (2 objects x 2 views: 4 chunks of one object and view each).
     */
    static Path suiteSweep(Path dir) throws IOException {
        return write(dir, "suite.json", """
                {
                  "name": "suite",
                  "seed": 1,
                  "objects": ["mug", "teapot"],
                  "views": 4,
                  "models": ["standard", "adversarial"],
                  "design": {"type": "corruption-suite", "suite": "imagenet-c", "baseline": "standard",
                             "corruptions": ["shot_noise", "fog", "pixelate"], "severities": [2, 5]},
                  "metrics": ["top1"],
                  "output": "results/suite"
                }
                """);
    }

    static Path flipSweep(Path dir) throws IOException {
        return write(dir, "flip.json", """
                {
                  "name": "flip",
                  "seed": 1,
                  "objects": ["mug", "chair"],
                  "views": 2,
                  "models": ["standard"],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1}],
                  "design": {"type": "flip-search", "scanPoints": 16, "tolerance": 0.01},
                  "output": "results/flip"
                }
                """);
    }

    /**
     * A sweep of the spec's own files: an imported mesh (a textured cube, OBJ with its MTL and PNG in meshes/) seen as
     * a mug, and a copy of the built-in model "standard" in the spec's folder named "./my-model", beside the
     * built-in "adversarial": 3 noise severities x 12 views = 36 samples, chunks of 32 and 4.
     */
    static Path ownFilesSweep(Path dir) throws IOException {
        Path meshes = Files.createDirectories(dir.resolve("meshes"));
        Files.writeString(meshes.resolve("cube.obj"), CUBE_OBJ);
        Files.writeString(meshes.resolve("cube.mtl"), "newmtl painted\nKd 0.6 0.5 0.4\nmap_Kd halves.png\n");
        BufferedImage texture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                texture.setRGB(x, y, x < 4 ? 0xc03020 : 0x30a040);
            }
        }
        ImageIO.write(texture, "png", meshes.resolve("halves.png").toFile());
        Path model = Perturber.SOURCE.resolve("models/standard");
        Path copy = Files.createDirectories(dir.resolve("my-model"));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return write(dir, "own-files.json", """
                {
                  "name": "own-files",
                  "seed": 3,
                  "objects": [{"file": "meshes/cube.obj", "label": "mug"}],
                  "views": 12,
                  "models": ["./my-model", "adversarial"],
                  "vary": [{"perturbation": "image.gaussianNoise", "parameter": "severity", "values": [0, 2, 4]}],
                  "design": "grid",
                  "metrics": ["top1", "true-class-probability", "flip"],
                  "output": "results/own-files"
                }
                """);
    }

    /**
     * A longer scene sweep, to kill a worker in: camera elevation, 10 levels x 3 objects x 8 views = 240 samples,
     * 8 chunks (the last of 16), each re-rendered.
     */
    static Path longCameraSweep(Path dir) throws IOException {
        return write(dir, "long-camera.json", """
                {
                  "name": "long-camera",
                  "seed": 5,
                  "objects": ["mug", "lamp", "chair"],
                  "views": 8,
                  "models": ["standard", "texture-debiased"],
                  "vary": [{"perturbation": "camera.cameraPerturbation", "parameter": "elevation",
                            "from": -40, "to": 50, "steps": 10}],
                  "design": "grid",
                  "metrics": ["top1", "true-class-probability"],
                  "output": "results/long-camera"
                }
                """);
    }

    /** A unit cube: 8 corners, 6 textured quads, no normals (the importer computes them). */
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

    static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
