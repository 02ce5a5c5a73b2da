package org.perturber.sweep.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.perturber.backend.mxnet.export.ModelWriter;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.model.Normalization;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.SweepSpecReader;
import org.perturber.testing.Fixtures;

/** A models folder with two small real networks (untrained, 32x32) and helpers to read and run specs. */
final class SweepFixtures {
    private SweepFixtures() {
    }

    static Path models(Path dir) throws IOException {
        BuiltinObjects objects = new BuiltinObjects();
        List<String> labels = new ArrayList<>(objects.ids());
        for (String id : List.of("net-a", "net-b")) {
            Networks.Network net = Networks.smallCnn(labels.size(), id.hashCode());
            ModelWriter.write(dir.resolve(id), new ModelWriter.Card(id, id, net.architecture(), "standard", "test", 32,
                    new Normalization(new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.25f, 0.25f, 0.25f }),
                    labels, net.layers()), net.builder(), net.head());
        }
        return dir;
    }

    static ContributionRegistry registry() {
        return Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
    }

    static SweepSpecReader reader(Path models) {
        return new SweepSpecReader(registry(), new BuiltinObjects().builtinIds(), models);
    }

    static SweepSpec read(Path models, String json, Path base) throws SweepSpecException {
        return reader(models).read(json, "test.json", base);
    }

    static SweepRunner runner(SweepSpec spec) {
        return new SweepRunner(spec, registry(), Fixtures.renderer(), Services.await(BuiltinObjects.class, Duration
                .ofSeconds(30)), Services.await(InferenceService.class, Duration.ofSeconds(30)));
    }

    /** 3 objects x 2 views x 11 fade levels = 66 samples: two full chunks and a short one. */
    static String fadeSpec(String output) {
        return """
                {
                  "name": "fade",
                  "seed": 3,
                  "objects": ["mug", "bowl", "apple"],
                  "views": 2,
                  "models": ["net-a", "net-b"],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1, "steps": 11}],
                  "metrics": ["top1", "true-class-probability", "top5", "flip", "activation:block5_relu:3"],
                  "output": "%s"
                }
                """.formatted(output);
    }
}
