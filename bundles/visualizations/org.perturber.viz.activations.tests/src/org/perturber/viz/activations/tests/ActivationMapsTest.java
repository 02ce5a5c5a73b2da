package org.perturber.viz.activations.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.Normalization;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

class ActivationMapsTest {
    private static final ModelDescriptor MODEL = new ModelDescriptor("m", "Standard", "cnn", "standard", "", 8, 8,
            Normalization.NONE, List.of("a", "b"), List.of(new LayerInfo("block1_relu", "block 1")));

    private static Visualization contributed() {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
        return registry.visualization("org.perturber.viz.activations.maps").orElseThrow().instance().orElseThrow();
    }

    @Test
    void oneHeatMapPerChannelOnOneSharedScale() {
        Visualization viz = contributed();
        assertTrue(viz.needs().selectedLayerActivations());
        // three channels of 2x2: silent, half strength in one corner, full strength everywhere
        float[] values = { 0, 0, 0, 0, 2, 0, 0, 0, 4, 4, 4, 4 };
        InferenceResult result = new InferenceResult(new float[] { 0.5f, 0.5f }, List.of(), Map.of("block1_relu",
                new Activation("block1_relu", 3, 2, 2, values)), null);
        VisualizationFrame.Tiles tiles = (VisualizationFrame.Tiles) viz.compute(new VisualizationInput(MODEL,
                RgbImage.filled(8, 8, 0, 0, 0), result, null, "block1_relu"));
        assertEquals(3, tiles.tiles().size());
        assertEquals(List.of("0: 0.00", "1: 0.50", "2: 4.00"), tiles.labels());
        assertTrue(tiles.title().contains("block 1") && tiles.title().contains("3 channels"), tiles.title());
        RgbImage silent = tiles.tiles().get(0);
        RgbImage half = tiles.tiles().get(1);
        RgbImage full = tiles.tiles().get(2);
        // brightness grows with the activation, on the layer-wide scale
        assertTrue(brightness(silent, 0, 0) < brightness(half, 0, 0), "0 < 2");
        assertTrue(brightness(half, 0, 0) < brightness(full, 0, 0), "2 < 4");
        assertEquals(brightness(silent, 1, 1), brightness(half, 1, 1), 1e-6, "zero is zero in every channel");
    }

    @Test
    void withoutASelectedLayerThereIsNothingToShow() {
        InferenceResult result = new InferenceResult(new float[] { 1, 0 }, List.of(), Map.of(), null);
        VisualizationFrame.Tiles tiles = (VisualizationFrame.Tiles) contributed().compute(new VisualizationInput(
                MODEL, RgbImage.filled(8, 8, 0, 0, 0), result, null, null));
        assertTrue(tiles.tiles().isEmpty());
    }

    private static double brightness(RgbImage image, int x, int y) {
        return image.get(x, y, 0) + image.get(x, y, 1) + image.get(x, y, 2);
    }
}
