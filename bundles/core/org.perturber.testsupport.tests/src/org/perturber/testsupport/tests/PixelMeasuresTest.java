package org.perturber.testsupport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.testsupport.PixelMeasures;

/** The measures labs assert with, on images whose answers are known by hand. */
class PixelMeasuresTest {
    private static final RgbImage GREY = RgbImage.filled(4, 4, 0.5f, 0.5f, 0.5f);

    /** A 4x4 image, grey but for one pixel set to another value in every channel. */
    private static RgbImage onePixel(float value) {
        float[] d = GREY.copyData();
        d[0] = d[1] = d[2] = value;
        return new RgbImage(4, 4, d);
    }

    @Test
    void differencesCountWhatChangedAndNothingElse() {
        RgbImage changed = onePixel(0.9f);
        assertEquals(0.4 / 16, PixelMeasures.meanAbsoluteDifference(GREY, changed), 1e-6);
        assertEquals(0.4, PixelMeasures.maxAbsoluteDifference(GREY, changed), 1e-6);
        assertEquals(1.0 / 16, PixelMeasures.changedFraction(GREY, changed, 0.1), 1e-9);
        assertEquals(0, PixelMeasures.changedFraction(GREY, changed, 0.5), 1e-9, "a change below the threshold");
        assertEquals(0, PixelMeasures.meanAbsoluteDifference(GREY, GREY));
    }

    @Test
    void psnrIsInfiniteForEqualImagesAndFallsWithTheError() {
        assertEquals(Double.POSITIVE_INFINITY, PixelMeasures.psnr(GREY, GREY));
        // one pixel off by 0.4 in 3 of 48 values: MSE = 3 * 0.16 / 48 = 0.01, PSNR = 20 dB
        assertEquals(20, PixelMeasures.psnr(GREY, onePixel(0.9f)), 1e-4);
        assertTrue(PixelMeasures.psnr(GREY, onePixel(1f)) < PixelMeasures.psnr(GREY, onePixel(0.9f)));
    }

    @Test
    void contrastAndDetailMeasuresRiseWithVariation() {
        assertEquals(0, PixelMeasures.luminanceVariance(GREY), 1e-12);
        assertEquals(0, PixelMeasures.highFrequencyEnergy(GREY), 1e-12);
        RgbImage spot = onePixel(0.9f);
        // luminance 0.5 everywhere but 0.9 once: mean 0.525, variance (15 * 0.025^2 + 0.375^2) / 16
        assertEquals((15 * 0.025 * 0.025 + 0.375 * 0.375) / 16, PixelMeasures.luminanceVariance(spot), 1e-6);
        // the corner pixel has 2 neighbour pairs of 24 (4 rows of 3 pairs, 4 columns of 3 pairs), each 0.4 apart
        assertEquals(2 * 0.16 / 24, PixelMeasures.highFrequencyEnergy(spot), 1e-6);
        assertEquals(0.5, PixelMeasures.meanLuminance(GREY), 1e-6);
    }

    @Test
    void unusableNamesTheSizeTheNonFiniteValuesAndTheRange() {
        assertNull(PixelMeasures.unusable(GREY, 4, 4));
        assertEquals("a 4x4 image where 8x8 was expected", PixelMeasures.unusable(GREY, 8, 8));
        assertEquals("3 NaN or infinite values", PixelMeasures.unusable(onePixel(Float.NaN), 4, 4));
        assertEquals("3 values outside [0, 1]", PixelMeasures.unusable(onePixel(1.5f), 4, 4));
        assertEquals("3 values outside [0, 1]", PixelMeasures.unusable(onePixel(-0.01f), 4, 4));
        assertNull(PixelMeasures.unusable(onePixel(1f), 4, 4), "1 itself is inside");
    }

    @Test
    void imagesOfDifferentSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PixelMeasures.meanAbsoluteDifference(GREY, RgbImage
                .filled(2, 2, 0, 0, 0)));
    }
}
