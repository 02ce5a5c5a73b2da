package org.perturber.perturbation.image.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;

/**
 * ImageNet-C's noise and blur corruptions, each measured by the property its severity controls, against the
 * reference's numbers where it fixes one (Hendrycks and Dietterich's make_imagenet_c.py): noise variance on flat
 * images, the share of salt and pepper, and how far a step edge spreads ({@link #spread}: the summed difference from
 * the sharp step, in pixels, which for a blur kernel is the mean absolute offset of its weights across the edge).
 * Images are 96 pixels, the built-in models' size, so the reference's lengths scale by 96 / 224.
 */
class NoiseAndBlurCorruptionsTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class, Duration
            .ofSeconds(20));
    private static final int SIZE = 96;
    private static final double SCALE = SIZE / 224.0;
    private static final float LOW = 0.2f, HIGH = 0.8f;

    private static ImagePerturbation get(String name) {
        return (ImagePerturbation) REGISTRY.perturbation("org.perturber.perturbation.image." + name).orElseThrow()
                .instance().orElseThrow(() -> new AssertionError(name + " failed to load: " + REGISTRY.perturbation(
                        "org.perturber.perturbation.image." + name).orElseThrow().failure().orElse("?")));
    }

    private static RgbImage apply(String name, RgbImage image, double severity, int seed) {
        ImagePerturbation p = get(name);
        ParameterValues v = ParameterValues.defaults(p.parameters()).with("severity", severity);
        if (p.parameters().stream().anyMatch(d -> d.id().equals("seed"))) {
            v = v.with("seed", seed);
        }
        return p.apply(image, v);
    }

    private static RgbImage grey(float level) {
        return RgbImage.filled(SIZE, SIZE, level, level, level);
    }

    private static double mean(RgbImage image) {
        double s = 0;
        for (float v : image.data()) {
            s += v;
        }
        return s / image.data().length;
    }

    private static double variance(RgbImage image) {
        double m = mean(image), s = 0;
        for (float v : image.data()) {
            s += (v - m) * (v - m);
        }
        return s / image.data().length;
    }

    // ---- noise ----

    /** The variance of min(X / c, 1) for X Poisson of mean x c: what shot noise gives a flat image x. */
    private static double shotVariance(double x, double c) {
        double mean = x * c, p = Math.exp(-mean), m1 = 0, m2 = 0;
        for (int k = 0; k < 1000; k++) {
            if (k > 0) {
                p *= mean / k;
            }
            double v = Math.min(1, k / c);
            m1 += p * v;
            m2 += p * v * v;
        }
        return m2 - m1 * m1;
    }

    @Test
    void shotNoiseVarianceIsTheReferencesXOverCAtEverySeverity() {
        double[] photons = { 60, 25, 12, 5, 3 };
        for (float level : new float[] { 0.15f, 0.4f, 0.7f }) {
            double previous = 0;
            for (int s = 1; s <= 5; s++) {
                RgbImage out = apply("shotNoise", grey(level), s, 3);
                double expected = shotVariance(level, photons[s - 1]);
                double var = variance(out);
                assertEquals(expected, var, 0.06 * expected, String.format(Locale.ROOT,
                        "grey %.2f, severity %d: variance %.5f, reference %.5f", level, s, var, expected));
                assertTrue(var > previous * 1.3, "variance grows with severity at " + level + ": " + s);
                previous = var;
            }
            // unbiased where the clip at 1 does not bite: the mean stays the grey
            assertEquals(level, mean(apply("shotNoise", grey(level), 1, 3)), 0.005);
        }
        // the variance is proportional to the brightness (severity 1, far from the clip): x / 60
        double ratio = variance(apply("shotNoise", grey(0.6f), 1, 4)) / variance(apply("shotNoise", grey(0.2f), 1,
                4));
        assertEquals(3, ratio, 0.25);
    }

    @Test
    void shotNoiseCountsAreWholePhotons() {
        RgbImage out = apply("shotNoise", grey(0.37f), 2, 1);
        for (float v : out.data()) {
            assertEquals(Math.round(v * 25), v * 25, 1e-4, "a multiple of 1/25 at severity 2: " + v);
        }
    }

    @Test
    void impulseNoiseReplacesTheReferencesShareWithSaltAndPepperAlike() {
        double[] amount = { 0.03, 0.06, 0.09, 0.17, 0.27 };
        boolean[] hitBefore = new boolean[SIZE * SIZE * 3];
        for (int s = 1; s <= 5; s++) {
            float[] out = apply("impulseNoise", grey(0.5f), s, 11).data();
            int salt = 0, pepper = 0;
            for (int i = 0; i < out.length; i++) {
                if (out[i] == 1f) {
                    salt++;
                } else if (out[i] == 0f) {
                    pepper++;
                } else {
                    assertEquals(0.5f, out[i], "a value not hit stays as it was");
                    assertTrue(!hitBefore[i], "severity " + s + " spares a value a lower severity hit");
                }
                hitBefore[i] = out[i] != 0.5f;
            }
            double n = out.length;
            // standard error of a share p of 27648 values: at most 0.0027
            assertEquals(amount[s - 1], (salt + pepper) / n, 0.012, "share hit at severity " + s);
            assertEquals(0.5, salt / (double) (salt + pepper), 0.05 + 1.5 / Math.sqrt(salt + pepper),
                    "salt against pepper at severity " + s);
        }
    }

    @Test
    void speckleNoiseDeviationIsCTimesThePixelValue() {
        double[] sigma = { 0.15, 0.2, 0.35, 0.45, 0.6 };
        for (int s = 1; s <= 5; s++) {
            double previous = 0;
            for (float level : new float[] { 0.1f, 0.3f, 0.5f }) {
                double std = Math.sqrt(variance(apply("speckleNoise", grey(level), s, 5)));
                // brighter pixels vary more
                assertTrue(std > previous * 1.4, "severity " + s + ": at " + level + " " + std + " after " + previous);
                previous = std;
                // the reference's c x, less what the clip to [0, 1] takes at the higher severities
                double expected = Math.sqrt(clippedNormalVariance(level, sigma[s - 1] * level));
                assertEquals(expected, std, 0.03 * expected, "severity " + s + " at " + level);
                if (s == 1) {
                    assertEquals(sigma[0] * level, expected, 1e-6 * level, "no clip at severity 1");
                }
            }
        }
        for (float level : new float[] { 0.1f, 0.3f }) {
            double previous = 0;
            for (int s = 1; s <= 5; s++) {
                double std = Math.sqrt(variance(apply("speckleNoise", grey(level), s, 5)));
                assertTrue(std > previous, "grows with severity at " + level);
                previous = std;
            }
        }
    }

    /** The variance of clip(x + sigma Z, 0, 1), Z standard normal (Simpson's rule). */
    private static double clippedNormalVariance(double x, double sigma) {
        int n = 4000;
        double a = -9, b = 9, h = (b - a) / n, m1 = 0, m2 = 0;
        for (int i = 0; i <= n; i++) {
            double z = a + i * h;
            double w = (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * h / 3 * Math.exp(-z * z / 2) / Math.sqrt(2
                    * Math.PI);
            double v = Math.max(0, Math.min(1, x + sigma * z));
            m1 += w * v;
            m2 += w * v * v;
        }
        return m2 - m1 * m1;
    }

    @Test
    void gaussianNoiseDeviationIsTheReferencesAtEverySeverity() {
        double[] sigma = { 0.08, 0.12, 0.18, 0.26, 0.38 };
        double previous = 0;
        for (int s = 1; s <= 5; s++) {
            double std = Math.sqrt(variance(apply("gaussianNoise", grey(0.5f), s, 2)));
            double expected = Math.sqrt(clippedNormalVariance(0.5, sigma[s - 1]));
            assertEquals(expected, std, 0.02 * expected, "severity " + s);
            assertTrue(std > previous * 1.2);
            previous = std;
        }
    }

    // ---- blur ----

    /** Columns x >= edge are HIGH, the others LOW (or rows, when horizontal). */
    private static RgbImage step(int edge, boolean horizontal) {
        float[] d = new float[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                Arrays.fill(d, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3, (horizontal ? y : x) >= edge ? HIGH : LOW);
            }
        }
        return new RgbImage(SIZE, SIZE, d);
    }

    /**
     * How far the step at {@code edge} spread, in pixels: the sum across the edge of |image - sharp step| over the
     * step's height, averaged over the lines along it and the channels. For a blur kernel this is the mean absolute
     * offset of its weights across the edge (a shift by d counts d).
     */
    private static double spread(RgbImage image, int edge, boolean horizontal) {
        double total = 0;
        for (int line = 0; line < SIZE; line++) {
            for (int across = 0; across < SIZE; across++) {
                int x = horizontal ? line : across, y = horizontal ? across : line;
                float sharp = across >= edge ? HIGH : LOW;
                for (int c = 0; c < 3; c++) {
                    total += Math.abs(image.get(x, y, c) - sharp);
                }
            }
        }
        return total / (3.0 * SIZE * (HIGH - LOW));
    }

    private static double spread(String name, double severity, int seed) {
        return spread(apply(name, step(SIZE / 2, false), severity, seed), SIZE / 2, false);
    }

    /** Squared differences of neighbouring values: what blurring takes away. */
    private static double highFrequencyEnergy(RgbImage image) {
        double e = 0;
        for (int y = 0; y < image.height() - 1; y++) {
            for (int x = 0; x < image.width() - 1; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = image.get(x, y, c);
                    e += Math.pow(image.get(x + 1, y, c) - v, 2) + Math.pow(image.get(x, y + 1, c) - v, 2);
                }
            }
        }
        return e;
    }

    private static void assertBlurDegradesWithSeverity(String name, boolean lessDetail) {
        RgbImage scene = ImageNetCSuiteTest.scene(SIZE, SIZE, 5);
        double spread = 0, energy = highFrequencyEnergy(scene);
        for (int s = 1; s <= 5; s++) {
            double sp = 0, en = 0;
            for (int seed = 0; seed < 3; seed++) {
                sp += spread(name, s, seed) / 3;
                en += highFrequencyEnergy(apply(name, scene, s, seed)) / 3;
            }
            assertTrue(sp > spread * 1.05, name + ": the edge spreads more at severity " + s + ": " + sp + " after "
                    + spread);
            assertTrue(!lessDetail || en < energy * 0.97, name + ": less fine detail at severity " + s + ": " + en + " after "
                    + energy);
            spread = sp;
            energy = en;
        }
    }

    @Test
    void everyBlurSpreadsEdgesAndRemovesDetailMoreAtEachSeverity() {
        for (String name : new String[] { "defocusBlur", "glassBlur", "motionBlur", "zoomBlur", "gaussianBlur" }) {
            assertBlurDegradesWithSeverity(name, true);
        }
    }

    @Test
    void gaussianBlurSpreadIsTheScaledSigmasAtEverySeverity() {
        double[] sigma = { 1, 2, 3, 4, 6 };
        for (int s = 1; s <= 5; s++) {
            double sd = sigma[s - 1] * SCALE, num = 0, den = 0;
            // the mean absolute offset of the sampled Gaussian
            for (int i = -(int) Math.ceil(5 * sd); i <= Math.ceil(5 * sd); i++) {
                double w = Math.exp(-i * i / (2 * sd * sd));
                num += Math.abs(i) * w;
                den += w;
            }
            assertEquals(num / den, spread("gaussianBlur", s, 0), 0.02 * num / den + 1e-3, "severity " + s);
        }
    }

    @Test
    void defocusSpreadIsTheScaledDisksAtEverySeverity() {
        double[] radius = { 3, 4, 6, 8, 10 };
        for (int s = 1; s <= 5; s++) {
            double r = radius[s - 1] * SCALE;
            // the disk's weight across the edge: the width of the disk at offset u, binned into whole pixels
            double num = 0, den = 0;
            int n = 20000;
            for (int k = 0; k < n; k++) {
                double u = -r + (k + 0.5) * 2 * r / n;
                double w = Math.sqrt(r * r - u * u);
                num += Math.abs(Math.round(u)) * w;
                den += w;
            }
            assertEquals(num / den, spread("defocusBlur", s, 0), 0.03 * num / den, "severity " + s);
        }
    }

    @Test
    void defocusBlurGrowsGraduallyBetweenSeverities() {
        double previous = 0;
        for (int i = 1; i <= 50; i++) {
            double sp = spread("defocusBlur", i * 0.1, 0);
            assertTrue(sp > previous || (previous == 0 && sp == 0), "at " + i * 0.1 + ": " + sp + " after "
                    + previous);
            previous = sp;
        }
    }

    @Test
    void motionBlurStreakIsImageMagicksKernelAtTheScaledSpacing() {
        double[][] c = { { 10, 3 }, { 15, 5 }, { 15, 8 }, { 15, 12 }, { 20, 15 } };
        for (int seed = 0; seed < 4; seed++) {
            for (int s = 1; s <= 5; s++) {
                double num = 0, den = 0;
                for (int i = 0; i <= 2 * (int) Math.ceil(c[s - 1][0]); i++) {
                    double w = Math.exp(-i * i / (2 * c[s - 1][1] * c[s - 1][1]));
                    num += i * w;
                    den += w;
                }
                double across = spread("motionBlur", s, seed);
                double along = spread(apply("motionBlur", step(SIZE / 2, true), s, seed), SIZE / 2, true);
                // one streak whatever its angle: its projections across both edges make its length
                assertEquals(SCALE * num / den, Math.hypot(across, along), 0.01 * SCALE * num / den, "seed " + seed
                        + ", severity " + s);
                // the angle is within 45 degrees of the horizontal
                assertTrue(across >= along, "seed " + seed + ": " + across + " across vertical edges, " + along);
            }
        }
    }

    @Test
    void motionBlurAngleComesFromTheSeed() {
        double a = spread("motionBlur", 3, 1), b = spread("motionBlur", 3, 2);
        assertTrue(Math.abs(a - b) > 1e-3, a + " and " + b);
    }

    @Test
    void zoomBlurIsTheMeanOverNumpysZoomFactors() {
        // np.arange(1, 1.11, 0.01) etc. as numpy gives them: 12, 16, 11, 13 and 11 factors
        double[][] factors = { range(1.00, 0.01, 12), range(1.00, 0.01, 16), range(1.00, 0.02, 11), range(1.00, 0.02,
                13), range(1.00, 0.03, 11) };
        int edge = 80;
        double distance = edge - 0.5 - (SIZE - 1) / 2.0;
        for (int s = 1; s <= 5; s++) {
            double sum = 0;
            for (double z : factors[s - 1]) {
                sum += z - 1;
            }
            // the image itself is averaged in too: factors + 1 images
            double expected = distance * sum / (factors[s - 1].length + 1);
            double measured = spread(apply("zoomBlur", step(edge, false), s, 0), edge, false);
            assertEquals(expected, measured, 0.02 * expected, "severity " + s);
        }
        // in between, the two severities' means mixed: the spread half way
        double half = spread(apply("zoomBlur", step(edge, false), 3.5, 0), edge, false);
        double three = spread(apply("zoomBlur", step(edge, false), 3, 0), edge, false);
        double four = spread(apply("zoomBlur", step(edge, false), 4, 0), edge, false);
        assertEquals((three + four) / 2, half, 0.01 * half);
    }

    private static double[] range(double from, double step, int count) {
        double[] r = new double[count];
        for (int i = 0; i < count; i++) {
            r[i] = from + i * step;
        }
        return r;
    }

    @Test
    void glassBlurKeepsAFlatImageAndMovesPixelsLocally() {
        // blurring and copying equal values changes nothing
        float[] d = new float[SIZE * SIZE * 3];
        Arrays.fill(d, 0.1f);
        RgbImage out = apply("glassBlur", new RgbImage(SIZE, SIZE, d), 5, 0);
        for (float v : out.data()) {
            assertEquals(0.1f, v, 1e-5f, "a flat image stays flat");
        }
        assertTrue(spread("glassBlur", 5, 0) < 3, "pixels move locally: " + spread("glassBlur", 5, 0));
    }

    @Test
    void inBetweenSeveritiesLieBetweenTheirNeighbours() {
        for (String name : new String[] { "defocusBlur", "glassBlur", "motionBlur", "zoomBlur" }) {
            for (int s = 1; s < 5; s++) {
                double lower = spread(name, s, 0), upper = spread(name, s + 1, 0), mid = spread(name, s + 0.5, 0);
                assertTrue(mid > Math.min(lower, upper) && mid < Math.max(lower, upper), name + " at " + (s + 0.5)
                        + ": " + mid + " not between " + lower + " and " + upper);
            }
        }
        for (String name : new String[] { "shotNoise", "impulseNoise", "speckleNoise" }) {
            for (int s = 1; s < 5; s++) {
                double lower = variance(apply(name, grey(0.4f), s, 0)), upper = variance(apply(name, grey(0.4f), s
                        + 1, 0)), mid = variance(apply(name, grey(0.4f), s + 0.5, 0));
                assertTrue(mid > lower && mid < upper, name + " at " + (s + 0.5) + ": " + mid + " not between "
                        + lower + " and " + upper);
            }
        }
    }

    @Test
    void eachTakesMillisecondsOnAModelSizedImage() {
        RgbImage scene = ImageNetCSuiteTest.scene(SIZE, SIZE, 5);
        for (String name : new String[] { "shotNoise", "impulseNoise", "speckleNoise", "defocusBlur", "glassBlur",
                "motionBlur", "zoomBlur" }) {
            double[] ms = new double[7];
            int warmup = 10;
            for (int i = 0; i < ms.length + warmup; i++) {
                long t0 = System.nanoTime();
                apply(name, scene, 4.5, i);
                if (i >= warmup) {
                    ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            // a generous bound for a busy 2-core machine; they take a few ms (README: bench corruptions)
            assertTrue(ms[ms.length / 2] < 250, name + " at severity 4.5 takes " + ms[ms.length / 2] + " ms");
        }
    }
}
