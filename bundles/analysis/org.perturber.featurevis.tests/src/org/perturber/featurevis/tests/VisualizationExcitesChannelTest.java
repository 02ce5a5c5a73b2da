package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.featurevis.DatasetExamples;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizer;

/**
 * The optimised image raises its channel far above what the seeded start, random noise of the same norm (about the
 * image's distance from mid-grey) and the best of the 72 dataset examples (the built-in objects from six views)
 * reach, on the standard and the adversarially trained built-in models.
 */
class VisualizationExcitesChannelTest {
    private static final String LAYER = "block3_relu";
    private static final int CHANNELS = 8;

    @BeforeAll
    static void renderer() {
        Services.await(SceneRenderer.class, Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = { "standard", "adversarial" })
    void optimisedImageExcitesItsChannelFarAboveStartNoiseAndExamples(String id) throws Exception {
        Model model = BuiltinModels.load(id);
        List<FeatureObjective> objectives = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
            objectives.add(FeatureObjective.channel(LAYER, c));
        }
        List<FeatureVisResult> results = FeatureVisualizer.optimise(model, objectives, FeatureVisSettings.DEFAULT
                .withSteps(128), new NullProgressMonitor());
        DatasetExamples examples = DatasetExamples.measure(model, LAYER, DatasetExamples.builtinRenders(Services.await(
                SceneRenderer.class, Duration.ofSeconds(5)), 96, 96), new NullProgressMonitor());
        List<RgbImage> noise = new ArrayList<>();
        for (FeatureVisResult r : results) {
            noise.add(noiseOfTheSameNorm(r.image(), new Random(r.objective().index())));
        }
        float[] noiseValues = FeatureVisualizer.evaluate(model, objectives, noise);
        List<Double> overExamples = new ArrayList<>();
        List<Double> overStartAndNoise = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
            FeatureVisResult r = results.get(c);
            float best = examples.top(c, 1).get(0).activation();
            System.out.printf(Locale.ROOT, "%s %s: reached %.3f, start %.3f, noise %.3f, best example %.3f (%s)%n", id,
                    r.objective().label(), r.objectiveValue(), r.startValue(), noiseValues[c], best, examples.top(c, 1)
                            .get(0).example().name());
            overStartAndNoise.add((double) r.objectiveValue() / Math.max(1e-3f, Math.max(r.startValue(),
                    noiseValues[c])));
            overExamples.add((double) r.objectiveValue() / Math.max(best, 1e-3f));
            // the value reported is the image's own: measured again, it is the same
            assertEquals(r.objectiveValue(), FeatureVisualizer.evaluate(model, List.of(r.objective()), List.of(r
                    .image()))[0], 1e-4 * Math.abs(r.objectiveValue()));
        }
        Collections.sort(overExamples);
        Collections.sort(overStartAndNoise);
        System.out.printf(Locale.ROOT, "%s: visualization / max(start, noise), median %.2f, lowest %.2f%n", id,
                overStartAndNoise.get(CHANNELS / 2), overStartAndNoise.get(0));
        System.out.printf(Locale.ROOT, "%s: visualization / best example, median %.2f, lowest %.2f%n", id,
                overExamples.get(CHANNELS / 2), overExamples.get(0));
        // measured (128 steps, block3_relu channels 0-7): over start and noise, median 80 (standard) and 41
        // (adversarial), lowest 2.0 (channel 0, already half active on grey); over the best example, median 8.7 and
        // 5.7, lowest 1.8 and 2.8
        assertTrue(overStartAndNoise.get(0) > 1.5, "every channel well above its start and noise: lowest ratio "
                + overStartAndNoise.get(0));
        assertTrue(overStartAndNoise.get(CHANNELS / 2) > 10, "most channels far above: median ratio "
                + overStartAndNoise.get(CHANNELS / 2));
        assertTrue(overExamples.get(0) > 1.3, "every channel above its best example: lowest ratio "
                + overExamples.get(0));
        assertTrue(overExamples.get(CHANNELS / 2) > 3, "median ratio to the best example "
                + overExamples.get(CHANNELS / 2));
    }

    /** Mid-grey plus Gaussian noise scaled to the visualization's distance from mid-grey (clipped to [0, 1]). */
    private static RgbImage noiseOfTheSameNorm(RgbImage image, Random random) {
        float[] v = image.data();
        double norm = 0;
        for (float x : v) {
            norm += (x - 0.5) * (x - 0.5);
        }
        double[] g = new double[v.length];
        double gn = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian();
            gn += g[i] * g[i];
        }
        double scale = Math.sqrt(norm / gn);
        float[] out = new float[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.max(0, Math.min(1, 0.5 + g[i] * scale));
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
