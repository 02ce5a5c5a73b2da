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

    static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
