package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.param.BooleanParameter;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.AttackContext;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.perturbation.ModelAwarePerturbation;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.testing.Fixtures;

/**
 * The stack skips images with values outside [0, 1] (RgbImage's range), with no tolerance: this checks that no
 * shipped image or model-aware perturbation ever produces one, at its defaults and at each
 * parameter's minimum, maximum and middle (every choice, both booleans), on a render and on the extreme images (all
 * black, all white, noise). It calls the perturbations directly, so a value a hair outside the range is seen, not
 * skipped.
 */
class ShippedPerturbationsInRangeTest {
    private static final int SIZE = 32;

    @TempDir
    static Path tmp;

    /** Parameter values to try, one parameter at a time away from the defaults. */
    private static List<ParameterValues> variants(List<ParameterDescriptor> parameters) {
        ParameterValues defaults = ParameterValues.defaults(parameters);
        List<ParameterValues> all = new ArrayList<>(List.of(defaults));
        for (ParameterDescriptor d : parameters) {
            List<Object> values = new ArrayList<>();
            if (d instanceof NumberParameter n) {
                values.addAll(List.of(n.min(), n.max(), (n.min() + n.max()) / 2));
            } else if (d instanceof IntegerParameter n) {
                values.addAll(List.of(n.min(), n.max(), (n.min() + n.max()) / 2));
            } else if (d instanceof ChoiceParameter c) {
                c.choices().forEach(choice -> values.add(choice.value()));
            } else if (d instanceof BooleanParameter) {
                values.addAll(List.of(true, false));
            }
            for (Object v : values) {
                all.add(defaults.with(d.id(), v));
            }
        }
        return all;
    }

    private static List<RgbImage> inputs(Scene scene) {
        SplittableRandom r = new SplittableRandom(7);
        float[] noise = new float[SIZE * SIZE * 3];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextDouble();
        }
        return List.of(Fixtures.renderer().render(scene, SIZE, SIZE), RgbImage.filled(SIZE, SIZE, 0, 0, 0), RgbImage
                .filled(SIZE, SIZE, 1, 1, 1), new RgbImage(SIZE, SIZE, noise));
    }

    @Test
    void everyShippedImageAndModelAwarePerturbationStaysInZeroToOne() throws Exception {
        ContributionRegistry registry = SweepFixtures.registry();
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path models = SweepFixtures.models(tmp.resolve("models"));
        LoadedModel model = inference.load(models.resolve("net-a")).get(120, TimeUnit.SECONDS);
        Scene scene = SweepFixtures.standard();
        List<RgbImage> inputs = inputs(scene);
        Map<String, String> extremes = new LinkedHashMap<>();
        List<String> outside = new ArrayList<>();
        int checked = 0;
        for (Contribution<Perturbation> c : registry.perturbations()) {
            // (the lab template's fog checks its own range: releng/lab-template, PixelMeasures.unusable)
            boolean shipped = c.bundle().startsWith("org.perturber.perturbation.");
            Perturbation p = c.instance().orElse(null);
            if (!shipped || p == null || p instanceof org.perturber.core.perturbation.ScenePerturbation) {
                continue;
            }
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (ParameterValues values : variants(p.parameters())) {
                for (RgbImage in : inputs) {
                    RgbImage out = p instanceof ImagePerturbation ip ? ip.apply(in, values)
                            : ((ModelAwarePerturbation) p).apply(in, values, new ServiceModel(inference, model),
                                    AttackContext.of(scene), new NullProgressMonitor());
                    assertNotNull(out, c.id());
                    for (float v : out.data()) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        if (!(v >= StackApplier.MIN_VALUE && v <= StackApplier.MAX_VALUE)) {
                            outside.add(c.id() + " " + values + ": " + v);
                        }
                    }
                    checked++;
                }
            }
            extremes.put(c.id(), String.format(Locale.ROOT, "[%s, %s]", min, max));
        }
        System.out.println("ShippedPerturbationsInRangeTest: " + checked + " outputs; value range per perturbation: "
                + extremes);
        assertTrue(outside.isEmpty(), outside.size() + " values outside [0, 1], the first: " + outside.subList(0,
                Math.min(5, outside.size())));
        // the image family (8), FGSM and PGD were all checked
        for (String id : List.of("org.perturber.perturbation.image.gaussianNoise",
                "org.perturber.perturbation.adversarial.fgsm", "org.perturber.perturbation.adversarial.pgd")) {
            assertTrue(extremes.containsKey(id), id + " in " + extremes.keySet());
        }
        assertTrue(extremes.size() >= 10, extremes.keySet().toString());
        inference.unload(model);
        assertEquals(false, inference.models().contains(model));
    }
}
