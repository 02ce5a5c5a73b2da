package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.perturbation.TimeBudgets;
import org.perturber.core.scene.Scene;

/**
 * What the time budget's guard costs a call: the live loop's stages with the default budgets (each call handed to a
 * pooled thread and awaited) against the same calls on the caller's thread (a budget of 0), interleaved so that
 * the machine's drift hits both alike. Prints the project's BENCH lines (the unguarded run as the floor). The cost
 * is two thread wake-ups per call: tens of microseconds on an idle core, more on a machine with more runnable
 * threads than cores (measured here: 0.02 to 0.7 ms at a load of 4-6 on 2 cores), against live-loop updates of
 * tens of milliseconds. The bound only catches a guard that waits by polling or sleeping.
 */
class GuardOverheadTest {
    private static final int WARMUP = 200;
    private static final int N = 600;
    private static final TimeBudgets UNGUARDED = new TimeBudgets(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double p95(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.ceil(0.95 * s.length) - 1];
    }

    /** Median extra milliseconds per guarded stage run; prints its BENCH line. */
    private static double overhead(String name, java.util.function.Function<StackApplier, Object> stage) {
        var registry = SweepFixtures.registry();
        double[] guarded = new double[N];
        double[] inline = new double[N];
        for (int i = -WARMUP; i < N; i++) {
            for (boolean guard : new boolean[] { i % 2 == 0, i % 2 != 0 }) {
                StackApplier applier = new StackApplier(registry, guard ? TimeBudgets.DEFAULTS : UNGUARDED);
                long start = System.nanoTime();
                stage.apply(applier);
                double ms = (System.nanoTime() - start) / 1e6;
                assertTrue(applier.problems().isEmpty(), applier.problems().toString());
                if (i >= 0) {
                    (guard ? guarded : inline)[i] = ms;
                }
            }
        }
        double extra = median(guarded) - median(inline);
        System.out.println(String.format(Locale.ROOT, "BENCH %s median_ms=%.3f p95_ms=%.3f floor_ms=%.3f ratio=%.2f "
                + "n=%d (floor: the same calls unguarded; guard: %.1f us per stage run)", name, median(guarded), p95(
                        guarded), median(inline), median(guarded) / median(inline), N, extra * 1000));
        return extra;
    }

    @Test
    void theGuardCostsACallLessThanTwoMilliseconds() {
        SplittableRandom r = new SplittableRandom(1);
        float[] d = new float[224 * 224 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        RgbImage image = new RgbImage(224, 224, d);
        Scene scene = SweepFixtures.standard();
        PerturbationStack fade = PerturbationStack.EMPTY.add(StackEntry.of(SweepFixtures.FADE).with("amount", 0.3));
        PerturbationStack noise = PerturbationStack.EMPTY.add(StackEntry.of(
                "org.perturber.perturbation.image.gaussianNoise").with("sigma", 0.1));
        PerturbationStack camera = PerturbationStack.EMPTY.add(StackEntry.of(SweepFixtures.CAMERA).with("elevation",
                10.0));
        List<Supplier<Double>> runs = List.of(
                () -> overhead("guard_scene_camera", a -> a.applySceneStage(camera, scene)),
                () -> overhead("guard_image_fade_224", a -> a.applyImageStage(fade, image)),
                () -> overhead("guard_image_noise_224", a -> a.applyImageStage(noise, image)));
        for (Supplier<Double> run : runs) {
            double extra = run.get();
            assertTrue(extra < 2, "the guard added " + extra + " ms per call");
        }
    }
}
