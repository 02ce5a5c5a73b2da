package org.perturber.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
