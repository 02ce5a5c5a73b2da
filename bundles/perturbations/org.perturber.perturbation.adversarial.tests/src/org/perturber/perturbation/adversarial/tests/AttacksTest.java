package org.perturber.perturbation.adversarial.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ModelAwarePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;

/** FGSM and PGD against a real MXNet network (random weights: trained models come with their own issue). */
class AttacksTest {
    private static Path dir;
    private static Model model;
    private static ModelAwarePerturbation fgsm;
    private static ModelAwarePerturbation pgd;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("attack");
        Networks.write(dir, "net", Networks.smallCnn(6, 11), 6, 64, "test");
        model = new MxnetModelBackend().open(dir);
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        fgsm = (ModelAwarePerturbation) registry.perturbation("org.perturber.perturbation.adversarial.fgsm")
                .orElseThrow().instance().orElseThrow();
        pgd = (ModelAwarePerturbation) registry.perturbation("org.perturber.perturbation.adversarial.pgd")
                .orElseThrow().instance().orElseThrow();
    }

    @AfterAll
    static void tearDown() throws IOException {
        model.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static RgbImage noise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[64 * 64 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.2 + 0.6 * r.nextDouble());
        }
        return new RgbImage(64, 64, d);
    }

    private static float[] probabilities(RgbImage x) {
        return model.infer(x, InferenceRequest.predictions(1)).probabilities();
    }

    private static int predicted(RgbImage x) {
        return model.infer(x, InferenceRequest.predictions(1)).best().index();
    }

    private static double linf(RgbImage a, RgbImage b) {
        double m = 0;
        for (int i = 0; i < a.data().length; i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }

    private static double l2(RgbImage a, RgbImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Test
    void epsilonZeroIsTheIdentity() {
        RgbImage x = noise(1);
        assertSame(x, fgsm.apply(x, ParameterValues.defaults(fgsm.parameters()), model, new NullProgressMonitor()));
        assertSame(x, pgd.apply(x, ParameterValues.defaults(pgd.parameters()), model, new NullProgressMonitor()));
    }

    @Test
    void fgsmRaisesTheLossOfThePredictedClassWithinEpsilon() {
        RgbImage x = noise(2);
        int c = predicted(x);
        RgbImage adv = fgsm.apply(x, ParameterValues.defaults(fgsm.parameters()).with("epsilon", 0.01), model,
                new NullProgressMonitor());
        assertTrue(-Math.log(probabilities(adv)[c]) > -Math.log(probabilities(x)[c]), "loss rises");
        assertTrue(linf(x, adv) <= 0.01 + 1e-6, "within epsilon: " + linf(x, adv));
    }

    @Test
    void pgdLowersTheTrueClassProbabilityMoreThanOneStepAndStaysInTheBall() {
        RgbImage x = noise(3);
        int c = predicted(x);
        double eps = 0.01;
        RgbImage one = fgsm.apply(x, ParameterValues.defaults(fgsm.parameters()).with("epsilon", eps), model,
                new NullProgressMonitor());
        RgbImage many = pgd.apply(x, ParameterValues.defaults(pgd.parameters()).with("epsilon", eps)
                .with("steps", 10).with("randomStart", true), model, new NullProgressMonitor());
        assertTrue(probabilities(many)[c] < probabilities(x)[c], "PGD lowers the true class probability");
        assertTrue(probabilities(many)[c] <= probabilities(one)[c] + 1e-3, "at least as strong as FGSM");
        assertTrue(linf(x, many) <= eps + 1e-6, "L-infinity bound: " + linf(x, many));
        RgbImage l2 = pgd.apply(x, ParameterValues.defaults(pgd.parameters()).with("norm", "l2").with("epsilon",
                0.5).with("steps", 8), model, new NullProgressMonitor());
        assertTrue(l2(x, l2) <= 0.5 + 1e-4, "L2 bound: " + l2(x, l2));
        assertTrue(probabilities(l2)[c] < probabilities(x)[c]);
        for (float v : many.data()) {
            assertTrue(v >= 0 && v <= 1, "pixels stay valid");
        }
    }

    @Test
    void pgdLowersTheTrueClassProbabilityOnRenderedBuiltInScenes() {
        for (String object : java.util.List.of("mug", "vase", "teapot")) {
            RgbImage scene = org.perturber.testing.Fixtures.renderer().render(org.perturber.testing.Fixtures
                    .scene(object), 64, 64);
            int c = predicted(scene);
            double eps = 8 / 255.0;
            RgbImage adv = pgd.apply(scene, ParameterValues.defaults(pgd.parameters()).with("epsilon", eps)
                    .with("steps", 10), model, new NullProgressMonitor());
            // the same budget spent at random (+-epsilon per pixel) is the baseline an attack must beat
            SplittableRandom r = new SplittableRandom(1);
            float[] noisy = scene.copyData();
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] = (float) Math.max(0, Math.min(1, noisy[i] + (r.nextBoolean() ? eps : -eps)));
            }
            double clean = probabilities(scene)[c];
            double random = probabilities(new RgbImage(64, 64, noisy))[c];
            double attacked = probabilities(adv)[c];
            assertTrue(attacked < clean, object + ": " + clean + " -> " + attacked);
            assertTrue(clean - attacked > 5 * Math.abs(clean - random), object + ": the attack lowers the class "
                    + "probability by " + (clean - attacked) + ", random noise of the same size by "
                    + (clean - random));
            assertTrue(linf(scene, adv) <= eps + 1e-6);
        }
    }

    @Test
    void targetedPgdMovesTowardTheTarget() {
        RgbImage x = noise(4);
        int target = (predicted(x) + 1) % 6;
        RgbImage adv = pgd.apply(x, ParameterValues.defaults(pgd.parameters()).with("epsilon", 0.03)
                .with("steps", 10).with("target", target), model, new NullProgressMonitor());
        assertTrue(probabilities(adv)[target] > probabilities(x)[target]);
    }

    @Test
    void cancellingStopsEarlyWithAValidResult() {
        RgbImage x = noise(5);
        int[] worked = { 0 };
        NullProgressMonitor cancelling = new NullProgressMonitor() {
            @Override
            public void worked(int work) {
                worked[0] += work;
                if (worked[0] >= 3) {
                    setCanceled(true);
                }
            }
        };
        RgbImage adv = pgd.apply(x, ParameterValues.defaults(pgd.parameters()).with("epsilon", 0.02)
                .with("steps", 200), model, cancelling);
        assertTrue(worked[0] < 10, "stopped after a few steps: " + worked[0]);
        assertTrue(linf(x, adv) <= 0.02 + 1e-6);
    }

    @Test
    void theAmplifiedPerturbationIsGreyWhereNothingChanged() {
        RgbImage x = noise(6);
        RgbImage shown = fgsm.apply(x, ParameterValues.defaults(fgsm.parameters()).with("epsilon", 0.01)
                .with("show", "perturbation x10"), model, new NullProgressMonitor());
        int grey = 0;
        for (float v : shown.data()) {
            if (Math.abs(v - 0.5f) < 1e-6) {
                grey++;
            }
        }
        assertTrue(grey < shown.data().length / 2, "most pixels were pushed by +-epsilon, shown as +-0.1");
        assertEquals(0.6f, Math.abs(shown.data()[0] - 0.5f) + 0.5f, 0.01f);
    }

    @Test
    void transferIsReportedForEveryOtherModel() throws Exception {
        Path otherDir = Files.createTempDirectory("other");
        Networks.write(otherDir, "other", Networks.smallCnn(6, 12), 6, 64, "another model");
        try (Model other = new MxnetModelBackend().open(otherDir)) {
            RgbImage x = noise(7);
            RgbImage adv = pgd.apply(x, ParameterValues.defaults(pgd.parameters()).with("epsilon", 0.05)
                    .with("steps", 10), model, new NullProgressMonitor());
            org.perturber.perturbation.adversarial.TransferReport report = org.perturber.perturbation.adversarial
                    .TransferReport.of(x, adv, java.util.List.of(model, other));
            assertEquals(2, report.rows().size());
            var self = report.rows().get(0);
            assertTrue(self.drop() > 0, "the attacked model lost confidence in its clean class");
            assertEquals(self.clean().index(), predicted(x));
            // the rate from the two models' own answers: a flip is a top-1 that the attack changed
            int flipped = (predicted(adv) != predicted(x) ? 1 : 0) + (other.infer(adv, InferenceRequest.predictions(
                    1)).best().index() != other.infer(x, InferenceRequest.predictions(1)).best().index() ? 1 : 0);
            assertEquals(flipped / 2.0, report.flipRate(), 0.0);
            assertEquals("other", report.rows().get(1).model());
        } finally {
            try (var walk = Files.walk(otherDir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }
}
