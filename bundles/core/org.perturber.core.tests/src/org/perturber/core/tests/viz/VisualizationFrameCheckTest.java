package org.perturber.core.tests.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationGuard;
import org.perturber.core.viz.VisualizationInput;

/**
 * The frames a view can draw and those it refuses ({@link VisualizationGuard#problem}): each rule two-sided, a frame
 * just inside it accepted and one just outside named with what is wrong.
 */
class VisualizationFrameCheckTest {
    static final VisualizationInput INPUT = new VisualizationInput(null, RgbImage.filled(8, 6, 0.5f, 0.5f, 0.5f),
            null, null, null);

    static VisualizationFrame.Picture picture(int width, int height, float value) {
        return new VisualizationFrame.Picture("p", RgbImage.filled(width, height, value, 0, 1), "");
    }

    @Test
    void aPictureMustBeTheModelInputsSizeWithValuesInTheUnitRange() {
        assertNull(VisualizationGuard.problem(picture(8, 6, 1f), INPUT));
        assertNull(VisualizationGuard.problem(picture(8, 6, 1.0005f), INPUT), "float slack");
        assertEquals("returned a 6x8 picture for a 8x6 model input", VisualizationGuard.problem(picture(6, 8, 0),
                INPUT));
        assertEquals("returned a picture with 48 NaN or infinite values of 144", VisualizationGuard.problem(picture(8,
                6, Float.NaN), INPUT));
        assertEquals("returned a picture with 48 NaN or infinite values of 144", VisualizationGuard.problem(picture(8,
                6, Float.POSITIVE_INFINITY), INPUT));
        assertEquals("returned a picture with 48 values of 144 outside [0, 1]", VisualizationGuard.problem(picture(8,
                6, 1.01f), INPUT));
        assertEquals("returned a picture without an image", VisualizationGuard.problem(new VisualizationFrame.Picture(
                "p", null, ""), INPUT));
        assertNull(VisualizationGuard.problem(picture(3, 3, 0), null), "no input: no size to match");
    }

    @Test
    void tilesMustShareOneSizeAndHaveOneLabelEach() {
        RgbImage small = RgbImage.filled(4, 4, 0.2f, 0.2f, 0.2f);
        assertNull(VisualizationGuard.problem(new VisualizationFrame.Tiles("t", List.of(small, small), List.of("a",
                "b")), INPUT));
        assertNull(VisualizationGuard.problem(new VisualizationFrame.Tiles("t", List.of(), List.of()), INPUT));
        assertEquals("returned 2 tiles with 1 labels", VisualizationGuard.problem(new VisualizationFrame.Tiles("t",
                List.of(small, small), List.of("a")), INPUT));
        assertEquals("returned tiles of different sizes: tile 0 is 4x4, tile 1 4x5", VisualizationGuard.problem(
                new VisualizationFrame.Tiles("t", List.of(small, RgbImage.filled(4, 5, 0, 0, 0)), List.of("a", "b")),
                INPUT));
        assertEquals("returned tile 1 with 48 NaN or infinite values of 48", VisualizationGuard.problem(
                new VisualizationFrame.Tiles("t", List.of(small, RgbImage.filled(4, 4, Float.NaN, Float.NaN,
                        Float.NaN)), List.of("a", "b")), INPUT));
    }

    @Test
    void barsHaveValuesInTheUnitRangeAndChangesWithinOneOrNaN() {
        assertNull(VisualizationGuard.problem(new VisualizationFrame.Bars("b", List.of(new VisualizationFrame.Bar("a",
                1, -1), new VisualizationFrame.Bar("b", 0, Double.NaN))), INPUT));
        assertEquals("returned bar 1 ('b') with the value NaN (bars are in [0, 1])", VisualizationGuard.problem(
                new VisualizationFrame.Bars("b", List.of(new VisualizationFrame.Bar("a", 0.5, 0),
                        new VisualizationFrame.Bar("b", Double.NaN, 0))), INPUT));
        assertEquals("returned bar 0 ('a') with the value 1.5 (bars are in [0, 1])", VisualizationGuard.problem(
                new VisualizationFrame.Bars("b", List.of(new VisualizationFrame.Bar("a", 1.5, 0))), INPUT));
        assertEquals("returned bar 0 ('a') with the change Infinity (in [-1, 1], or NaN for none)", VisualizationGuard
                .problem(new VisualizationFrame.Bars("b", List.of(new VisualizationFrame.Bar("a", 0.5,
                        Double.POSITIVE_INFINITY))), INPUT));
        assertEquals("returned bar 0 without a label", VisualizationGuard.problem(new VisualizationFrame.Bars("b", List
                .of(new VisualizationFrame.Bar(null, 0.5, 0))), INPUT));
    }

    @Test
    void noFrameOrNoTitleIsAProblem() {
        assertEquals("returned no frame", VisualizationGuard.problem(null, INPUT));
        assertEquals("returned a frame without a title", VisualizationGuard.problem(new VisualizationFrame.Bars(null,
                List.of()), INPUT));
    }
}
