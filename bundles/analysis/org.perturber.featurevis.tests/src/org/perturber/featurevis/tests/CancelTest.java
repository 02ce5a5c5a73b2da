package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.perturber.core.model.Model;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizer;

class CancelTest {
    @Test
    void cancellingStopsWithinAStep() throws Exception {
        Model model = BuiltinModels.load("standard");
        NullProgressMonitor monitor = new NullProgressMonitor();
        // the user presses Cancel a second into the work (from another thread, as a progress dialog does)
        Thread cancel = new Thread(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            monitor.setCanceled(true);
        });
        cancel.start();
        long t0 = System.nanoTime();
        assertThrows(OperationCanceledException.class, () -> FeatureVisualizer.optimise(model, List.of(
                FeatureObjective.channel("block2_relu", 0)), FeatureVisSettings.DEFAULT.withSteps(10_000), monitor));
        double seconds = (System.nanoTime() - t0) / 1e9;
        // 10,000 steps take minutes; stopping after a few takes well under one
        assertTrue(seconds < 30, "stopped after " + seconds + " s");
    }
}
