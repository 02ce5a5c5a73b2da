package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/**
 * The corruption suite around a workbench session (what a "Run ImageNet-C" button builds): the session's scene and
 * stack under every corruption, on its models; the clean rows are the workbench's own predictions, the corrupted
 * ones those of the session's stack with the corruption added last.
 */
class SessionCorruptionSuiteTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void models() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    @Test
    void theSessionsSceneStackAndModelsUnderEveryCorruption() throws Exception {
        PerturbationStack stack = SweepFixtures.sessionStack();
        SweepSpec spec = SweepFixtures.sessions().corruptionSuite(SweepFixtures.sessionScene(), stack, SweepFixtures
                .modelDirs(models), "sweep-test", null, 2, 4, tmp.resolve("session-suite"));
        assertEquals("net-a", spec.design().suite().baseline(), "no 'standard' among the models: the first");
        assertEquals(List.of("not_loaded"), spec.design().suite().missing().stream().map(m -> m.corruption().name())
                .toList());
        assertEquals((1 + 2 * 5) * 1 * 2 * 2, spec.plannedRows());
        SweepRunner runner = SweepFixtures.runner(spec);
        List<SweepRunner.Row> rows = SweepFixtures.rows(runner);
        assertEquals(spec.plannedRows(), rows.size());
        List<CSVRecord> csv = SweepResults.read(spec.output().resolve(SweepResults.SAMPLES));
        for (int i = 0; i < rows.size(); i++) {
            SweepRunner.Row row = rows.get(i);
            CSVRecord r = csv.get(i);
            if (row.sample().view() != 0) {
                continue; // view 0 is the session's own camera
            }
            LoadedModel model = runner.models().get(List.of("net-a", "net-b").indexOf(row.model()));
            int severity = Integer.parseInt(r.get("severity"));
            PerturbationStack expected = severity == 0 ? stack : stack.add(StackEntry.of(
                    "org.perturber.sweep.tests.darken").with("severity", (double) severity).with("seed", 4));
            float[] workbench = SweepFixtures.workbench(SweepFixtures.sessionScene(), expected, model);
            assertTrue(SweepFixtures.maxDifference(workbench, row.result().probabilities()) < 1e-6, r.toMap()
                    .toString());
        }
        // the same session and models: the same sweep, resumed in place
        SweepSpec again = SweepFixtures.sessions().corruptionSuite(SweepFixtures.sessionScene(), stack, SweepFixtures
                .modelDirs(models), "sweep-test", models.resolve("net-a"), 2, 4, tmp.resolve("session-suite"));
        assertEquals(spec.text(), again.text());
    }

    @Test
    void everyProblemIsListed() {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.sessions()
                .corruptionSuite(SweepFixtures.sessionScene(), PerturbationStack.EMPTY, SweepFixtures.modelDirs(
                        models), "imagenet-x", tmp.resolve("elsewhere"), 0, 1, tmp.resolve("out")));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("--views: must be between 1 and 360"), e.problems().toString());
        assertTrue(e.problems().get(1).startsWith("unknown corruption suite 'imagenet-x'"), e.problems().toString());
        assertTrue(e.problems().get(2).startsWith("the baseline " + tmp.resolve("elsewhere") + " is not among"), e
                .problems().toString());
    }
}
