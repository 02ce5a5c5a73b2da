package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.headless.SweepApplication;
import org.perturber.sweep.CorruptionErrors;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/**
 * A corruption-suite sweep of this bundle's suite "sweep-test" (darken, darken_extra, and not_loaded, whose class
 * does not exist) on two small real networks: the failed corruption is one problem line naming it and its bundle,
 * it gets no rows and its corruption errors read "missing", the others' numbers are there; the headless command
 * prints the mCE table and exits 4; a stopped run resumes to the same bytes; a run with other corruptions available
 * does not resume into the folder.
 */
class CorruptionSuiteSweepTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void models() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    /** 3 objects x 2 views x (1 + 2 x 5) points = 66 samples: two full chunks and a short one, per model. */
    static String spec(String output) {
        return """
                {
                  "name": "test-suite",
                  "seed": 5,
                  "objects": ["mug", "bowl", "apple"],
                  "views": 2,
                  "models": ["net-a", "net-b"],
                  "design": {"type": "corruption-suite", "suite": "sweep-test", "baseline": "net-a"},
                  "output": "%s"
                }
                """.formatted(output);
    }

    private record Run(List<String> problems, CorruptionErrors errors) {
    }

    private static Run run(SweepSpec spec, boolean fresh) throws Exception {
        List<String> problems = new ArrayList<>();
        var summary = SweepFixtures.runner(spec).run(fresh, () -> false, new SweepRunner.Listener() {
            @Override
            public void progress(SweepRunner.Progress p) {
            }

            @Override
            public void problem(String message) {
                problems.add(message);
            }
        });
        return new Run(problems, summary.corruptionErrors());
    }

    @Test
    void theFailedCorruptionIsOneProblemLineAndTheOthersNumbersAreThere() throws Exception {
        SweepSpec spec = SweepFixtures.read(models, spec("results/missing"), tmp);
        Run run = run(spec, true);
        assertEquals(1, run.problems().size(), run.problems().toString());
        String problem = run.problems().get(0);
        assertTrue(problem.startsWith("corruption not_loaded (perturbation org.perturber.sweep.tests.missingClass, "
                + "bundle org.perturber.sweep.tests): failed to load") && problem.contains("\"missing\""), problem);
        List<CSVRecord> rows = SweepResults.read(spec.output().resolve(SweepResults.SAMPLES));
        assertEquals(spec.plannedRows(), rows.size());
        assertEquals(132, rows.size(), "(1 + 2 x 5) x 3 x 2 x 2");
        assertTrue(rows.stream().noneMatch(r -> r.get("corruption").equals("not_loaded")), "no rows of it");
        assertEquals(12, rows.stream().filter(r -> r.get("corruption").equals("clean")).count(), "clean once per "
                + "object, view and model");
        assertTrue(rows.stream().filter(r -> r.get("corruption").equals("clean")).allMatch(r -> r.get("severity")
                .equals("0")));
        assertEquals(60, rows.stream().filter(r -> r.get("corruption").equals("darken")).count());
        assertTrue(rows.stream().allMatch(r -> r.get("skipped").isEmpty()), "nothing skipped");
        // the CE table: darken and darken_extra computed from the rows, not_loaded missing
        CorruptionErrors ce = run.errors();
        for (String model : List.of("net-a", "net-b")) {
            CorruptionErrors.Row missing = ce.row(model, "not_loaded");
            assertFalse(missing.ce().defined());
            assertTrue(missing.ce().reason().startsWith(CorruptionErrors.MISSING + ": not_loaded did not run"),
                    missing.ce().reason());
            assertTrue(missing.errors().stream().noneMatch(CorruptionErrors.Value::defined));
            for (String corruption : List.of("darken", "darken_extra")) {
                CorruptionErrors.Row row = ce.row(model, corruption);
                for (int s = 1; s <= 5; s++) {
                    assertEquals(error(rows, model, corruption, s), row.errors().get(s - 1).value(), 1e-12, model
                            + " " + corruption + " " + s);
                }
                assertEquals(error(rows, model, "clean", 0), row.clean().value(), 1e-12);
            }
        }
        double base = 0;
        double other = 0;
        for (int s = 1; s <= 5; s++) {
            base += error(rows, "net-a", "darken", s);
            other += error(rows, "net-b", "darken", s);
        }
        assertTrue(base > 0, "the untrained baseline errs somewhere under darkening");
        assertEquals(other / base, ce.row("net-b", "darken").ce().value(), 1e-12);
        assertEquals(1.0, ce.row("net-a", "darken").ce().value(), 1e-12);
        CorruptionErrors.Mean mean = ce.mean("net-b");
        assertEquals("1 of 2", mean.countedText(), "darken counted, not_loaded missing");
        assertEquals(other / base, mean.mce().value(), 1e-12);
        assertEquals(ce.row("net-b", "darken_extra").ce().value(), mean.extraMeanCe().value(), 1e-12);
        // and the files say the same
        List<CSVRecord> written = SweepResults.read(spec.output().resolve(CorruptionErrors.FILE));
        assertEquals(6, written.size(), "2 models x 3 corruptions");
        CSVRecord notLoaded = written.stream().filter(r -> r.get("model").equals("net-b") && r.get("corruption")
                .equals("not_loaded")).findFirst().orElseThrow();
        assertEquals("", notLoaded.get("CE"));
        assertTrue(notLoaded.get("notes").startsWith("missing: not_loaded did not run (failed to load"), notLoaded
                .get("notes"));
        List<CSVRecord> means = SweepResults.read(spec.output().resolve(CorruptionErrors.MEANS_FILE));
        assertEquals(SweepRunner.format(other / base), means.get(1).get("mCE"));
        assertEquals("1 of 2", means.get(1).get("corruptions counted"));
    }

    /** The top-1 error of the rows of one model, corruption and severity, counted here from the CSV. */
    static double error(List<CSVRecord> rows, String model, String corruption, int severity) {
        int n = 0;
        int wrong = 0;
        for (CSVRecord r : rows) {
            if (r.get("model").equals(model) && r.get("corruption").equals(corruption) && r.get("severity").equals(
                    Integer.toString(severity))) {
                n++;
                wrong += r.get("top1_correct").equals("0") ? 1 : 0;
            }
        }
        assertTrue(n > 0, model + " " + corruption + " " + severity);
        return (double) wrong / n;
    }

    @Test
    void theCommandPrintsTheMceTableAndExitsFourForTheMissingCorruption() throws Exception {
        Path file = tmp.resolve("suite.json");
        Files.writeString(file, spec("results/command"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepApplication.run(new String[] { file.toString(), "--models", models.toString() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                        StandardCharsets.UTF_8), () -> false);
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(SweepApplication.EXIT_SKIPPED, code, stdout + stderr);
        assertTrue(stdout.contains("sweep test-suite: corruption suite sweep-test, 66 samples ((1 clean + 2 "
                + "corruptions x 5 severities) x 3 objects x 2 views) x 2 models"), stdout);
        List<String> table = stdout.lines().filter(l -> l.startsWith("sweep:   ")).toList();
        assertEquals(3, table.size(), "a header and one line per model: " + stdout);
        assertTrue(table.get(0).contains("mCE") && table.get(1).startsWith("sweep:   net-a ") && table.get(1)
                .contains("100.0%") && table.get(2).startsWith("sweep:   net-b "), table.toString());
        List<String> errors = stderr.lines().toList();
        assertEquals(2, errors.size(), stderr);
        assertTrue(errors.get(0).startsWith("sweep: corruption not_loaded (perturbation "
                + "org.perturber.sweep.tests.missingClass, bundle org.perturber.sweep.tests): failed to load"), stderr);
        assertEquals("sweep: 1 of 3 corruptions did not run; their corruption errors read \"missing\" in "
                + "corruption-errors.csv", errors.get(1));
        Path dir = tmp.resolve("results/command");
        for (String name : List.of("samples.csv", "summary.csv", "corruption-errors.csv", "mce.csv",
                "corruptions.txt", "test-suite-error-by-severity.png", "test-suite-corruption-errors.svg")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertEquals(List.of("darken", "darken_extra"), Files.readAllLines(dir.resolve("corruptions.txt")));
        List<CSVRecord> summary = SweepResults.read(dir.resolve("summary.csv"));
        assertEquals(List.of("corruption", "severity", "model", "n", "top1_correct", "true_class_probability"),
                List.copyOf(summary.get(0).getParser().getHeaderNames()));
        assertEquals(2 * 6 * 2, summary.size(), "2 corruptions x severities 0-5 x 2 models");
        // --fresh removes what the sweep wrote, the corruption errors and plots included
        SweepResults.discard(dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aStoppedRunResumesToTheSameBytesAndOtherCorruptionsDoNotResume() throws Exception {
        SweepSpec whole = SweepFixtures.read(models, spec("results/whole"), tmp);
        run(whole, true);
        SweepSpec stopped = SweepFixtures.read(models, spec("results/stopped"), tmp);
        AtomicInteger chunks = new AtomicInteger();
        var summary = SweepFixtures.runner(stopped).run(true, () -> chunks.get() >= 2, new SweepRunner.Listener() {
            @Override
            public void progress(SweepRunner.Progress p) {
                chunks.incrementAndGet(); // once before the first chunk, then after each
            }
        });
        assertEquals(null, summary, "stopped after the first chunk");
        long partial = SweepResults.read(stopped.output().resolve(SweepResults.SAMPLES)).size();
        assertEquals(SweepRunner.CHUNK * 2, partial, "one chunk of 32 samples x 2 models");
        run(stopped, false);
        assertEquals(Files.readString(whole.output().resolve(SweepResults.SAMPLES)), Files.readString(stopped
                .output().resolve(SweepResults.SAMPLES)));
        assertEquals(Files.readString(whole.output().resolve(CorruptionErrors.FILE)), Files.readString(stopped
                .output().resolve(CorruptionErrors.FILE)));
        // the folder as if the run before had fewer corruptions available: not resumed into, --fresh starts again
        Files.writeString(stopped.output().resolve(SweepResults.CORRUPTIONS), "darken\n");
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> run(stopped, false));
        assertTrue(e.getMessage().contains("holds the results of this spec with other corruptions available"), e
                .getMessage());
        run(stopped, true);
        assertEquals(Files.readString(whole.output().resolve(SweepResults.SAMPLES)), Files.readString(stopped
                .output().resolve(SweepResults.SAMPLES)));
    }
}
