package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.Summary;
import org.perturber.core.inference.LoadedModel;
import org.perturber.sweep.SweepPlan;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/**
 * Real sweeps (rendering, perturbations, the shared inference service with batching) on small untrained networks:
 * rows and metrics, determinism, and resuming a stopped run whose file was left as a kill leaves it (a torn line,
 * half a chunk). Real kills of the real command: {@link KilledSweepProcessTest}.
 */
class SweepRunTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    private static final SweepRunner.Listener QUIET = p -> {
    };

    private static Summary run(SweepSpec spec, boolean fresh) throws Exception {
        return SweepFixtures.runner(spec).run(fresh, () -> false, QUIET);
    }

    @Test
    void aSweepWritesOneRowPerSampleAndModelWithItsMetricsAndASummary() throws Exception {
        SweepSpec spec = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/rows"), tmp);
        SweepRunner runner = SweepFixtures.runner(spec);
        Summary summary = runner.run(true, () -> false, QUIET);
        List<CSVRecord> rows = SweepResults.read(spec.output().resolve(SweepResults.SAMPLES));
        assertEquals(66 * 2, rows.size());
        CSVRecord first = rows.get(0);
        assertEquals("mug", first.get("object"));
        assertEquals("0", first.get("fadeToBlack.amount"));
        assertEquals("net-a", first.get("model"));
        for (CSVRecord r : rows) {
            // top-1 correct exactly when the prediction is the object's class; top-5 correct then too
            assertEquals(r.get("predicted").equals(r.get("object")) ? "1" : "0", r.get("top1_correct"), r
                    .toString());
            assertTrue(!r.get("top1_correct").equals("1") || r.get("top5_correct").equals("1"), r.toString());
            assertFalse(r.get("activation_block5_relu_3").isEmpty());
            // a flip exactly when the prediction differs from the unfaded one of the same object, view and model
            String unfaded = rows.stream().filter(u -> u.get("fadeToBlack.amount").equals("0") && u.get("object")
                    .equals(r.get("object")) && u.get("view").equals(r.get("view")) && u.get("model").equals(r.get(
                            "model"))).map(u -> u.get("predicted")).findFirst().orElseThrow();
            assertEquals(r.get("predicted").equals(unfaded) ? "0" : "1", r.get("flip"), r.toString());
        }
        // the true class's probability is the model's own for that sample, as the workbench computes it
        for (CSVRecord r : rows.stream().filter(r -> r.get("fadeToBlack.amount").equals("0.3")).toList()) {
            SweepPlan.Sample s = runner.plan().sample(Integer.parseInt(r.get("sample")));
            LoadedModel model = runner.models().get(r.get("model").equals("net-a") ? 0 : 1);
            float[] p = SweepFixtures.workbench(runner.baseScene(s.object(), s.view()), runner.plan().stackFor(s
                    .point()), model);
            assertEquals(p[model.descriptor().labels().indexOf(r.get("object"))], Double.parseDouble(r.get(
                    "true_class_probability")), 1e-6, r.toString());
        }
        // a fully faded image is black whatever the object: every model predicts one class for all of them
        for (String model : List.of("net-a", "net-b")) {
            assertEquals(1, rows.stream().filter(r -> r.get("model").equals(model) && r.get("fadeToBlack.amount")
                    .equals("1")).map(r -> r.get("predicted")).distinct().count(), model);
        }
        // the summary: 11 levels, both models, 6 samples in each bin
        Summary.Table top1 = summary.tables().stream().filter(t -> t.metric().column().equals("top1_correct"))
                .findFirst().orElseThrow();
        assertEquals(11, top1.bins().size());
        assertArrayEquals(new int[] { 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 }, top1.counts().get("net-a"));
        double mean = rows.stream().filter(r -> r.get("model").equals("net-b") && r.get("fadeToBlack.amount").equals(
                "0.5")).mapToDouble(r -> Double.parseDouble(r.get("top1_correct"))).average().orElseThrow();
        assertEquals(mean, top1.means().get("net-b")[5], 1e-12);
        assertTrue(Files.readString(spec.output().resolve(Summary.FILE)).startsWith(
                "factor,bin,model,n,top1_correct,true_class_probability"));
    }

    @Test
    void theSameSpecGivesTheSameCsvByteForByte() throws Exception {
        SweepSpec a = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/a"), tmp);
        SweepSpec b = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/b"), tmp);
        run(a, true);
        run(b, true);
        assertEquals(1 + 66 * 2, Files.readAllLines(a.output().resolve(SweepResults.SAMPLES)).size());
        assertArrayEquals(Files.readAllBytes(a.output().resolve(SweepResults.SAMPLES)), Files.readAllBytes(b.output()
                .resolve(SweepResults.SAMPLES)));
        assertArrayEquals(Files.readAllBytes(a.output().resolve(Summary.FILE)), Files.readAllBytes(b.output().resolve(
                Summary.FILE)));
    }

    @Test
    void aStoppedRunWithHalfAChunkAndATornLineResumesToTheUninterruptedCsv() throws Exception {
        SweepSpec whole = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/whole"), tmp);
        run(whole, true);
        byte[] expected = Files.readAllBytes(whole.output().resolve(SweepResults.SAMPLES));

        SweepSpec spec = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/killed"), tmp);
        Path samples = spec.output().resolve(SweepResults.SAMPLES);
        // stop after the first chunk...
        AtomicInteger done = new AtomicInteger();
        assertNull(SweepFixtures.runner(spec).run(true, () -> done.get() >= SweepRunner.CHUNK,
                p -> done.set(p.done())));
        assertEquals(1 + SweepRunner.CHUNK * 2, Files.readAllLines(samples).size());
        // ...then, as if the process died while writing the second chunk: some of its rows and a torn line
        List<String> secondChunk = new String(expected, StandardCharsets.UTF_8).lines().skip(1 + SweepRunner.CHUNK
                * 2).limit(5).toList();
        Files.writeString(samples, String.join("\n", secondChunk) + "\n32,2,bowl,0,0.2,net-a,mu",
                StandardOpenOption.APPEND);

        List<Integer> progress = new ArrayList<>();
        assertNotNull(SweepFixtures.runner(spec).run(false, () -> false, p -> progress.add(p.done())));
        assertEquals(SweepRunner.CHUNK, progress.get(0), "resumed after the first chunk");
        assertArrayEquals(expected, Files.readAllBytes(samples));
    }

    @Test
    void resultsOfAnotherSpecAreNeverMixedIn() throws Exception {
        SweepSpec spec = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/mixed"), tmp);
        run(spec, true);
        SweepSpec other = SweepFixtures.read(models, SweepFixtures.fadeSpec("out/mixed").replace("\"seed\": 3",
                "\"seed\": 4"), tmp);
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> run(other, false));
        assertTrue(e.getMessage().contains("different sweep spec"), e.getMessage());
        assertNotNull(run(other, true), "--fresh replaces them");
    }
}
