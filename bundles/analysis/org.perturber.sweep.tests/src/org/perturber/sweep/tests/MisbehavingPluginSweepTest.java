package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.TimeBudgets;
import org.perturber.headless.SweepApplication;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.tests.contributions.MisbehavingImagePerturbation;
import org.perturber.testing.EquinoxProcess;

/**
 * Sweeps with misbehaving plugins in their stack (this bundle's plugin.xml): NaN, values out of range, a call that
 * never returns, one that allocates until OutOfMemoryError, a missing class. The headless command goes on, prints
 * one line per distinct problem with the bundle, marks every affected row in samples.csv's skipped column, gives
 * every other column exactly as a sweep without the bad entries does, and exits with its own code; a resumed run
 * writes the same bytes. The worst of them also in a real child process, whose JVM must survive them.
 */
class MisbehavingPluginSweepTest {
    private static final String BUNDLE = "org.perturber.sweep.tests";
    private static final String NAN = "org.perturber.sweep.tests.nan";
    private static final String OUT_OF_RANGE = "org.perturber.sweep.tests.outOfRange";
    private static final String NEVER_RETURNS = "org.perturber.sweep.tests.neverReturns";
    private static final String MEMORY_HOG = "org.perturber.sweep.tests.memoryHog";
    /** 2 objects x 2 views x 3 fade levels = 12 samples, 24 rows. */
    private static final int ROWS = 24;

    @TempDir
    static Path tmp;
    private static Path models;
    /** samples.csv of the same sweep without the bad entries. */
    private static List<CSVRecord> reference;

    private record Command(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Command sweep(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SweepApplication.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(
                err, true, StandardCharsets.UTF_8), () -> false);
        return new Command(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A spec in the temporary folder: the base stack's entries (ids), then the fade factor. */
    private static Path spec(String name, String... stack) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String id : stack) {
            entries.add("{\"id\": \"" + id + "\"}");
        }
        Path file = tmp.resolve(name + ".json");
        Files.writeString(file, """
                {
                  "name": "%s",
                  "seed": 2,
                  "objects": ["mug", "bowl"],
                  "views": 2,
                  "models": ["net-a", "net-b"],
                  "stack": [%s],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.8, "steps": 3}],
                  "metrics": ["top1", "true-class-probability", "flip", "activation:block5_relu:3"],
                  "output": "out/%s"
                }
                """.formatted(name, String.join(", ", entries), name));
        return file;
    }

    private static Path samples(String name) {
        return tmp.resolve("out/" + name).resolve(SweepResults.SAMPLES);
    }

