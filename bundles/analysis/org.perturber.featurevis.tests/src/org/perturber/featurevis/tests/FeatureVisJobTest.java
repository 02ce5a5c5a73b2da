package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisCache;
import org.perturber.featurevis.FeatureVisJob;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizations;

/** The background form the workbench uses: results to the callback, cancel ends it without a result or an error. */
class FeatureVisJobTest {
    @TempDir
    Path dir;

    @Test
    void jobDeliversResults() throws Exception {
        FeatureVisualizations v = new FeatureVisualizations(BuiltinModels.load("standard"), BuiltinModels.folder(
                "standard"), new FeatureVisCache(dir));
        AtomicReference<List<FeatureVisResult>> done = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        FeatureVisJob job = new FeatureVisJob("test", v, List.of(FeatureObjective.channel("block1_relu", 0),
                FeatureObjective.classLogit(2)), FeatureVisSettings.DEFAULT.withSteps(4), done::set, failed::set);
        job.schedule();
        job.join();
        assertEquals(IStatus.OK, job.getResult().getSeverity());
        assertNull(failed.get());
        assertEquals(2, done.get().size());
        assertEquals(FeatureObjective.classLogit(2), done.get().get(1).objective());
    }

    @Test
    void cancelledJobEndsCancelledWithoutResults() throws Exception {
        FeatureVisualizations v = new FeatureVisualizations(BuiltinModels.load("standard"), BuiltinModels.folder(
                "standard"), new FeatureVisCache(dir));
        AtomicReference<List<FeatureVisResult>> done = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        FeatureVisJob job = new FeatureVisJob("test", v, List.of(FeatureObjective.channel("block2_relu", 1)),
                FeatureVisSettings.DEFAULT.withSteps(10_000), done::set, failed::set);
        job.schedule();
        Thread.sleep(1500);
        long t0 = System.nanoTime();
        job.cancel();
        job.join();
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "stopped within a step or two");
        assertEquals(IStatus.CANCEL, job.getResult().getSeverity());
        assertNull(done.get());
        assertNull(failed.get());
        assertEquals(0, v.optimisedCount());
    }

    @Test
    void failureGoesToTheCallbackAndTheStatusNamesTheModel() throws Exception {
        FeatureVisualizations v = new FeatureVisualizations(BuiltinModels.load("standard"), BuiltinModels.folder(
                "standard"), new FeatureVisCache(dir));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        FeatureVisJob job = new FeatureVisJob("test", v, List.of(FeatureObjective.channel("no_such_layer", 0)),
                FeatureVisSettings.DEFAULT.withSteps(4), r -> {
                }, failed::set);
        job.schedule();
        job.join();
        assertEquals(IStatus.ERROR, job.getResult().getSeverity());
        assertTrue(failed.get().getMessage().contains("no_such_layer"), failed.get().getMessage());
        assertTrue(job.getResult().getMessage().contains("standard"), job.getResult().getMessage());
    }
}
