package org.perturber.perturbation.image.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.service.Services;

/**
 * What every ImageNet-C corruption promises, checked for each as the registry declares it: identity at severity 0,
 * the same output for the same seed, finite output in [0, 1], a visible change at every whole severity, and for a
 * seeded one a different output for another seed. The property that grows with severity is checked per corruption
 * in the sibling tests.
 */
class ImageNetCSuiteTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class, Duration
            .ofSeconds(20));
    /** An image the size the built-in models take: smooth shading, an object with edges and some texture. */
    static final RgbImage IMAGE = scene(96, 96, 5);

    static RgbImage scene(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = Math.hypot(x - w * 0.55, y - h * 0.45) < w * 0.28;
                for (int c = 0; c < 3; c++) {
                    double v = inside ? 0.75 - 0.25 * c + 0.1 * Math.sin(x * 0.7 + y * 0.3)
                            : 0.25 + 0.3 * y / h + 0.05 * c;
                    d[(y * w + x) * 3 + c] = (float) Math.max(0, Math.min(1, v + 0.04 * (r.nextDouble() - 0.5)));
                }
            }
        }
        return new RgbImage(w, h, d);
    }

    static List<SuiteCorruption> suite() {
        return REGISTRY.corruptions(SuiteCorruption.IMAGENET_C);
    }

    static ImagePerturbation perturbation(SuiteCorruption c) {
        return (ImagePerturbation) REGISTRY.perturbation(c.perturbation()).orElseThrow().instance().orElseThrow(
                () -> new AssertionError(c.perturbation() + " failed: " + REGISTRY.perturbation(c.perturbation())
                        .orElseThrow().failure().orElse("?")));
    }

    static RgbImage apply(SuiteCorruption c, RgbImage image, double severity, int seed) {
        ImagePerturbation p = perturbation(c);
        ParameterValues v = ParameterValues.defaults(p.parameters()).with(c.severity(), severity);
        if (v.descriptors().stream().anyMatch(d -> d.id().equals("seed"))) {
            v = v.with("seed", seed);
        }
        return p.apply(image, v);
    }

    static Stream<SuiteCorruption> corruptions() {
        return suite().stream();
    }

    @Test
    void theSuiteHasImageNetCsNineteenCorruptionsInItsOrder() {
        List<String> names = suite().stream().map(SuiteCorruption::name).toList();
        assertEquals(List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur",
                "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform",
                "pixelate", "jpeg_compression", "speckle_noise", "gaussian_blur", "spatter", "saturate"), names);
        assertEquals(15, suite().stream().filter(SuiteCorruption::inMean).count());
        List<String> extra = suite().stream().filter(c -> !c.inMean()).map(SuiteCorruption::name).toList();
        assertEquals(List.of("speckle_noise", "gaussian_blur", "spatter", "saturate"), extra);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void severityIsANumberFromZeroToFive(SuiteCorruption c) {
        ParameterDescriptor d = ParameterValues.defaults(perturbation(c).parameters()).descriptor(c.severity());
        NumberParameter n = assertInstanceOf(NumberParameter.class, d, c.name());
        assertEquals(0, n.min());
        assertEquals(5, n.max());
        assertEquals(0.0, n.defaultValue());
        assertEquals(5, c.levels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void severityZeroLeavesTheImageAsItIs(SuiteCorruption c) {
        assertEquals(IMAGE, apply(c, IMAGE, 0, 1), c.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void everySeverityChangesTheImageAndStaysInRange(SuiteCorruption c) {
        for (int s = 1; s <= 5; s++) {
            RgbImage out = apply(c, IMAGE, s, 1);
            assertEquals(IMAGE.width(), out.width());
            assertEquals(IMAGE.height(), out.height());
            var range = out.checkRange(0);
            assertEquals(0, range.nonFinite(), c.name() + " severity " + s + ": NaN or infinite values");
            assertEquals(0, range.outside(), c.name() + " severity " + s + ": values outside [0, 1]");
            assertTrue(meanAbsoluteChange(out, IMAGE) > 1e-3, c.name() + " severity " + s + " changes nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void theSameSeedGivesTheSameImage(SuiteCorruption c) {
        for (double s : new double[] { 1, 2.5, 5 }) {
            assertArrayEquals(apply(c, IMAGE, s, 7).data(), apply(c, IMAGE, s, 7).data(), c.name() + " at " + s);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void anotherSeedGivesAnotherImageWhenTheCorruptionIsRandom(SuiteCorruption c) {
        boolean seeded = perturbation(c).parameters().stream().anyMatch(d -> d.id().equals("seed"));
        List<String> random = List.of("gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise",
                "glass_blur", "motion_blur", "snow", "frost", "fog", "elastic_transform", "spatter");
        assertEquals(random.contains(c.name()), seeded, c.name() + ": a seed exactly when the reference draws");
        if (seeded) {
            assertFalse(meanAbsoluteChange(apply(c, IMAGE, 3, 1), apply(c, IMAGE, 3, 2)) == 0, c.name());
        }
    }

    /** In-between severities lie between their neighbours: the change grows without jumps over a fine scale. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void inBetweenSeveritiesChangeTheImageGradually(SuiteCorruption c) {
        List<Double> changes = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            changes.add(meanAbsoluteChange(apply(c, IMAGE, i * 0.1, 1), IMAGE));
        }
        assertEquals(0, changes.get(0));
        // from nothing to severity 1 in ten steps: no single step makes more than half of the whole change
        // (a threshold switched on at once would)
        double whole = changes.get(10);
        for (int i = 1; i <= 10; i++) {
            assertTrue(Math.abs(changes.get(i) - changes.get(i - 1)) <= 0.5 * whole + 1e-6, c.name() + " jumps from "
                    + (i - 1) * 0.1 + " to " + i * 0.1 + ": " + changes);
        }
    }

    static double meanAbsoluteChange(RgbImage a, RgbImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += Math.abs(a.data()[i] - b.data()[i]);
        }
        return s / a.data().length;
    }
}
