package org.perturber.perturbation.image.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;

/**
 * ImageNet-C's snow, frost, fog, elastic transform, spatter and saturate, and brightness and contrast at each
 * severity: for each a measurable property that moves one way over severities 1-5 (where the reference's own values
 * do not, the test says so and checks each stretch that does), and the numbers the reference fixes wherever they
 * can be measured from outside: blend weights, strengths, colours, scale factors.
 */
class WeatherAndDigitalCorruptionsTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class, Duration
            .ofSeconds(20));
    private static final RgbImage IMAGE = ImageNetCSuiteTest.IMAGE;
    /** At the reference's own size, where no layer is resized. */
    private static final RgbImage IMAGE_224 = ImageNetCSuiteTest.scene(224, 224, 5);
    private static final int[] SEEDS = { 1, 2, 3 };

    private static ImagePerturbation get(String name) {
        return (ImagePerturbation) REGISTRY.perturbation("org.perturber.perturbation.image." + name).orElseThrow()
                .instance().orElseThrow();
    }

    private static RgbImage apply(String name, RgbImage image, String parameter, double severity, int seed) {
        ImagePerturbation p = get(name);
        ParameterValues v = ParameterValues.defaults(p.parameters()).with(parameter, severity);
        if (p.parameters().stream().anyMatch(d -> d.id().equals("seed"))) {
            v = v.with("seed", seed);
        }
        return p.apply(image, v);
    }

    private static RgbImage apply(String name, RgbImage image, double severity, int seed) {
        return apply(name, image, "severity", severity, seed);
    }

    private static RgbImage grey(int size, float value) {
        return RgbImage.filled(size, size, value, value, value);
    }

    /** Mean over {@link #SEEDS} of a measure of the corruption at each severity 1-5 (index 0 unused). */
    private static double[] overSeeds(String name, RgbImage image, java.util.function.ToDoubleFunction<RgbImage> m) {
        double[] out = new double[6];
        for (int s = 1; s <= 5; s++) {
            for (int seed : SEEDS) {
                out[s] += m.applyAsDouble(apply(name, image, s, seed)) / SEEDS.length;
            }
        }
        return out;
    }

    private static void assertIncreasing(double[] values, int from, int to, String what) {
        for (int s = from + 1; s <= to; s++) {
            assertTrue(values[s] > values[s - 1], what + " does not grow from severity " + (s - 1) + " to " + s + ": "
                    + Arrays.toString(values));
        }
    }

    private static void assertDecreasing(double[] values, int from, int to, String what) {
        for (int s = from + 1; s <= to; s++) {
            assertTrue(values[s] < values[s - 1], what + " does not fall from severity " + (s - 1) + " to " + s + ": "
                    + Arrays.toString(values));
        }
    }

    // ---------------------------------------------------------------------------------------------- snow

    private static double nearWhiteShare(RgbImage image) {
        float[] d = image.data();
        int n = 0;
        for (int i = 0; i < d.length; i += 3) {
            if (d[i] > 0.9f && d[i + 1] > 0.9f && d[i + 2] > 0.9f) {
                n++;
            }
        }
        return n * 3.0 / d.length;
    }

    @Test
    void snowWhitensMoreOfTheImageAtEachSeverity() {
        assertEquals(0, nearWhiteShare(IMAGE), "the test image has no white of its own");
        double[] white = overSeeds("snow", IMAGE, WeatherAndDigitalCorruptionsTest::nearWhiteShare);
        assertIncreasing(white, 1, 5, "the near-white share");
        assertTrue(white[1] > 0 && white[1] < 0.05, "light snow at severity 1: " + white[1]);
        assertTrue(white[5] > 0.2 && white[5] < 0.6, "heavy snow at severity 5, not a white-out: " + white[5]);
        double[] brightness = overSeeds("snow", IMAGE, WeatherAndDigitalCorruptionsTest::mean);
        for (int s = 1; s <= 5; s++) {
            assertTrue(brightness[s] > mean(IMAGE) + 0.1, "snow brightens the image at severity " + s);
        }
        assertTrue(brightness[5] > brightness[1] + 0.15, Arrays.toString(brightness));
    }

    /**
     * On a grey image of level g the reference's blend is blend g + (1 - blend)(1.5 g + 0.5), so two grey levels
     * differ, under the same snow, by (1.5 - 0.5 blend) times their difference: blend 0.8, 0.7, 0.7, 0.65, 0.55.
     */
    @Test
    void snowBlendsTowardTheBrightenedGreyWithTheReferencesWeights() {
        double[] blend = { 0.8, 0.7, 0.7, 0.65, 0.55 };
        for (int s = 1; s <= 5; s++) {
            RgbImage dark = apply("snow", grey(96, 0f), s, 4);
            RgbImage lighter = apply("snow", grey(96, 0.1f), s, 4);
            int compared = 0;
            for (int i = 0; i < dark.data().length; i++) {
                if (lighter.data()[i] < 1f) {
                    assertEquals((1.5 - 0.5 * blend[s - 1]) * 0.1, lighter.data()[i] - dark.data()[i], 1e-5,
                            "severity " + s + " at " + i);
                    compared++;
                }
            }
            assertTrue(compared > dark.data().length / 4, "severity " + s + ": too few unclipped values");
        }
    }

    /** The reference adds its layer twice, once turned by 180 degrees: on a uniform image the snow is symmetric. */
    @Test
    void snowFallsTwiceOnceTurnedByHalfATurn() {
        for (int s = 1; s <= 5; s++) {
            RgbImage out = apply("snow", grey(96, 0f), s, 2);
            float min = 1, max = 0;
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    assertEquals(out.get(x, y, 0), out.get(95 - x, 95 - y, 0), 1e-6, "severity " + s);
                    min = Math.min(min, out.get(x, y, 0));
                    max = Math.max(max, out.get(x, y, 0));
                }
            }
            assertTrue(max - min > 0.3, "severity " + s + " has flakes: " + min + ".." + max);
        }
    }

    // ---------------------------------------------------------------------------------------------- frost

    @Test
    void frostLowersTheCorrelationWithTheOriginalAtEachSeverity() {
        double[] correlation = overSeeds("frost", IMAGE, out -> correlation(out, IMAGE));
        assertDecreasing(correlation, 1, 5, "the correlation with the original");
        assertTrue(correlation[1] < 0.99 && correlation[5] > 0.5, Arrays.toString(correlation));
    }

    /** out = a image + b frost, with (a, b) the reference's: the frost recovered at each severity is the same. */
    @Test
    void frostBlendsImageAndFrostWithTheReferencesWeights() {
        double[][] weights = { { 1, 0.4 }, { 0.8, 0.6 }, { 0.7, 0.7 }, { 0.65, 0.7 }, { 0.6, 0.75 } };
        RgbImage[] out = new RgbImage[6];
        for (int s = 1; s <= 5; s++) {
            out[s] = apply("frost", IMAGE, s, 9);
        }
        int compared = 0;
        float[] x = IMAGE.data();
        for (int i = 0; i < x.length; i++) {
            final int index = i;
            if (Arrays.stream(out, 1, 6).anyMatch(o -> o.data()[index] >= 1f)) {
                continue;
            }
            double frost = (out[1].data()[i] - x[i]) / weights[0][1];
            for (int s = 2; s <= 5; s++) {
                assertEquals(frost, (out[s].data()[i] - weights[s - 1][0] * x[i]) / weights[s - 1][1], 1e-5,
                        "severity " + s + " at " + i);
            }
            compared++;
        }
        assertTrue(compared > x.length / 2, "too few unclipped values: " + compared);
    }

    /**
     * Ours is generated, not photographed: its statistics should be those of the reference's frost photographs,
     * whose luminance means are 0.48-0.80 (mean 0.64), with bright crystals over darker glass, bluish. On black the
     * output is 0.75 times the frost at severity 5, never clipped.
     */
    @Test
    void theGeneratedFrostHasTheBrightnessOfFrostPhotographs() {
        for (int seed : SEEDS) {
            float[] frost = apply("frost", grey(224, 0f), 5, seed).data();
            double[] luminance = new double[frost.length / 3];
            double[] channel = new double[3];
            for (int i = 0; i < frost.length; i++) {
                channel[i % 3] += frost[i] / 0.75 / luminance.length;
            }
            for (int p = 0; p < luminance.length; p++) {
                luminance[p] = (0.299 * frost[3 * p] + 0.587 * frost[3 * p + 1] + 0.114 * frost[3 * p + 2]) / 0.75;
            }
            double mean = Arrays.stream(luminance).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(luminance).map(l -> (l - mean) * (l - mean)).average().orElseThrow());
            double[] sorted = luminance.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2], p99 = sorted[sorted.length * 99 / 100];
            String stats = "seed " + seed + ": mean " + mean + " sd " + sd + " median " + median + " p99 " + p99
                    + " rgb " + Arrays.toString(channel);
            assertTrue(mean > 0.45 && mean < 0.7, stats);
            assertTrue(sd > 0.06 && sd < 0.18, stats);
            assertTrue(median < mean, "mostly glass, a minority of bright crystals: " + stats);
            assertTrue(p99 > 0.75 && p99 < 1.0, "bright crystals, not a white-out: " + stats);
            assertTrue(channel[2] > channel[1] && channel[1] > channel[0], "bluish: " + stats);
        }
    }

    // ---------------------------------------------------------------------------------------------- fog

    /**
     * The reference adds strength times a plasma fractal in [0, 1] and scales by max / (max + strength): each value
     * lies between k x and k (x + strength), and the haze (out / k - x) / strength spans most of [0, 1].
     */
    @Test
    void fogAddsTheReferencesStrengthOfHazeAndRescales() {
        double[] strength = { 1.5, 2, 2.5, 2.5, 3 };
        float max = 0;
        for (float v : IMAGE.data()) {
            max = Math.max(max, v);
        }
        float[] x = IMAGE.data();
        for (int s = 1; s <= 5; s++) {
            double c = strength[s - 1], k = max / (max + c);
            float[] out = apply("fog", IMAGE, s, 3).data();
            double lowest = 1, highest = 0;
            for (int i = 0; i < x.length; i++) {
                double haze = (out[i] / k - x[i]) / c;
                assertTrue(haze > -1e-5 && haze < 1 + 1e-5, "severity " + s + " at " + i + ": haze " + haze);
                lowest = Math.min(lowest, haze);
                highest = Math.max(highest, haze);
            }
            assertTrue(lowest < 0.15 && highest > 0.85, "severity " + s + ": haze " + lowest + ".." + highest);
        }
    }

    /**
     * Severities 1-2 share the wibble decay 2, then it falls (1.7, 1.5, 1.4): the haze is the same fractal at 1 and
     * 2, rougher at each severity after; the strength grows over 1-3 and 4-5 (3 and 4 share 2.5), so the
     * correlation with the original falls there.
     */
    @Test
    void fogGetsRougherAndHidesMoreOfTheImage() {
        float max = 0;
        for (float v : IMAGE.data()) {
            max = Math.max(max, v);
        }
        double[] strength = { 1.5, 2, 2.5, 2.5, 3 };
        double[] roughness = new double[6];
        float[][] haze = new float[6][];
        for (int s = 1; s <= 5; s++) {
            double c = strength[s - 1], k = max / (max + c);
            float[] out = apply("fog", IMAGE, s, 5).data();
            haze[s] = new float[96 * 96];
            for (int p = 0; p < haze[s].length; p++) {
                haze[s][p] = (float) ((out[3 * p] / k - IMAGE.data()[3 * p]) / c);
            }
            for (int y = 0; y < 96; y++) {
                for (int xx = 0; xx < 95; xx++) {
                    roughness[s] += Math.abs(haze[s][y * 96 + xx + 1] - haze[s][y * 96 + xx]) / (96 * 95);
                }
            }
        }
        for (int p = 0; p < haze[1].length; p++) {
            assertEquals(haze[1][p], haze[2][p], 1e-4, "severities 1 and 2 share the fractal");
        }
        assertIncreasing(roughness, 2, 5, "the haze's roughness");
        double[] correlation = overSeeds("fog", IMAGE, out -> correlation(out, IMAGE));
        assertDecreasing(correlation, 1, 3, "the correlation with the original");
        assertDecreasing(correlation, 4, 5, "the correlation with the original");
    }

    // ---------------------------------------------------------------------------------------------- elastic

    /** x / (w - 1) in red, y / (h - 1) in green: bilinear resampling returns the source position of each pixel. */
    private static RgbImage ramp(int size) {
        float[] d = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = (y * size + x) * 3;
                d[i] = x / (float) (size - 1);
                d[i + 1] = y / (float) (size - 1);
                d[i + 2] = 0.5f;
            }
        }
        return new RgbImage(size, size, d);
    }

    /**
     * Where the pixels of a warped ramp came from, away from the edges (where reflection folds positions back): the
     * mean distance moved and the root mean square per axis of what an affine fit leaves (the local wobble).
     */
    private static double[] displacement(RgbImage warped) {
        int n = warped.width(), margin = n / 6;
        double[][] normal = new double[3][3];
        double[] towardX = new double[3], towardY = new double[3];
        double moved = 0;
        int count = 0;
        for (int y = margin; y < n - margin; y++) {
            for (int x = margin; x < n - margin; x++) {
                double sx = warped.get(x, y, 0) * (n - 1), sy = warped.get(x, y, 1) * (n - 1);
                moved += Math.hypot(sx - x, sy - y);
                count++;
                double[] f = { 1, x, y };
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        normal[i][j] += f[i] * f[j];
                    }
                    towardX[i] += f[i] * sx;
                    towardY[i] += f[i] * sy;
                }
            }
        }
        double[] a = solve3(normal, towardX), b = solve3(normal, towardY);
        double residual = 0;
        for (int y = margin; y < n - margin; y++) {
            for (int x = margin; x < n - margin; x++) {
                double ex = warped.get(x, y, 0) * (n - 1) - (a[0] + a[1] * x + a[2] * y);
                double ey = warped.get(x, y, 1) * (n - 1) - (b[0] + b[1] * x + b[2] * y);
                residual += ex * ex + ey * ey;
            }
        }
        return new double[] { moved / count, Math.sqrt(residual / count / 2) };
    }

    private static double[] solve3(double[][] a, double[] v) {
        double[][] m = new double[3][4];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(a[i], 0, m[i], 0, 3);
            m[i][3] = v[i];
        }
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 3; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k < 4; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        return new double[] { m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2] };
    }

    /**
     * The reference's severities are two regimes: 1-2 a large affine (points moved up to 24.4, then 48.8 px at 224)
     * with nearly uniform fields, 3-5 a small one (4.88 px) with fine wobbles of growing alpha. Within each, pixels
     * move farther at each severity; severity 2 moves them farthest of all, as the reference's values do.
     */
    @Test
    void elasticMovesPixelsFartherWithinEachOfTheReferencesTwoRegimes() {
        double[] moved = overSeeds("elasticTransform", ramp(96), out -> displacement(out)[0]);
        assertIncreasing(moved, 1, 2, "the mean displacement");
        assertIncreasing(moved, 3, 5, "the mean displacement");
        assertTrue(moved[2] > moved[3], Arrays.toString(moved));
        // the same draws with the affine's range doubled: about twice as far
        assertTrue(moved[2] / moved[1] > 1.6 && moved[2] / moved[1] < 2.2, Arrays.toString(moved));
    }

    /**
     * Severities 3-5 share sigma (2.44 px) and the affine's range and differ in alpha (12.2, 17.08, 29.28): with the
     * same seed the wobble is the same field times alpha. At 224 px its size per axis is alpha sqrt(1/3) /
     * (2 sqrt(pi) sigma) = 0.81 px at severity 3 (uniform draws' deviation, shrunk by the Gaussian's smoothing).
     */
    @Test
    void theWobbleGrowsWithTheReferencesAlphaAndHasItsSize() {
        for (int seed : SEEDS) {
            double[] wobble = new double[6];
            for (int s = 3; s <= 5; s++) {
                wobble[s] = displacement(apply("elasticTransform", ramp(96), s, seed))[1];
            }
            assertEquals(17.08 / 12.2, wobble[4] / wobble[3], 0.01, "seed " + seed);
            assertEquals(29.28 / 12.2, wobble[5] / wobble[3], 0.02, "seed " + seed);
        }
        double expected = 244 * 0.05 * Math.sqrt(1 / 3.0) / (2 * Math.sqrt(Math.PI) * 244 * 0.01);
        double measured = 0;
        for (int seed : SEEDS) {
            measured += displacement(apply("elasticTransform", ramp(224), 3, seed))[1] / SEEDS.length;
        }
        assertEquals(expected, measured, 0.15 * expected, "the wobble at 224 px, severity 3");
    }

    // ---------------------------------------------------------------------------------------------- spatter

    private static double changedShare(RgbImage out, RgbImage original) {
        int n = 0;
        float[] a = out.data(), b = original.data();
        for (int i = 0; i < a.length; i += 3) {
            if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 0.01) {
                n++;
            }
        }
        return n * 3.0 / a.length;
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error under 1.5e-7). */
    private static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2), t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    /**
     * Water covers more at each of severities 1-3, mud more at 5 than at 4. At 224 px water lies where the smoothed
     * layer exceeds the threshold: normal draws (0.65, 0.3) smoothed by sigma 4, 3, 2 have a deviation of 0.3 /
     * (2 sqrt(pi) sigma), so 1 - Phi((threshold - 0.65) / deviation) of the image: 2.9%, 14%, 24%.
     */
    @Test
    void spatterCoversMoreWithinEachModeAndWaterTheReferencesShare() {
        double[] covered = overSeeds("spatter", IMAGE_224, out -> changedShare(out, IMAGE_224));
        assertIncreasing(covered, 1, 3, "the water's share");
        assertIncreasing(covered, 4, 5, "the mud's share");
        double[] sigma = { 4, 3, 2 }, threshold = { 0.69, 0.68, 0.68 };
        for (int s = 1; s <= 3; s++) {
            double deviation = 0.3 / (2 * Math.sqrt(Math.PI) * sigma[s - 1]);
            double expected = 1 - normalCdf((threshold[s - 1] - 0.65) / deviation);
            assertEquals(expected, covered[s], 0.4 * expected, "severity " + s + ": " + Arrays.toString(covered));
        }
        double[] at96 = overSeeds("spatter", IMAGE, out -> changedShare(out, IMAGE));
        assertIncreasing(at96, 1, 3, "the water's share at 96 px");
        assertIncreasing(at96, 4, 5, "the mud's share at 96 px");
    }

    /** Water adds pale turquoise (175, 238, 238); mud covers with brown (63, 42, 20) at opacity 0.8 or more. */
    @Test
    void waterIsPaleTurquoiseAndMudIsBrown() {
        float[] x = IMAGE_224.data();
        float[] water = apply("spatter", IMAGE_224, 3, 6).data();
        int tinted = 0;
        for (int i = 0; i < x.length; i += 3) {
            float dr = water[i] - x[i], dg = water[i + 1] - x[i + 1], db = water[i + 2] - x[i + 2];
            if (dr > 0.01f && water[i] < 1f && water[i + 1] < 1f && water[i + 2] < 1f) {
                assertEquals(238.0 / 175, dg / dr, 2e-3, "water's green over red at " + i / 3);
                assertEquals(dg, db, 1e-5, "water's blue and green at " + i / 3);
                tinted++;
            }
        }
        assertTrue(tinted > 1000, "water tints " + tinted + " pixels");
        float[] mud = apply("spatter", IMAGE_224, 5, 6).data();
        float[] brown = { 63 / 255f, 42 / 255f, 20 / 255f };
        int covered = 0;
        for (int i = 0; i < x.length; i += 3) {
            if (mud[i] != x[i] || mud[i + 1] != x[i + 1] || mud[i + 2] != x[i + 2]) {
                for (int k = 0; k < 3; k++) {
                    assertTrue(Math.abs(mud[i + k] - brown[k]) <= 0.2 * Math.abs(x[i + k] - brown[k]) + 1e-5,
                            "mud at " + i / 3 + " channel " + k);
                }
                covered++;
            }
        }
        assertTrue(covered > 1000, "mud covers " + covered + " pixels");
    }

    // ---------------------------------------------------------------------------------------------- saturate

    /** HSV (scikit-image's rgb2hsv) of the pixel at index p. */
    private static double[] hsv(float[] d, int p) {
        float r = d[3 * p], g = d[3 * p + 1], b = d[3 * p + 2];
        float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), delta = max - min;
        double hue = 0;
        if (delta > 0) {
            hue = max == r ? (g - b) / delta : max == g ? 2 + (b - r) / delta : 4 + (r - g) / delta;
            hue = ((hue / 6) % 1 + 1) % 1;
        }
        return new double[] { hue, max > 0 ? delta / max : 0, max };
    }

    private static double meanSaturation(RgbImage image) {
        double s = 0;
        int n = image.width() * image.height();
        for (int p = 0; p < n; p++) {
            s += hsv(image.data(), p)[1] / n;
        }
        return s;
    }

    /** Saturation becomes min(1, s scale + add) with the reference's (0.3, 0) (0.1, 0) (2, 0) (5, 0.1) (20, 0.2). */
    @Test
    void saturateScalesTheSaturationByTheReferencesFactors() {
        double[][] scaleAdd = { { 0.3, 0 }, { 0.1, 0 }, { 2, 0 }, { 5, 0.1 }, { 20, 0.2 } };
        float[] x = IMAGE.data();
        for (int s = 1; s <= 5; s++) {
            float[] out = apply("saturate", IMAGE, s, 0).data();
            for (int p = 0; p < x.length / 3; p++) {
                double[] before = hsv(x, p), after = hsv(out, p);
                double expected = Math.min(1, before[1] * scaleAdd[s - 1][0] + scaleAdd[s - 1][1]);
                assertEquals(expected, after[1], 1e-4, "saturation at severity " + s + ", pixel " + p);
                assertEquals(before[2], after[2], 1e-5, "value at severity " + s + ", pixel " + p);
                if (before[1] > 0.05 && after[1] > 0.05) {
                    double dh = Math.abs(before[0] - after[0]);
                    assertTrue(Math.min(dh, 1 - dh) < 1e-3, "hue at severity " + s + ", pixel " + p);
                }
            }
        }
    }

    @Test
    void saturationFallsOverSeverities1And2AndRisesOver3To5() {
        double[] saturation = new double[6];
        saturation[0] = meanSaturation(IMAGE);
        for (int s = 1; s <= 5; s++) {
            saturation[s] = meanSaturation(apply("saturate", IMAGE, s, 0));
        }
        assertDecreasing(saturation, 0, 2, "the mean saturation");
        assertIncreasing(saturation, 3, 5, "the mean saturation");
        assertTrue(saturation[3] > saturation[0], Arrays.toString(saturation));
        assertEquals(0.3 * saturation[0], saturation[1], 1e-4, "severity 1 scales the saturation by 0.3");
        assertEquals(0.1 * saturation[0], saturation[2], 1e-4, "severity 2 scales the saturation by 0.1");
    }

    // ------------------------------------------------------------------------------------- brightness, contrast

    /** Brightness adds 0.1 s to each pixel's HSV value (clipped at 1), keeping hue and saturation. */
    @Test
    void brightnessAddsTheReferencesValueAtEachSeverity() {
        float[] x = IMAGE.data();
        for (int s = 1; s <= 5; s++) {
            float[] out = apply("brightnessContrast", IMAGE, "brightnessSeverity", s, 0).data();
            for (int p = 0; p < x.length / 3; p++) {
                double[] before = hsv(x, p), after = hsv(out, p);
                assertEquals(Math.min(1, before[2] + 0.1 * s), after[2], 1e-5, "value at " + s + ", pixel " + p);
                if (before[2] + 0.1 * s <= 1) {
                    assertEquals(before[1], after[1], 1e-4, "saturation at " + s + ", pixel " + p);
                }
            }
        }
    }

    /** Contrast scales each channel about its mean by 0.4, 0.3, 0.2, 0.1, 0.05: nothing clips, means stay. */
    @Test
    void contrastScalesAboutEachChannelsMeanAtEachSeverity() {
        double[] factor = { 0.4, 0.3, 0.2, 0.1, 0.05 };
        float[] x = IMAGE.data();
        double[] mean = new double[3];
        for (int i = 0; i < x.length; i++) {
            mean[i % 3] += x[i] * 3.0 / x.length;
        }
        for (int s = 1; s <= 5; s++) {
            float[] out = apply("brightnessContrast", IMAGE, "contrastSeverity", s, 0).data();
            for (int i = 0; i < x.length; i++) {
                assertEquals((x[i] - mean[i % 3]) * factor[s - 1] + mean[i % 3], out[i], 1e-5, "severity " + s
                        + " at " + i);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- measures

    private static double mean(RgbImage image) {
        double s = 0;
        for (float v : image.data()) {
            s += v;
        }
        return s / image.data().length;
    }

    private static double correlation(RgbImage a, RgbImage b) {
        float[] x = a.data(), y = b.data();
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / (double) x.length;
            my += y[i] / (double) y.length;
        }
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
