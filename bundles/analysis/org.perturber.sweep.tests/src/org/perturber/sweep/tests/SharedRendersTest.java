package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;

/**
 * Runners of one sweep sharing one cache of renders (what a cluster executor's concurrent tasks do): chunks run on
 * two threads at once, each by its own runner, give the rows of one runner's whole run.
 */
class SharedRendersTest {
    @TempDir
    Path tmp;

    private static final SweepRunner.Listener QUIET = p -> {
    };

    @Test
    void chunksOfRunnersSharingRendersRunConcurrentlyGiveTheRowsOfOneRun() throws Exception {
        Path models = SweepFixtures.models(tmp.resolve("models"));
        SweepSpec spec = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/one"), tmp);
        SweepFixtures.runner(spec).run(true, () -> false, QUIET);
        List<CSVRecord> expected = SweepResults.read(spec.output().resolve(SweepResults.SAMPLES));

        SweepRunner first = SweepFixtures.runner(spec);
        SweepRunner second = SweepFixtures.runner(spec);
        second.shareRenders(first);
        first.prepare();
        second.prepare();
        List<List<String>> rows = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<List<String>>>> chunks = new ArrayList<>();
            for (int c = 0; c < first.chunks(); c++) {
                int chunk = c;
                SweepRunner runner = c % 2 == 0 ? first : second;
                // one thread per runner at a time, as the executor's task threads use them
                chunks.add(threads.submit(() -> {
                    synchronized (runner) {
                        return runner.chunk(chunk, () -> false, QUIET);
                    }
                }));
            }
            for (Future<List<List<String>>> f : chunks) {
                rows.addAll(f.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(66 * 2, expected.size());
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected.get(i).toList(), rows.get(i), "row " + i);
        }
    }

    @Test
    void rendersAreSharedOnlyBeforeAPrepare() throws Exception {
        Path models = SweepFixtures.models(tmp.resolve("models"));
        SweepSpec spec = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/late"), tmp);
        SweepRunner prepared = SweepFixtures.runner(spec);
        prepared.prepare();
        assertThrows(IllegalStateException.class, () -> prepared.shareRenders(SweepFixtures.runner(spec)));
    }
}
