package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.model.Model;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizer;

/** Same seed, same image, byte for byte; another seed, another image. */
class SeedDeterminismTest {
    private static final List<FeatureObjective> OBJECTIVES = List.of(FeatureObjective.channel("block3_relu", 5),
            FeatureObjective.neuron("block4_relu", 2));
    private static final FeatureVisSettings SETTINGS = FeatureVisSettings.DEFAULT.withSteps(24).withSeed(7);
    private static Model model;

    @BeforeAll
    static void load() throws Exception {
        model = BuiltinModels.load("standard");
    }

    @Test
    void sameSeedGivesTheSameBytes() {
        List<FeatureVisResult> first = FeatureVisualizer.optimise(model, OBJECTIVES, SETTINGS, new NullProgressMonitor());
        List<FeatureVisResult> second = FeatureVisualizer.optimise(model, OBJECTIVES, SETTINGS,
                new NullProgressMonitor());
        for (int i = 0; i < OBJECTIVES.size(); i++) {
            assertArrayEquals(first.get(i).image().toPackedRgb(), second.get(i).image().toPackedRgb(), OBJECTIVES.get(i)
                    .label());
            assertEquals(first.get(i).objectiveValue(), second.get(i).objectiveValue());
            assertArrayEquals(first.get(i).trace(), second.get(i).trace());
        }
    }

    @Test
    void anotherSeedGivesAnotherImage() {
        int[] a = FeatureVisualizer.optimise(model, OBJECTIVES.subList(0, 1), SETTINGS, new NullProgressMonitor())
                .get(0).image().toPackedRgb();
        int[] b = FeatureVisualizer.optimise(model, OBJECTIVES.subList(0, 1), SETTINGS.withSeed(8),
                new NullProgressMonitor()).get(0).image().toPackedRgb();
        assertFalse(Arrays.equals(a, b));
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            differing += a[i] != b[i] ? 1 : 0;
        }
        // not a few pixels: the start noise and every transformation differ
        assertTrue(differing > a.length / 2, differing + " of " + a.length + " pixels differ");
    }

    @Test
    void aChannelAloneLooksLikeTheSameChannelInABatch() {
        FeatureVisResult alone = FeatureVisualizer.optimise(model, OBJECTIVES.subList(0, 1), SETTINGS,
                new NullProgressMonitor()).get(0);
        FeatureVisResult batched = FeatureVisualizer.optimise(model, List.of(FeatureObjective.channel("block3_relu",
                1), OBJECTIVES.get(0), FeatureObjective.channel("block3_relu", 9)), SETTINGS,
                new NullProgressMonitor()).get(1);
        // the engine may round differently for another batch size, and 24 Adam steps amplify that a little: the mean
        // difference measured is below 1/255; a channel mixed up with its neighbour's differs by about 0.1
        float[] x = alone.image().data();
        float[] y = batched.image().data();
        double diff = 0;
        for (int i = 0; i < x.length; i++) {
            diff += Math.abs(x[i] - y[i]);
        }
        assertTrue(diff / x.length < 0.01, "mean difference " + diff / x.length);
    }
}
