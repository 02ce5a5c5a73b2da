package org.perturber.perturbation.image.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Rgb;
import org.perturber.core.service.Services;

/** The image corruptions as contributed, on a textured test image, with frequency content measured by a DFT. */
class CorruptionsTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class,
            Duration.ofSeconds(20));
    private static final RgbImage IMAGE = pattern(32);

    /** Smooth gradients plus fine noise: energy at low and high frequencies. */
    private static RgbImage pattern(int n) {
        SplittableRandom r = new SplittableRandom(3);
        float[] d = new float[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                for (int c = 0; c < 3; c++) {
                    d[(y * n + x) * 3 + c] = (float) (0.3 + 0.2 * Math.sin(x / 5.0 + c) + 0.15 * (r.nextDouble()
                            - 0.5));
                }
            }
        }
        return new RgbImage(n, n, d);
    }

    private static ImagePerturbation get(String name) {
        return (ImagePerturbation) REGISTRY.perturbation("org.perturber.perturbation.image." + name).orElseThrow()
                .instance().orElseThrow();
    }

    private static ParameterValues defaults(ImagePerturbation p) {
        return ParameterValues.defaults(p.parameters());
    }

    @Test
    void everyImagePerturbationIsTheIdentityAtItsDefaults() {
        int checked = 0;
        for (Contribution<Perturbation> c : REGISTRY.perturbations()) {
            if (c.bundle().equals("org.perturber.perturbation.image")) {
                ImagePerturbation p = (ImagePerturbation) c.instance().orElseThrow();
                assertEquals(IMAGE, p.apply(IMAGE, defaults(p)), c.id());
                checked++;
            }
        }
        assertEquals(21, checked);
    }

    /** Energy of the luminance's discrete Fourier transform at frequencies above (or below) a radius. */
    private static double energy(RgbImage image, boolean high, double radius) {
        int n = image.width();
        double total = 0;
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                int fu = u <= n / 2 ? u : u - n;
                int fv = v <= n / 2 ? v : v - n;
                double f = Math.hypot(fu, fv);
                if (f == 0 || (high ? f < radius : f >= radius)) {
                    continue;
                }
                double re = 0, im = 0;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double a = -2 * Math.PI * (u * x + v * y) / n;
                        double l = image.luminance(x, y);
                        re += l * Math.cos(a);
                        im += l * Math.sin(a);
                    }
                }
                total += re * re + im * im;
            }
        }
        return total;
    }

    @Test
    void lowPassRemovesHighFrequencyEnergyAndHighPassLowFrequencyEnergy() {
        ImagePerturbation filter = get("frequencyFilter");
        RgbImage low = filter.apply(IMAGE, defaults(filter).with("pass", "low").with("cutoff", 8.0));
        RgbImage high = filter.apply(IMAGE, defaults(filter).with("pass", "high").with("cutoff", 8.0));
        assertTrue(energy(low, true, 8) < energy(IMAGE, true, 8) * 0.2, "low pass keeps little high frequency");
        assertTrue(energy(high, false, 3) < energy(IMAGE, false, 3) * 0.3, "high pass keeps little low frequency");
    }

    @Test
    void blurGrowsWithSeverity() {
        ImagePerturbation blur = get("gaussianBlur");
        double mild = energy(blur.apply(IMAGE, defaults(blur).with("severity", 1)), true, 8);
        double strong = energy(blur.apply(IMAGE, defaults(blur).with("severity", 5)), true, 8);
        // severities are defined at 224 pixels: on this 32-pixel image severity 1 barely blurs at all
        assertTrue(strong < mild && mild <= energy(IMAGE, true, 8), mild + " then " + strong);
    }

    @Test
    void pixelationMakesUniformBlocks() {
        ImagePerturbation pixelate = get("pixelate");
        RgbImage out = pixelate.apply(IMAGE, defaults(pixelate).with("resolution", 0.25));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(out.get(0, 0, 1), out.get(x, y, 1), 1e-6f);
            }
        }
        assertTrue(out.get(0, 0, 1) != out.get(4, 0, 1));
    }

    @Test
    void lowerJpegQualityLosesMore() {
        ImagePerturbation jpeg = get("jpegCompression");
        double good = error(jpeg.apply(IMAGE, defaults(jpeg).with("quality", 90)));
        double bad = error(jpeg.apply(IMAGE, defaults(jpeg).with("severity", 5)));
        assertTrue(good > 0 && bad > good * 1.5, good + " vs " + bad);
    }

    private static double error(RgbImage image) {
        double s = 0;
        for (int i = 0; i < image.data().length; i++) {
            s += Math.abs(image.data()[i] - IMAGE.data()[i]);
        }
        return s / image.data().length;
    }

    @Test
    void occlusionPatchIsThePatchColourExactlyWhereAsked() {
        ImagePerturbation patch = get("occlusion");
        RgbImage out = patch.apply(IMAGE, defaults(patch).with("size", 0.25).with("x", 0.25).with("y", 0.75)
                .with("color", new Rgb(1, 0, 0)));
        assertEquals(0xff0000, out.toPackedRgb()[24 * 32 + 8]);
        assertEquals(IMAGE.toPackedRgb()[8 * 32 + 24], out.toPackedRgb()[8 * 32 + 24]);
    }

    @Test
    void brightnessAndContrastSeveritiesFollowImageNetC() {
        ImagePerturbation bc = get("brightnessContrast");
        RgbImage flat = bc.apply(IMAGE, defaults(bc).with("contrastSeverity", 5));
        // the reference scales about each channel's own mean
        double[] mean = new double[3];
        for (int i = 0; i < IMAGE.data().length; i++) {
            mean[i % 3] += IMAGE.data()[i] * 3.0 / IMAGE.data().length;
        }
        double spread = 0, spread0 = 0;
        for (int i = 0; i < IMAGE.data().length; i++) {
            spread0 += Math.abs(IMAGE.data()[i] - mean[i % 3]);
            spread += Math.abs(flat.data()[i] - mean[i % 3]);
        }
        assertEquals(0.05, spread / spread0, 0.005, "contrast scaled by 0.05 about the mean");
        RgbImage bright = bc.apply(IMAGE, defaults(bc).with("brightnessSeverity", 1));
        float v0 = Math.max(IMAGE.get(3, 3, 0), Math.max(IMAGE.get(3, 3, 1), IMAGE.get(3, 3, 2)));
        float v1 = Math.max(bright.get(3, 3, 0), Math.max(bright.get(3, 3, 1), bright.get(3, 3, 2)));
        assertEquals(v0 + 0.1f, v1, 1e-5, "value raised by 0.1");
    }

    @Test
    void noiseSeverityUsesImageNetCDeviations() {
        ImagePerturbation noise = get("gaussianNoise");
        RgbImage grey = RgbImage.filled(64, 64, 0.5f, 0.5f, 0.5f);
        RgbImage out = noise.apply(grey, defaults(noise).with("severity", 1));
        double var = 0;
        for (float v : out.data()) {
            var += (v - 0.5) * (v - 0.5);
        }
        assertEquals(0.08, Math.sqrt(var / out.data().length), 0.008);
    }
}
