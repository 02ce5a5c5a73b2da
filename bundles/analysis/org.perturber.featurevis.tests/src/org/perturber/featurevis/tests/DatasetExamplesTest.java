package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.perturber.core.model.Model;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.featurevis.DatasetExamples;
import org.perturber.featurevis.ExampleImage;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisualizer;
import org.perturber.featurevis.RankedExample;
import org.perturber.objects.BuiltinObjects;

class DatasetExamplesTest {
    @Test
    void examplesAreRankedByTheChannelsOwnActivation() throws Exception {
        Model model = BuiltinModels.load("standard");
        List<ExampleImage> renders = DatasetExamples.builtinRenders(Services.await(SceneRenderer.class, Duration
                .ofSeconds(60)), 96, 96);
        assertEquals(new BuiltinObjects().ids().size() * DatasetExamples.VIEWS.length, renders.size());
        DatasetExamples examples = DatasetExamples.measure(model, "block4_relu", renders, new NullProgressMonitor());
        int channel = 6;
        List<RankedExample> top = examples.top(channel, 5);
        List<RankedExample> bottom = examples.bottom(channel, 5);
        assertEquals(5, top.size());
        for (int i = 1; i < 5; i++) {
            assertTrue(top.get(i - 1).activation() >= top.get(i).activation());
            assertTrue(bottom.get(i - 1).activation() <= bottom.get(i).activation());
        }
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < renders.size(); i++) {
            max = Math.max(max, examples.activation(i, channel));
            min = Math.min(min, examples.activation(i, channel));
        }
        assertEquals(max, top.get(0).activation());
        assertEquals(min, bottom.get(0).activation());
        assertTrue(max > min, "the channel tells the examples apart");
        // the ranking's value is the channel's mean activation on that image, as the optimiser measures it
        float direct = FeatureVisualizer.evaluate(model, List.of(FeatureObjective.channel("block4_relu", channel)),
                List.of(top.get(0).example().image()))[0];
        assertEquals(direct, top.get(0).activation(), 1e-4 * Math.abs(direct) + 1e-6);
    }
}
