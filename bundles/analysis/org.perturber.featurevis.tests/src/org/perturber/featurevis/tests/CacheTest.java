package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.backend.mxnet.export.ModelWriter;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.model.Normalization;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisCache;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizations;
import org.perturber.objects.BuiltinObjects;

/** Computed once, read back after; new weights in the same folder are a miss; a damaged entry is recomputed. */
class CacheTest {
    private static final FeatureVisSettings SETTINGS = FeatureVisSettings.DEFAULT.withSteps(8);
    private static final List<FeatureObjective> TWO = List.of(FeatureObjective.channel("block2_relu", 3),
            FeatureObjective.channel("block2_relu", 4));

    @TempDir
    Path dir;

    @Test
    void secondRequestIsReadFromTheCacheWithoutOptimising() throws Exception {
        FeatureVisCache cache = new FeatureVisCache(dir.resolve("cache"));
        ServiceModel model = BuiltinModels.load("standard");
        FeatureVisualizations first = new FeatureVisualizations(model, BuiltinModels.folder("standard"), cache);
        List<FeatureVisResult> computed = first.compute(TWO, SETTINGS, new NullProgressMonitor());
        assertEquals(2, first.optimisedCount());
        assertFalse(computed.get(0).fromCache());

        FeatureVisualizations second = new FeatureVisualizations(model, BuiltinModels.folder("standard"), cache);
        List<FeatureVisResult> read = second.compute(TWO, SETTINGS, new NullProgressMonitor());
        assertEquals(0, second.optimisedCount(), "nothing optimised the second time");
        for (int i = 0; i < TWO.size(); i++) {
            assertTrue(read.get(i).fromCache());
            assertArrayEquals(computed.get(i).image().toPackedRgb(), read.get(i).image().toPackedRgb());
            assertEquals(computed.get(i).objectiveValue(), read.get(i).objectiveValue());
            assertArrayEquals(computed.get(i).trace(), read.get(i).trace());
        }
        // a third channel beside the two: only it is optimised
        List<FeatureObjective> three = Stream.concat(TWO.stream(), Stream.of(FeatureObjective.channel("block2_relu",
                5))).toList();
        second.compute(three, SETTINGS, new NullProgressMonitor());
        assertEquals(1, second.optimisedCount());
        // other settings are another entry
        second.compute(TWO.subList(0, 1), SETTINGS.withSeed(1), new NullProgressMonitor());
        assertEquals(2, second.optimisedCount());
    }

    @Test
    void newWeightsInTheSameFolderAreAMiss() throws Exception {
        Path folder = dir.resolve("net");
        FeatureVisCache cache = new FeatureVisCache(dir.resolve("cache"));
        InferenceService service = BuiltinModels.service();

        writeNetwork(folder, 1);
        LoadedModel before = service.load(folder).get(120, TimeUnit.SECONDS);
        FeatureVisualizations a = new FeatureVisualizations(new ServiceModel(service, before), folder, cache);
        FeatureVisResult old = a.compute(TWO.subList(0, 1), SETTINGS, new NullProgressMonitor()).get(0);
        FeatureVisualizations again = new FeatureVisualizations(new ServiceModel(service, before), folder, cache);
        again.compute(TWO.subList(0, 1), SETTINGS, new NullProgressMonitor());
        assertEquals(0, again.optimisedCount(), "the same weights: a hit");
        service.unload(before);

        writeNetwork(folder, 2); // retrained: other weights, same folder, same names
        LoadedModel after = service.load(folder).get(120, TimeUnit.SECONDS);
        try {
            FeatureVisualizations b = new FeatureVisualizations(new ServiceModel(service, after), folder, cache);
            assertNotEquals(a.digest(), b.digest());
            FeatureVisResult fresh = b.compute(TWO.subList(0, 1), SETTINGS, new NullProgressMonitor()).get(0);
            assertEquals(1, b.optimisedCount(), "new weights: computed again");
            assertFalse(fresh.fromCache());
            assertFalse(java.util.Arrays.equals(old.image().toPackedRgb(), fresh.image().toPackedRgb()));
        } finally {
            service.unload(after);
        }
    }

    @Test
    void aDamagedEntryIsRecomputedAndReplaced() throws Exception {
        Path root = dir.resolve("cache");
        FeatureVisCache cache = new FeatureVisCache(root);
        ServiceModel model = BuiltinModels.load("standard");
        FeatureVisualizations v = new FeatureVisualizations(model, BuiltinModels.folder("standard"), cache);
        FeatureVisResult good = v.compute(TWO.subList(0, 1), SETTINGS, new NullProgressMonitor()).get(0);
        List<Path> pngs;
        try (Stream<Path> s = Files.walk(root)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertEquals(1, pngs.size());
        Files.write(pngs.get(0), new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0 }); // truncated
        assertTrue(v.cached(TWO.get(0), SETTINGS).isEmpty(), "a damaged entry is a miss");
        FeatureVisResult again = v.compute(TWO.subList(0, 1), SETTINGS, new NullProgressMonitor()).get(0);
        assertEquals(2, v.optimisedCount());
        assertArrayEquals(good.image().toPackedRgb(), again.image().toPackedRgb());
        assertTrue(v.cached(TWO.get(0), SETTINGS).isPresent(), "replaced by a good one");
    }

    private static void writeNetwork(Path folder, long seed) throws IOException {
        List<String> labels = new BuiltinObjects().ids();
        Networks.Network net = Networks.smallCnn(labels.size(), seed);
        ModelWriter.write(folder, new ModelWriter.Card("net", "net", net.architecture(), "standard", "test", 32,
                new Normalization(new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.25f, 0.25f, 0.25f }), labels, net
                        .layers()), net.builder(), net.head());
    }
}
