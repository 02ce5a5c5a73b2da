package org.perturber.testsupport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.scene.Scene;
import org.perturber.testsupport.BuiltinModel;
import org.perturber.testsupport.LabScenes;
import org.perturber.testsupport.PerturbationRun;
import org.perturber.testsupport.PixelMeasures;

/**
 * The test support as a lab uses it, with Perturber's own perturbations standing in for the lab's: in a runtime of
 * the SDK feature alone, real renders, the real stack and the embedded standard model.
 */
class PerturbationRunTest {
    private static final String NOISE = "org.perturber.perturbation.image.gaussianNoise";
    private static final String BLUR = "org.perturber.perturbation.image.gaussianBlur";

    @Test
    void theStandardSceneRendersTheObjectOnItsBackground() {
        RgbImage image = LabScenes.render(LabScenes.standard("mug"), 96);
        assertEquals(96, image.width());
        assertTrue(PixelMeasures.luminanceVariance(image) > 1e-3, "an object, not a blank frame");
        assertTrue(LabScenes.objectIds().containsAll(List.of("mug", "vase")), LabScenes.objectIds().toString());
        assertThrows(IllegalArgumentException.class, () -> LabScenes.standard("no-such-object"));
    }

    @Test
    void aRunAtItsDefaultsChangesNothingAndWithValuesItDoes() {
        Scene mug = LabScenes.standard("mug");
        PerturbationRun.Outcome none = PerturbationRun.of(NOISE).render(mug, 96);
        assertEquals(List.of(), none.problems());
        assertEquals(0, PixelMeasures.maxAbsoluteDifference(none.before(), none.after()));
        PerturbationRun.Outcome noisy = PerturbationRun.of(NOISE).with("sigma", 0.2).render(mug, 96);
        assertEquals(List.of(), noisy.problems());
        assertTrue(PixelMeasures.meanAbsoluteDifference(noisy.before(), noisy.after()) > 0.05, "sigma 0.2 shows");
        assertTrue(PixelMeasures.highFrequencyEnergy(noisy.after()) > PixelMeasures.highFrequencyEnergy(noisy
                .before()), "noise adds fine detail");
    }

    @Test
    void anImageRunLeavesItsInputAlone() {
        RgbImage image = LabScenes.render(LabScenes.standard("vase"), 64);
        float[] before = image.copyData();
        PerturbationRun.Outcome blurred = PerturbationRun.of(BLUR).with("sigma", 2.0).apply(image);
        assertSame(image, blurred.before());
        assertTrue(PixelMeasures.highFrequencyEnergy(blurred.after()) < PixelMeasures.highFrequencyEnergy(image),
                "blur removes fine detail");
        assertTrue(java.util.Arrays.equals(before, image.data()), "the input is untouched");
    }

    @Test
    void aMissingPerturbationIsNamedWithWhatToCheck() {
        AssertionError e = assertThrows(AssertionError.class, () -> PerturbationRun.of("org.mylab.none").render(
                LabScenes.standard("mug"), 32));
        assertTrue(e.getMessage().contains("org.mylab.none") && e.getMessage().contains("plugin.xml"), e
                .getMessage());
    }

    @Test
    void theEmbeddedStandardModelKnowsTheMugAndStrongNoiseChangesItsMind() {
        LoadedModel standard = BuiltinModel.standard();
        assertSame(standard, BuiltinModel.standard(), "loaded once");
        PerturbationRun.Predicted clean = PerturbationRun.of(NOISE).predict(standard, LabScenes.standard("mug"));
        assertEquals("mug", clean.clean().best().label());
        assertEquals(clean.clean().best().index(), clean.perturbed().best().index(), "defaults: no noise");
        PerturbationRun.Predicted noisy = PerturbationRun.of(NOISE).with("sigma", 0.5).predict(standard, LabScenes
                .standard("mug"));
        assertTrue(noisy.perturbed().probabilities()[clean.clean().best().index()] < clean.clean().best()
                .probability(), "the mug is less certain under sigma 0.5");
        assertNotEquals(0, PixelMeasures.meanAbsoluteDifference(noisy.images().before(), noisy.images().after()));
    }
}
