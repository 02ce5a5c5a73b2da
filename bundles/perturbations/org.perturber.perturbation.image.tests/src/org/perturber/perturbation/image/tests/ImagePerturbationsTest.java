package org.perturber.perturbation.image.tests;

import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.perturber.core.service.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;

/** The image perturbations as the registry gives them, on a varied test image. */
class ImagePerturbationsTest {
    private static ContributionRegistry registry;
    private static final RgbImage IMAGE = randomImage(32, 24, 7);

    @BeforeAll
    static void findRegistry() {
        registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
    }

    private static RgbImage randomImage(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[w * h * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1f + 0.8f * (float) r.nextDouble();
        }
        return new RgbImage(w, h, d);
    }

    private static ImagePerturbation perturbation(String name) {
        var c = registry.perturbation("org.perturber.perturbation.image." + name).orElseThrow();
        ImagePerturbation p = (ImagePerturbation) c.instance().orElseThrow();
        assertEquals(ContributionStatus.LOADED, c.status());
        assertEquals("image", c.category());
        return p;
    }

    private static ParameterValues defaults(ImagePerturbation p) {
        return ParameterValues.defaults(p.parameters());
    }

    private static double mean(RgbImage image) {
        double s = 0;
        for (float v : image.data()) {
            s += v;
        }
        return s / image.data().length;
    }

    @Test
    void defaultsLeaveTheImageUnchanged() {
        for (String name : List.of("fadeToBlack", "brightnessContrast", "gaussianNoise")) {
            ImagePerturbation p = perturbation(name);
            assertEquals(IMAGE, p.apply(IMAGE, defaults(p)), name);
        }
    }

    @Test
    void blurringWhiteStaysWithinOne() {
        // float rounding of the kernel's weights took a blurred white to 1.0000002, which the stack's guard refuses
        ImagePerturbation blur = perturbation("gaussianBlur");
        RgbImage white = RgbImage.filled(48, 40, 1f, 1f, 1f);
        for (double sigma = 0.1; sigma <= 10; sigma += 0.37) {
            RgbImage blurred = blur.apply(white, defaults(blur).with("sigma", sigma));
            for (float v : blurred.data()) {
                assertTrue(v <= 1f && v > 0.999f, "sigma " + sigma + ": " + v);
            }
        }
    }

    @Test
    void fadeToBlackAtOneIsBlackAndHalfwayHalves() {
        ImagePerturbation fade = perturbation("fadeToBlack");
        RgbImage black = fade.apply(IMAGE, defaults(fade).with("amount", 1.0));
        for (float v : black.data()) {
            assertEquals(0f, v);
        }
        RgbImage half = fade.apply(IMAGE, defaults(fade).with("amount", 0.5));
        assertEquals(IMAGE.get(3, 4, 1) / 2, half.get(3, 4, 1), 1e-6);
    }

    @Test
    void brightnessShiftsAndZeroContrastFlattens() {
        ImagePerturbation bc = perturbation("brightnessContrast");
        RgbImage brighter = bc.apply(IMAGE, defaults(bc).with("brightness", 0.05));
        assertEquals(mean(IMAGE) + 0.05, mean(brighter), 1e-4);
        RgbImage flat = bc.apply(IMAGE, defaults(bc).with("contrast", 0.0));
        for (float v : flat.data()) {
            assertEquals(0.5f, v, 1e-6);
        }
    }

    @Test
    void noiseHasTheRequestedSpreadAndIsReproducible() {
        ImagePerturbation noise = perturbation("gaussianNoise");
        RgbImage grey = RgbImage.filled(64, 64, 0.5f, 0.5f, 0.5f);
        ParameterValues v = defaults(noise).with("sigma", 0.05).with("seed", 42);
        RgbImage a = noise.apply(grey, v);
        assertEquals(a, noise.apply(grey, v), "same seed, same noise");
        assertNotEquals(a, noise.apply(grey, v.with("seed", 43)));
        double var = 0;
        for (float x : a.data()) {
            var += (x - 0.5) * (x - 0.5);
        }
        double sd = Math.sqrt(var / a.data().length);
        assertTrue(Math.abs(sd - 0.05) < 0.005, "standard deviation " + sd);
        assertEquals(0.5f, grey.get(0, 0, 0), "input untouched");
    }
}
