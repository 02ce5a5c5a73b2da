package org.mylab.perturbation.fog.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mylab.perturbation.fog.FogPerturbation;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.scene.Rgb;
import org.perturber.testsupport.BuiltinModel;
import org.perturber.testsupport.LabScenes;
import org.perturber.testsupport.PerturbationRun;
import org.perturber.testsupport.PixelMeasures;

/**
 * What a lab tests for its own perturbation, with the SDK's test support: it is contributed and loads, it changes
 * nothing at its defaults, it does what it says on a real render through Perturber's own stack, its images are
 * ones a model can take, and what it does to the built-in model's prediction.
 */
class FogPerturbationTest {
    private static final String FOG = "org.mylab.perturbation.fog";

    @Test
    void itIsContributedAndLoads() {
        assertTrue(PerturbationRun.of(FOG).perturbation() instanceof FogPerturbation);
        assertEquals(Stage.IMAGE, PerturbationRun.of(FOG).perturbation().stage());
    }

    @Test
    void itsDefaultsChangeNothing() {
        PerturbationRun.Outcome o = PerturbationRun.of(FOG).render(LabScenes.standard("mug"), 96);
        assertEquals(List.of(), o.problems());
        assertEquals(0, PixelMeasures.maxAbsoluteDifference(o.before(), o.after()));
    }

    @Test
    void denseWhiteFogIsWhiteAndThickerAtTheTop() {
        RgbImage dark = RgbImage.filled(8, 8, 0, 0, 0);
        PerturbationRun dense = PerturbationRun.of(FOG).with("density", 1.0).with("height", 0.0).with("color",
                new Rgb(1, 1, 1));
        assertEquals(1f, dense.apply(dark).after().get(3, 3, 0), 1e-6);
        RgbImage graded = dense.with("density", 0.5).with("height", 1.0).apply(dark).after();
        assertTrue(graded.luminance(0, 0) > graded.luminance(0, 7), "thicker toward the top");
        assertEquals(0f, dark.get(0, 0, 0), "the input is untouched");
    }

    @Test
    void onARenderItLowersContrastAndStaysAnImageAModelCanTake() {
        PerturbationRun.Outcome o = PerturbationRun.of(FOG).with("density", 0.7).render(LabScenes.standard("vase"),
                96);
        assertEquals(List.of(), o.problems(), "the stack skipped nothing");
        assertNull(PixelMeasures.unusable(o.after(), 96, 96));
        assertTrue(PixelMeasures.luminanceVariance(o.after()) < 0.5 * PixelMeasures.luminanceVariance(o.before()),
                "fog at 0.7 halves the contrast at least");
    }

    @Test
    void thickFogMakesTheBuiltInModelLessSureOfTheMug() {
        PerturbationRun.Predicted p = PerturbationRun.of(FOG).with("density", 0.9).predict(BuiltinModel.standard(),
                LabScenes.standard("mug"));
        int mug = p.clean().best().index();
        assertEquals("mug", p.clean().best().label());
        assertTrue(p.perturbed().probabilities()[mug] < p.clean().probabilities()[mug], "less sure under fog");
    }
}