    @BeforeAll
    static void sweepWithoutBadEntries() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
        Command clean = sweep(spec("clean").toString(), "--models", models.toString());
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        reference = SweepResults.read(samples("clean"));
        assertEquals(ROWS, reference.size());
        for (CSVRecord r : reference) {
            assertEquals("", r.get(SweepRunner.SKIPPED), "nothing skipped without bad entries: " + r);
        }
    }

    @AfterAll
    static void releaseTheBusyLoop() {
        MisbehavingImagePerturbation.NeverReturns.release = true;
    }

    /** Every column but "skipped" equals the sweep without the bad entries, row by row. */
    private static void assertSameMeasurements(List<CSVRecord> rows) {
        assertEquals(ROWS, rows.size());
        for (int i = 0; i < ROWS; i++) {
            List<String> expected = new ArrayList<>(reference.get(i).toList());
            List<String> actual = new ArrayList<>(rows.get(i).toList());
            // the factor's column is the same; only the skipped column (the last) differs
            expected.remove(expected.size() - 1);
            actual.remove(actual.size() - 1);
            assertEquals(expected, actual, "row " + (i + 1));
        }
    }

    @Test
    void nanAndOutOfRangeEntriesAreSkippedNamedOnceAndMarkedInEveryRowAndTheRestIsUnchanged() throws Exception {
        Command c = sweep(spec("bad", NAN, OUT_OF_RANGE).toString(), "--models", models.toString());
        assertEquals(SweepApplication.EXIT_SKIPPED, c.exit(), c.out() + c.err());
        List<CSVRecord> rows = SweepResults.read(samples("bad"));
        assertSameMeasurements(rows);
        String both = "entry 1 " + NAN + " (" + BUNDLE + "): NaN or infinite values; entry 2 " + OUT_OF_RANGE + " ("
                + BUNDLE + "): values out of range";
        for (CSVRecord r : rows) {
            assertEquals(both, r.get(SweepRunner.SKIPPED), r.toString());
        }
        // one progress-stream line per distinct problem, with its bundle, though every sample met both
        List<String> problems = c.out().lines().filter(l -> l.startsWith("sweep: problem")).toList();
        assertEquals(2, problems.size(), c.out());
        assertTrue(problems.get(0).contains(NAN + ", bundle " + BUNDLE) && problems.get(0).contains("NaN"),
                problems.get(0));
        assertTrue(problems.get(1).contains(OUT_OF_RANGE + ", bundle " + BUNDLE) && problems.get(1).contains(
                "outside [0, 1]"), problems.get(1));
        // stderr: one line per skipped thing, and the total
        assertEquals(List.of("sweep: skipped entry 1 " + NAN + " (" + BUNDLE + "): NaN or infinite values, in 24 of "
                + "24 rows", "sweep: skipped entry 2 " + OUT_OF_RANGE + " (" + BUNDLE + "): values out of range, in "
                        + "24 of 24 rows", "sweep: 24 of 24 rows lack something (column skipped of samples.csv; "
                                + "details above and in the log)"), c.errLines());

        // resumed from a torn file (a kill after a few rows): the same bytes, the same exit code
        byte[] whole = Files.readAllBytes(samples("bad"));
        String text = new String(whole, StandardCharsets.UTF_8);
        int cut = 0;
        for (int line = 0; line < 8; line++) {
            cut = text.indexOf('\n', cut) + 1;
        }
        Files.write(samples("bad"), java.util.Arrays.copyOf(whole, cut + 20));
        Command resumed = sweep(spec("bad", NAN, OUT_OF_RANGE).toString(), "--models", models.toString());
        assertEquals(SweepApplication.EXIT_SKIPPED, resumed.exit(), resumed.out() + resumed.err());
        assertArrayEquals(whole, Files.readAllBytes(samples("bad")), "samples.csv after the resume");
    }

    @Test
    void aCallThatNeverReturnsIsAbandonedAtTheTimeBudgetGivenOnTheCommandLineAndTheSweepGoesOn() throws Exception {
        long start = System.nanoTime();
        Command c = sweep(spec("stuck", NEVER_RETURNS).toString(), "--models", models.toString(), "--time-budget",
                "0.5");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(SweepApplication.EXIT_SKIPPED, c.exit(), c.out() + c.err());
        assertSameMeasurements(SweepResults.read(samples("stuck")));
        for (CSVRecord r : SweepResults.read(samples("stuck"))) {
            assertEquals("entry 1 " + NEVER_RETURNS + " (" + BUNDLE + "): time budget", r.get(SweepRunner.SKIPPED));
        }
        assertTrue(c.out().contains("(" + NEVER_RETURNS + ", bundle " + BUNDLE + "): exceeded its time budget of 0.5 "
                + "s; skipped"), c.out());
        // abandoned once (it spins on), and not waited for on the other 11 samples
        assertTrue(c.out().contains("still running: [" + NEVER_RETURNS + "]"), c.out());
        assertTrue(StackApplier.abandonedCalls().contains(NEVER_RETURNS));
        assertTrue(seconds < 60, seconds + " s");
        // the command's budget held for the command only
        assertEquals(TimeBudgets.DEFAULTS, TimeBudgets.current());
    }

    @Test
    void aMissingClassInTheStackStopsTheSweepBeforeItStartsNamingTheBundle() throws Exception {
        Command c = sweep(spec("missing", "org.perturber.sweep.tests.missingClass").toString(), "--models", models
                .toString());
        assertEquals(SweepApplication.EXIT_BAD_INPUT, c.exit(), c.out() + c.err());
        assertEquals(1, c.errLines().size(), c.err());
        assertTrue(c.err().contains("org.perturber.sweep.tests.missingClass failed to load") && c.err().contains(
                BUNDLE) && c.err().contains("DoesNotExist"), c.err());
    }

    @Test
    void aBadTimeBudgetIsABadArgument() throws Exception {
        for (String bad : List.of("-1", "soon", "1e9")) {
            Command c = sweep(spec("clean").toString(), "--models", models.toString(), "--time-budget", bad);
            assertEquals(SweepApplication.EXIT_BAD_INPUT, c.exit(), c.err());
            assertEquals(1, c.errLines().size(), c.err());
            assertTrue(c.err().startsWith("sweep: --time-budget: "), c.err());
        }
    }

    /**
     * In a real child process (a small heap): an entry that allocates until OutOfMemoryError and one that never
     * returns. The JVM survives both, the sweep finishes every row, the exit code says entries were skipped (never
     * 0), and stderr names each with its bundle.
     */
    @Test
    void aChildSweepSurvivesAnOutOfMemoryErrorAndAStuckCallAndExitsWithTheSkippedCode() throws Exception {
        Path spec = spec("child", MEMORY_HOG, NEVER_RETURNS, NAN);
        Path output = tmp.resolve("child-out");
        try (EquinoxProcess child = EquinoxProcess.start(tmp.resolve("children"), Duration.ofSeconds(180), List.of(
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), "org.perturber.headless.sweep", spec
                        .toString(), "--models", models.toString(), "--output", output.toString(), "--time-budget",
                "5")) {
            int exit = child.awaitExit();
            String all = child.output();
            assertEquals(SweepApplication.EXIT_SKIPPED, exit, all);
            assertSameMeasurements(SweepResults.read(output.resolve(SweepResults.SAMPLES)));
            for (CSVRecord r : SweepResults.read(output.resolve(SweepResults.SAMPLES))) {
                assertEquals("entry 1 " + MEMORY_HOG + " (" + BUNDLE + "): threw; entry 2 " + NEVER_RETURNS + " ("
                        + BUNDLE + "): time budget; entry 3 " + NAN + " (" + BUNDLE + "): NaN or infinite values", r
                                .get(SweepRunner.SKIPPED));
            }
            assertTrue(all.contains("(" + MEMORY_HOG + ", bundle " + BUNDLE + "): OutOfMemoryError"), all);
            assertTrue(all.contains("sweep: skipped entry 1 " + MEMORY_HOG + " (" + BUNDLE + "): threw, in 24 of 24 "
                    + "rows"), all);
            assertTrue(all.contains("sweep: skipped entry 2 " + NEVER_RETURNS + " (" + BUNDLE + "): time budget, in "
                    + "24 of 24 rows"), all);
            assertTrue(all.contains("sweep: wrote "), all);
        }
    }
}
