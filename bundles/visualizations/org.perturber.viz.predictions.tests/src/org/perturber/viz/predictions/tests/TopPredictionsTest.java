package org.perturber.viz.predictions.tests;

import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.perturber.core.service.Services;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.Normalization;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

class TopPredictionsTest {
    private static final List<String> LABELS = List.of("mug", "vase", "bottle", "bowl", "lamp", "chair", "table");
    private static final ModelDescriptor MODEL = new ModelDescriptor("m", "Standard", "cnn", "standard", "", 8, 8,
            Normalization.NONE, LABELS, List.of());

    private static InferenceResult result(float... p) {
        List<ClassScore> scores = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            scores.add(new ClassScore(i, LABELS.get(i), p[i]));
        }
        scores.sort(Comparator.comparingDouble(ClassScore::probability).reversed());
        return new InferenceResult(p, scores.subList(0, 5), Map.of(), null);
    }

    private static Visualization contributed() {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
        return registry.visualization("org.perturber.viz.predictions.top").orElseThrow().instance().orElseThrow();
    }

    @Test
    void barsShowTopClassesWithTheirChange() {
        Visualization viz = contributed();
        assertEquals(5, viz.needs().topK());
        InferenceResult baseline = result(0.70f, 0.10f, 0.08f, 0.05f, 0.03f, 0.02f, 0.02f);
        InferenceResult perturbed = result(0.20f, 0.50f, 0.10f, 0.08f, 0.06f, 0.04f, 0.02f);
        VisualizationFrame.Bars bars = (VisualizationFrame.Bars) viz.compute(new VisualizationInput(MODEL,
                RgbImage.filled(8, 8, 0, 0, 0), perturbed, baseline, null));
        assertEquals("vase", bars.bars().get(0).label());
        assertEquals(0.50, bars.bars().get(0).value(), 1e-6);
        assertEquals(0.40, bars.bars().get(0).change(), 1e-6);
        assertEquals("mug", bars.bars().get(1).label());
        assertEquals(-0.50, bars.bars().get(1).change(), 1e-6);
        assertTrue(bars.title().startsWith("Standard"));
    }

    @Test
    void aBaselineWinnerThatDroppedOutIsStillShown() {
        InferenceResult baseline = result(0.90f, 0.02f, 0.02f, 0.02f, 0.02f, 0.01f, 0.01f);
        InferenceResult perturbed = result(0.01f, 0.30f, 0.25f, 0.20f, 0.12f, 0.10f, 0.02f);
        VisualizationFrame.Bars bars = (VisualizationFrame.Bars) contributed().compute(new VisualizationInput(MODEL,
                RgbImage.filled(8, 8, 0, 0, 0), perturbed, baseline, null));
        assertEquals(6, bars.bars().size());
        VisualizationFrame.Bar last = bars.bars().get(5);
        assertEquals("mug", last.label());
        assertEquals(-0.89, last.change(), 1e-6);
    }

    @Test
    void withoutBaselineThereIsNoChange() {
        VisualizationFrame.Bars bars = (VisualizationFrame.Bars) contributed().compute(new VisualizationInput(MODEL,
                RgbImage.filled(8, 8, 0, 0, 0), result(0.3f, 0.2f, 0.2f, 0.1f, 0.1f, 0.05f, 0.05f), null, null));
        assertEquals(5, bars.bars().size());
        assertTrue(Double.isNaN(bars.bars().get(0).change()));
    }
}
