package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizer;

class VisualizationExcitesChannelTest {
    @Test
    void optimisedImageExcitesItsChannelFarAboveStartNoiseAndExamples() throws Exception {
        Model model = BuiltinModels.load("standard");
        List<FeatureObjective> objectives = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            objectives.add(FeatureObjective.channel("block3_relu", c));
        }
        long t0 = System.nanoTime();
        List<FeatureVisResult> results = FeatureVisualizer.optimise(model, objectives, FeatureVisSettings.DEFAULT
                .withSteps(128), new NullProgressMonitor());
        System.out.printf("optimised %d channels in %.1f s%n", objectives.size(), (System.nanoTime() - t0) / 1e9);
        for (FeatureVisResult r : results) {
            System.out.printf("%s: reached %.3f from %.3f%n", r.objective().label(), r.objectiveValue(), r
                    .startValue());
            assertTrue(r.objectiveValue() > r.startValue());
        }
    }
}
