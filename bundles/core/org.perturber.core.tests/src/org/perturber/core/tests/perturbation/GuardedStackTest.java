package org.perturber.core.tests.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.perturbation.TimeBudgets;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.tests.contributions.MisbehavingPerturbation;

/**
 * The stack's guard against time and range: a call that never returns (a busy loop that ignores interrupts) is
 * abandoned at its stage's budget, named with its bundle, and the stack goes on with the previous input; values
 * outside [0, 1] are skipped like NaN; each time the other entries give exactly the pixels they give without the
 * bad one.
 */
class GuardedStackTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class,
            Duration.ofSeconds(20));
    private static final String BUNDLE = "org.perturber.core.tests";
    private static final String INVERT = "org.perturber.core.tests.invert";
    private static final String NEVER_RETURNS = "org.perturber.core.tests.neverReturns";
    private static final Duration BUDGET = Duration.ofMillis(500);
    private static final TimeBudgets SHORT = TimeBudgets.DEFAULTS.withSceneAndImage(BUDGET);

    @AfterAll
    static void releaseTheBusyLoop() {
        MisbehavingPerturbation.NeverReturns.release = true;
    }

    private static RgbImage noise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[16 * 12 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new RgbImage(16, 12, d);
    }

    /** Inverts fully, then half-way back: what the good entries make of an image without a bad one between. */
    private static PerturbationStack around(String bad) {
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(INVERT).with("amount", 1.0));
        if (bad != null) {
            stack = stack.add(StackEntry.of(bad));
        }
        return stack.add(StackEntry.of(INVERT).with("amount", 0.3));
    }

    private static float[] withoutTheBadEntry(RgbImage image) {
        StackApplier clean = new StackApplier(REGISTRY, SHORT);
        float[] expected = clean.applyImageStage(around(null), image).copyData();
        assertTrue(clean.problems().isEmpty(), clean.problems().toString());
        return expected;
    }

    @Test
    void theDefaultBudgetsAreTenSecondsForSceneAndImagePerturbationsAndLongerForAttacks() {
        assertEquals(Duration.ofSeconds(10), TimeBudgets.DEFAULTS.of(Stage.SCENE));
        assertEquals(Duration.ofSeconds(10), TimeBudgets.DEFAULTS.of(Stage.IMAGE));
        assertEquals(Duration.ofSeconds(300), TimeBudgets.DEFAULTS.of(Stage.MODEL_AWARE));
        // no -Dperturber.timeBudget in this test runtime: what stacks get unless told otherwise
        assertEquals(TimeBudgets.DEFAULTS, TimeBudgets.current());
        assertEquals(Duration.ofMillis(2500), TimeBudgets.parseSeconds("2.5"));
        assertEquals(Duration.ZERO, TimeBudgets.parseSeconds("0"));
        assertEquals("2.5 s", TimeBudgets.describe(Duration.ofMillis(2500)));
        assertEquals("10 s", TimeBudgets.describe(Duration.ofSeconds(10)));
        for (String bad : List.of("-1", "NaN", "ten", "1e9", "")) {
            assertThrows(IllegalArgumentException.class, () -> TimeBudgets.parseSeconds(bad), bad);
        }
    }

    @Test
    void aCallThatNeverReturnsIsAbandonedAtItsBudgetNamedAndTheStackGoesOnWithThePreviousInput() throws Exception {
        RgbImage image = noise(1);
        float[] expected = withoutTheBadEntry(image);
        int startedBefore = MisbehavingPerturbation.NeverReturns.STARTED.get();
        int abandonedBefore = StackApplier.abandonedCallsEver();

        StackApplier applier = new StackApplier(REGISTRY, SHORT);
        long start = System.nanoTime();
        RgbImage out = applier.applyImageStage(around(NEVER_RETURNS), image);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertArrayEquals(expected, out.copyData(), "the good entries' pixels, as without the bad one");
        assertTrue(seconds >= 0.5 && seconds < 5, "abandoned at its budget of 0.5 s, after " + seconds + " s");
        assertEquals(startedBefore + 1, MisbehavingPerturbation.NeverReturns.STARTED.get(), "it was called");
        List<StackApplier.Problem> problems = applier.problems();
        assertEquals(1, problems.size(), problems.toString());
        StackApplier.Problem p = problems.get(0);
        assertEquals(1, p.entry());
        assertEquals(NEVER_RETURNS, p.perturbation());
        assertEquals(BUNDLE, p.bundle());
        assertEquals(StackApplier.Cause.TIME_BUDGET, p.cause());
        assertTrue(p.message().startsWith("exceeded its time budget of 0.5 s; skipped"), p.message());
        // still spinning (it ignores the interrupt), counted and shown
        assertEquals(List.of(NEVER_RETURNS), StackApplier.abandonedCalls());
        assertEquals(abandonedBefore + 1, StackApplier.abandonedCallsEver());

        // while it runs, it is not called again: no second thread is abandoned, and the stack does not wait
        StackApplier again = new StackApplier(REGISTRY, SHORT);
        start = System.nanoTime();
        out = again.applyImageStage(around(NEVER_RETURNS), image);
        assertTrue((System.nanoTime() - start) / 1e9 < 0.4, "not waited for again");
        assertArrayEquals(expected, out.copyData());
        assertEquals(StackApplier.Cause.STILL_RUNNING, again.problems().get(0).cause(), again.problems().toString());
        assertEquals(BUNDLE, again.problems().get(0).bundle());
        assertEquals(startedBefore + 1, MisbehavingPerturbation.NeverReturns.STARTED.get(), "not called again");
        assertEquals(List.of(NEVER_RETURNS), StackApplier.abandonedCalls());

        // once it returns, its abandoned thread is no longer counted as running
        MisbehavingPerturbation.NeverReturns.release = true;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!StackApplier.abandonedCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), StackApplier.abandonedCalls());
        assertEquals(abandonedBefore + 1, StackApplier.abandonedCallsEver());
    }

    @Test
    void valuesOutsideZeroToOneAreSkippedAndNamedLikeNaN() {
        RgbImage image = noise(2);
        float[] expected = withoutTheBadEntry(image);
        StackApplier applier = new StackApplier(REGISTRY, SHORT);
        RgbImage out = applier.applyImageStage(around("org.perturber.core.tests.outOfRange"), image);
        assertArrayEquals(expected, out.copyData());
        StackApplier.Problem p = applier.problems().get(0);
        assertEquals(1, applier.problems().size(), applier.problems().toString());
        assertEquals(StackApplier.Cause.OUT_OF_RANGE, p.cause());
        assertEquals(BUNDLE, p.bundle());
        assertTrue(p.message().startsWith("returned 2 values outside [0, 1] of 576 (from -0.25 to 1.5)"), p
                .message());
    }

    @Test
    void theEdgesOfTheRangeThemselvesPass() {
        // 0 and 1 exactly are in range: a fully inverted white image (all 0) and black image (all 1) are kept
        StackApplier applier = new StackApplier(REGISTRY, SHORT);
        PerturbationStack invert = PerturbationStack.EMPTY.add(StackEntry.of(INVERT).with("amount", 1.0));
        assertEquals(0f, applier.applyImageStage(invert, RgbImage.filled(2, 2, 1, 1, 1)).get(0, 0, 0));
        assertEquals(1f, applier.applyImageStage(invert, RgbImage.filled(2, 2, 0, 0, 0)).get(0, 0, 0));
        assertTrue(applier.problems().isEmpty(), applier.problems().toString());
    }

    @Test
    void aMissingClassNamedInPluginXmlIsNamedWithItsBundleAndTheOthersApply() {
        RgbImage image = noise(3);
        float[] expected = withoutTheBadEntry(image);
        StackApplier applier = new StackApplier(REGISTRY, SHORT);
        RgbImage out = applier.applyImageStage(around("org.perturber.core.tests.missingClass"), image);
        assertArrayEquals(expected, out.copyData());
        StackApplier.Problem p = applier.problems().get(0);
        assertEquals(StackApplier.Cause.BROKEN, p.cause());
        assertEquals(BUNDLE, p.bundle());
        assertTrue(p.message().contains("DoesNotExist"), p.message());
    }

    @Test
    void aZeroBudgetRunsOnTheCallersThreadStillGuardedAgainstWhatItThrows() {
        TimeBudgets none = TimeBudgets.DEFAULTS.withSceneAndImage(Duration.ZERO);
        RgbImage image = noise(4);
        StackApplier applier = new StackApplier(REGISTRY, none);
        RgbImage out = applier.applyImageStage(around("org.perturber.core.tests.explodes"), image);
        assertArrayEquals(withoutTheBadEntry(image), out.copyData());
        assertEquals(StackApplier.Cause.THREW, applier.problems().get(0).cause());
        assertFalse(applier.problems().get(0).message().isEmpty());
    }
}
