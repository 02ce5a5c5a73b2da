package org.perturber.perturbation.adversarial.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.AttackContext;
import org.perturber.core.perturbation.ModelAwarePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.testing.Fixtures;

/**
 * Issue 16: what attacks work on, with the shipped, trained model. Untargeted attacks moved away from the model's
 * top-1 for the image they were given: after another perturbation had flipped it, PGD pushed the image back to the
 * truth. They now move away from the scene's true class (or the top-1 on the clean scene when the model does not know
 * it), and a target is chosen by class name.
 */
class AttackTargetTest {
    private static final int SIZE = 96;
    private static Model model;
    private static ModelAwarePerturbation pgd;
    private static ModelAwarePerturbation fgsm;
    private static RgbImage mug;
    /** The mug blended with another object until the model's top-1 is no longer mug: a perturbed scene. */
    private static RgbImage flipped;

    @BeforeAll
    static void setUp() throws Exception {
        String models = System.getProperty("perturber.models");
        assertNotNull(models, "perturber.models is not set (the test bundle's pom passes it)");
        model = new MxnetModelBackend().open(Path.of(models).resolve("standard"));
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        pgd = (ModelAwarePerturbation) registry.perturbation("org.perturber.perturbation.adversarial.pgd")
                .orElseThrow().instance().orElseThrow();
        fgsm = (ModelAwarePerturbation) registry.perturbation("org.perturber.perturbation.adversarial.fgsm")
                .orElseThrow().instance().orElseThrow();
        mug = Fixtures.renderer().render(Fixtures.scene("mug"), SIZE, SIZE);
        assertEquals("mug", top1(mug), "the trained model knows the clean mug");
        RgbImage other = Fixtures.renderer().render(Fixtures.scene("teapot"), SIZE, SIZE);
        for (int percent = 30; percent <= 90 && flipped == null; percent += 5) {
            RgbImage blend = blend(mug, other, percent / 100.0);
            if (!top1(blend).equals("mug") && p(blend, "mug") > 0.1) {
                flipped = blend;
            }
        }
        assertNotNull(flipped, "no blend of mug and teapot whose top-1 is not mug while mug keeps 10%");
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    private static RgbImage blend(RgbImage a, RgbImage b, double amount) {
        float[] d = new float[a.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((1 - amount) * a.data()[i] + amount * b.data()[i]);
        }
        return new RgbImage(a.width(), a.height(), d);
    }

    private static String top1(RgbImage x) {
        return model.infer(x, InferenceRequest.predictions(1)).best().label();
    }

    private static double p(RgbImage x, String label) {
        return model.infer(x, InferenceRequest.predictions(1)).probabilities()[model.descriptor().labels().indexOf(
                label)];
    }

    private static ParameterValues pgd(double epsilon) {
        return ParameterValues.defaults(pgd.parameters()).with("epsilon", epsilon).with("steps", 10);
    }

    @Test
    void untargetedPgdMovesAwayFromTheTrueClassEvenWhenTheTop1IsAnother() {
        double before = p(flipped, "mug");
        RgbImage attacked = pgd.apply(flipped, pgd(2 / 255.0), model, new AttackContext("mug"),
                new NullProgressMonitor());
        assertTrue(p(attacked, "mug") < before, "P(mug) " + before + " -> " + p(attacked, "mug"));
        // the old rule (no context: away from the top-1 of the image given) pushed it back toward the truth
        RgbImage old = pgd.apply(flipped, pgd(2 / 255.0), model, new NullProgressMonitor());
        assertTrue(p(old, "mug") > before, "the old rule: P(mug) " + before + " -> " + p(old, "mug"));
    }

    @Test
    void whenTheModelDoesNotKnowTheTrueClassTheAttackMovesAwayFromTheCleanTop1() {
        double before = p(flipped, "mug");
        AttackContext unknown = new AttackContext("spaceship").withCleanImage(() -> mug);
        RgbImage attacked = pgd.apply(flipped, pgd(2 / 255.0), model, unknown, new NullProgressMonitor());
        assertTrue(p(attacked, "mug") < before, "away from mug, the clean scene's top-1: " + before + " -> " + p(
                attacked, "mug"));
        RgbImage fast = fgsm.apply(flipped, ParameterValues.defaults(fgsm.parameters()).with("epsilon", 2 / 255.0),
                model, new AttackContext("mug"), new NullProgressMonitor());
        assertTrue(p(fast, "mug") < before, "FGSM too: " + before + " -> " + p(fast, "mug"));
    }

    @Test
    void aTargetChosenByNameIsReachedAndAnOldSessionsIndexStillWorks() {
        String teapot = "teapot";
        double before = p(mug, teapot);
        RgbImage attacked = pgd.apply(mug, pgd(4 / 255.0).with("target", teapot), model, new AttackContext("mug"),
                new NullProgressMonitor());
        assertTrue(p(attacked, teapot) > before + 0.2, "P(teapot) " + before + " -> " + p(attacked, teapot));
        int index = model.descriptor().labels().indexOf(teapot);
        RgbImage byIndex = pgd.apply(mug, pgd(4 / 255.0).with("target", (double) index), model, AttackContext.NONE,
                new NullProgressMonitor());
        assertTrue(java.util.Arrays.equals(attacked.data(), byIndex.data()), "an old session's index " + index
                + " is the same target");
    }
}
