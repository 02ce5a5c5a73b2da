package org.perturber.viz.attribution.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.Normalization;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

class AttributionTest {
    private static final ModelDescriptor MODEL = new ModelDescriptor("m", "Standard", "cnn", "standard", "", 4, 1,
            Normalization.NONE, List.of("mug", "bowl"), List.of());
    /** A 4x1 image: mid-grey everywhere. */
    private static final RgbImage INPUT = RgbImage.filled(4, 1, 0.5f, 0.5f, 0.5f);
    /** Gradient: pixel 0 none, pixel 1 small positive, pixel 2 large positive, pixel 3 large negative. */
    private static final RgbImage GRADIENT = new RgbImage(4, 1, new float[] { 0, 0, 0, 0.1f, 0.1f, 0.1f, 1, 1, 1, -1,
            -1, -1 });

    private static Visualization contributed(String id) {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
        return registry.visualization(id).orElseThrow().instance().orElseThrow();
    }

    private static VisualizationFrame.Picture compute(String id) {
        Visualization v = contributed(id);
        assertEquals(GradientTarget.Kind.CLASS_SCORE, v.needs().gradient());
        InferenceResult r = new InferenceResult(new float[] { 0.8f, 0.2f }, List.of(new ClassScore(0, "mug", 0.8f)),
                Map.of(), GRADIENT);
        return (VisualizationFrame.Picture) v.compute(new VisualizationInput(MODEL, INPUT, r, null, null));
    }

    @Test
    void saliencyIsBrightestWhereTheGradientIsLargestWhateverItsSign() {
        VisualizationFrame.Picture p = compute("org.perturber.viz.attribution.saliency");
        assertTrue(p.title().contains("'mug'"), p.title());
        RgbImage img = p.image();
        assertTrue(red(img, 0) < red(img, 1) && red(img, 1) < red(img, 2), "grows with |gradient|");
        assertEquals(red(img, 2), red(img, 3), 1e-6, "the sign does not matter");
    }

    @Test
    void gradientTimesInputIsRedWhereItRaisesTheScoreAndBlueWhereItLowersIt() {
        RgbImage img = compute("org.perturber.viz.attribution.gradientTimesInput").image();
        assertTrue(img.get(2, 0, 0) > img.get(2, 0, 2) + 0.5, "raises: red");
        assertTrue(img.get(3, 0, 2) > img.get(3, 0, 0) + 0.5, "lowers: blue");
        assertEquals(img.get(0, 0, 0), img.get(0, 0, 2), 1e-6, "no contribution: grey");
    }

    @Test
    void gradCamLightsUpWhereEvidenceForTheClassIs() {
        Visualization v = contributed("org.perturber.viz.attribution.gradCam");
        assertTrue(v.needs().selectedLayerGradient() && v.needs().selectedLayerActivations());
        // a 2x1 layer with two channels: channel 0 active on the left, channel 1 on the right; the class score
        // rises with channel 0 and falls with channel 1, so the evidence is on the left
        org.perturber.core.model.Activation a = new org.perturber.core.model.Activation("conv", 2, 1, 2,
                new float[] { 1, 0, 0, 1 });
        org.perturber.core.model.Activation g = new org.perturber.core.model.Activation("conv", 2, 1, 2,
                new float[] { 0.5f, 0.5f, -0.5f, -0.5f });
        ModelDescriptor model = new ModelDescriptor("m", "Standard", "cnn", "standard", "", 4, 1, Normalization.NONE,
                List.of("mug", "bowl"), List.of(new org.perturber.core.model.LayerInfo("conv", "conv")));
        InferenceResult r = new InferenceResult(new float[] { 0.8f, 0.2f }, List.of(new ClassScore(0, "mug", 0.8f)),
                Map.of("conv", a), null, null, Map.of("conv", g));
        RgbImage img = ((VisualizationFrame.Picture) v.compute(new VisualizationInput(model, INPUT, r, null,
                "conv"))).image();
        assertTrue(red(img, 0) > red(img, 3) + 0.3, "left bright, right dark: " + red(img, 0) + " " + red(img, 3));
    }

    private static float red(RgbImage img, int x) {
        return img.get(x, 0, 0);
    }
}
