package org.perturber.core.tests.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Rgb;
import org.perturber.core.service.Services;

class PerturbationStackTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class,
            Duration.ofSeconds(20));
    private static final String INVERT = "org.perturber.core.tests.invert";

    @Test
    void jsonRoundTrips() {
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(INVERT).with("amount", 0.25))
                .add(StackEntry.of("org.mylab.fog").with("colour", new Rgb(1, 0, 0)).with("on", true)
                        .withEnabled(false));
        PerturbationStack back = PerturbationStack.fromJson(stack.toJson());
        assertEquals(2, back.entries().size());
        assertEquals(0.25, back.entries().get(0).values().get("amount"));
        assertEquals("#ff0000", back.entries().get(1).values().get("colour"));
        assertEquals(true, back.entries().get(1).values().get("on"));
        assertEquals(false, back.entries().get(1).enabled());
        assertEquals(back.toJson(), PerturbationStack.fromJson(back.toJson()).toJson());
    }

    @Test
    void malformedJsonIsRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerturbationStack.fromJson("[1, 2"))
                .getMessage().contains("JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PerturbationStack.fromJson("{\"perturbations\": [{\"values\": {}}]}")).getMessage()
                .contains("perturbations[0]: has no \"id\""));
    }

    @Test
    void entriesApplyInOrderAndDisabledOnesDoNot() {
        RgbImage grey = RgbImage.filled(2, 2, 0.2f, 0.2f, 0.2f);
        StackApplier applier = new StackApplier(REGISTRY);
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(INVERT).with("amount", 1.0))
                .add(StackEntry.of(INVERT).with("amount", 1.0).withEnabled(false));
        assertEquals(0.8f, applier.applyImageStage(stack, grey).get(0, 0, 0), 1e-6);
        assertTrue(applier.problems().isEmpty());
        // moving and removing
        PerturbationStack moved = stack.move(1, 0).remove(1);
        assertEquals(false, moved.entries().get(0).enabled());
    }

    @Test
    void badEntriesAreReportedAndSkippedAndTheOthersStillApply() {
        RgbImage grey = RgbImage.filled(2, 2, 0.2f, 0.2f, 0.2f);
        StackApplier applier = new StackApplier(REGISTRY);
        PerturbationStack stack = PerturbationStack.EMPTY
                .add(StackEntry.of("org.perturber.core.tests.explodes"))
                .add(StackEntry.of("org.nowhere.missing"))
                .add(StackEntry.of(INVERT).with("amount", Double.NaN))
                .add(StackEntry.of("org.perturber.core.tests.throwing"))
                .add(StackEntry.of(INVERT).with("amount", 1.0));
        RgbImage out = applier.applyImageStage(stack, grey);
        assertEquals(0.8f, out.get(1, 1, 2), 1e-6, "the good entry applied");
        List<StackApplier.Problem> problems = applier.problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().contains("fog density table")
                && problems.get(0).bundle().equals("org.perturber.core.tests"), problems.get(0).toString());
        assertTrue(problems.get(1).message().contains("no such perturbation"));
        assertTrue(problems.get(2).message().contains("NaN"), problems.get(2).toString());
        assertTrue(problems.get(3).message().contains("fog.cfg"), problems.get(3).toString());
    }

    private static final String TESTS_BUNDLE = "org.perturber.core.tests";

    @Test
    void anImageOfAnotherSizeOrWithNaNIsSkippedAndNamedAndTheOthersStillApply() {
        RgbImage grey = RgbImage.filled(2, 2, 0.2f, 0.2f, 0.2f);
        StackApplier applier = new StackApplier(REGISTRY);
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(INVERT).with("amount", 1.0))
                .add(StackEntry.of("org.perturber.core.tests.nan"))
                .add(StackEntry.of("org.perturber.core.tests.wrongSize"))
                .add(StackEntry.of(INVERT).with("amount", 0.5));
        RgbImage out = applier.applyImageStage(stack, grey);
        // inverted (0.8), then half-way back (0.5): exactly as if the two bad entries were not there
        assertEquals(new RgbImage(2, 2, applier.applyImageStage(PerturbationStack.EMPTY.add(StackEntry.of(INVERT)
                .with("amount", 1.0)).add(StackEntry.of(INVERT).with("amount", 0.5)), grey).copyData()), out);
        List<StackApplier.Problem> problems = applier.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(1, problems.get(0).entry());
        assertEquals(TESTS_BUNDLE, problems.get(0).bundle());
        assertTrue(problems.get(0).message().startsWith("returned 12 NaN or infinite values of 12"), problems
                .toString());
        assertEquals(2, problems.get(1).entry());
        assertTrue(problems.get(1).message().startsWith("returned a 1x2 image for a 2x2 input"), problems.toString());
    }

    @Test
    void anOutOfMemoryErrorOrAStackOverflowInAPluginIsSkippedAndNamedAndTheJvmGoesOn() {
        RgbImage grey = RgbImage.filled(2, 2, 0.2f, 0.2f, 0.2f);
        StackApplier applier = new StackApplier(REGISTRY);
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of("org.perturber.core.tests.memoryHog"))
                .add(StackEntry.of(INVERT).with("amount", 1.0))
                .add(StackEntry.of("org.perturber.core.tests.recursion"));
        RgbImage out = applier.applyImageStage(stack, grey);
        assertEquals(0.8f, out.get(1, 1, 2), 1e-6, "the good entry applied");
        List<StackApplier.Problem> problems = applier.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().contains("OutOfMemoryError") && problems.get(0).bundle().equals(
                TESTS_BUNDLE) && problems.get(0).perturbation().equals("org.perturber.core.tests.memoryHog"),
                problems.get(0).toString());
        assertTrue(problems.get(1).toString().contains("StackOverflowError") && problems.get(1).bundle().equals(
                TESTS_BUNDLE), problems.get(1).toString());
        // what the plugin allocated is free again
        long[] again = new long[8 << 20];
        assertEquals(8 << 20, again.length);
    }
}
