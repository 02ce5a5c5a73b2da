package org.perturber.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/**
 * Each corruption of the ImageNet-C suite at severity 3 on the standard scene rendered at the standard model's input
 * size (96 x 96), against the floor of one image's forward pass through the standard model ({@code infer}, the
 * predictions only), corruption and forward pass alternating sample by sample so that both see the same machine.
 * A corruption whose contribution failed gets one line saying so; one that throws, one line with the error; the
 * others go on.
 */
final class CorruptionBenchmark {
    private static final String MODEL = "standard";
    private static final double SEVERITY = 3;
    private static final int WARMUP = 5;
    private static final int SAMPLES = 30;

    private CorruptionBenchmark() {
    }

    static void run(Consumer<String> out) {
        try {
            bench(out);
        } catch (Exception e) {
            throw new IllegalStateException("corruption benchmark failed: " + e.getMessage(), e);
        }
    }

    private static void bench(Consumer<String> out) throws Exception {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path folder = Path.of(System.getProperty("perturber.models", "models")).resolve(MODEL);
        LoadedModel model = service.load(folder).get(300, TimeUnit.SECONDS);
        try {
            int w = model.descriptor().inputWidth(), h = model.descriptor().inputHeight();
            RgbImage image = renderer.render(BuiltinScenes.standard(objects, "mug"), w, h);
            List<SuiteCorruption> suite = registry.corruptions(SuiteCorruption.IMAGENET_C);
            out.accept("# device: " + service.device());
            out.accept(String.format(Locale.ROOT, "# corruptions: the %s suite (%d), each at severity %s on the "
                    + "standard scene around the mug (%dx%d), seed 1 where seeded; floor: one image's forward pass "
                    + "through %s (infer, top-1); %d samples after %d warm-up, corruption and floor alternating",
                    SuiteCorruption.IMAGENET_C, suite.size(), SEVERITY, w, h, MODEL, SAMPLES, WARMUP));
            InferenceRequest request = InferenceRequest.predictions(1);
            for (SuiteCorruption c : suite) {
                String name = "corruption-" + c.name();
                Optional<Contribution<Perturbation>> contribution = registry.perturbation(c.perturbation());
                Optional<Perturbation> instance = contribution.flatMap(Contribution::instance);
                if (instance.isEmpty() || !(instance.get() instanceof ImagePerturbation p)) {
                    out.accept("# " + name + ": not measured, " + (instance.isPresent() ? "not an image perturbation"
                            : contribution.flatMap(Contribution::failure).orElse("not declared")));
                    continue;
                }
                ParameterValues values = ParameterValues.defaults(p.parameters()).with(c.severity(), SEVERITY);
                if (p.parameters().stream().anyMatch(d -> d.id().equals("seed"))) {
                    values = values.with("seed", 1);
                }
                Timings corruption = new Timings(SAMPLES);
                Timings floor = new Timings(SAMPLES);
                try {
                    for (int i = 0; i < WARMUP + SAMPLES; i++) {
                        long t0 = System.nanoTime();
                        RgbImage result = p.apply(image, values);
                        long t1 = System.nanoTime();
                        service.infer(model, image, request);
                        long t2 = System.nanoTime();
                        if (result == null || result.width() != w || result.height() != h) {
                            throw new IllegalStateException("returned " + result + " for a " + w + "x" + h
                                    + " image");
                        }
                        if (i >= WARMUP) {
                            corruption.add((t1 - t0) / 1e6);
                            floor.add((t2 - t1) / 1e6);
                        }
                    }
                } catch (Throwable e) {
                    out.accept("# " + name + ": not measured, it failed (" + c.bundle() + "): " + e);
                    continue;
                }
                out.accept(corruption.line(name, floor));
            }
        } finally {
            service.unload(model);
        }
    }
}
