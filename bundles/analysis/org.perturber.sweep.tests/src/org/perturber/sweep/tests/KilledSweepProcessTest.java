package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.testing.EquinoxProcess;

/**
 * The headless sweep ({@code releng/perturber sweep}) as a real child process, killed with SIGKILL at 10 random
 * moments spread over its run and started again each time: every resume continues where the file says and makes
 * progress, the file is always a prefix of an unkilled run's, and the finished samples.csv is that run's byte for
 * byte. The moments are seeded places in the run (a chunk, then a part of the time a chunk took in the unkilled
 * run, measured first); the seed is printed, and {@code -Dperturber.killSeed=N} aims at the same places again.
 */
class KilledSweepProcessTest {
    private static final String APPLICATION = "org.perturber.headless.sweep";
    /** C1 only and the serial collector: on 2 busy cores a child starts in half the time (measured). */
    private static final List<String> VM_ARGS = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
    private static final int KILLS = 10;
    private static final int MODELS = 2;
    private static final int ROWS_PER_CHUNK = SweepRunner.CHUNK * MODELS;
    /** 4 objects x 4 views x 50 levels = 800 samples, 25 chunks. */
    private static final int SAMPLES = 800;
    private static final int CHUNKS = SAMPLES / SweepRunner.CHUNK;
    /** The progress line the sweep prints when sampling starts (and every 2 s, and at the end): done/total. */
    private static final Pattern PROGRESS = Pattern.compile("sweep: (\\d+)/(\\d+) samples .*");

    @TempDir
    Path tmp;
    /** The folder of the test's models, named by id in the spec (a spec may name folders only inside its own). */
    private Path models;

    private Path writeSpec(Path models) throws IOException {
        this.models = models;
        Path file = tmp.resolve("spec/killed.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {
                  "name": "killed",
                  "seed": 5,
                  "objects": ["mug", "bowl", "apple", "vase"],
                  "views": 4,
                  "models": ["net-a", "net-b"],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1, "steps": 50}],
                  "metrics": ["top1", "true-class-probability", "top5", "flip"]
                }
                """);
        return file;
    }

    private EquinoxProcess sweep(Path spec, Path output, Path warm) throws IOException {
        return EquinoxProcess.start(tmp.resolve("children"), warm, CHILD_TIMEOUT, VM_ARGS, APPLICATION, spec
                .toString(), "--output", output.toString(), "--models", models.toString());
    }

    /** Samples done when the child started sampling (its first progress line). */
    private static int startedAt(EquinoxProcess child, EquinoxProcess.Line line) {
        Matcher m = PROGRESS.matcher(line.text());
        assertTrue(m.matches(), line.text());
        assertEquals(SAMPLES, Integer.parseInt(m.group(2)), child.output());
        return Integer.parseInt(m.group(1));
    }

    private static EquinoxProcess.Line sampling(EquinoxProcess child) throws InterruptedException {
        return child.awaitLine(l -> PROGRESS.matcher(l).matches());
    }

    /** Whole rows in the file (lines ended by a newline, the header excepted); 0 when there is no file. */
    private static int wholeRows(byte[] csv) {
        int newlines = 0;
        for (byte b : csv) {
            newlines += b == '\n' ? 1 : 0;
        }
        return Math.max(0, newlines - 1);
    }

    /** The index of the n-th newline (n = 1: the end of the header). */
    private static int indexOfNewline(byte[] csv, int n) {
        int seen = 0;
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '\n' && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("fewer than " + n + " lines");
    }

    private static byte[] read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    private static void assertPrefix(byte[] whole, byte[] part, String what) {
        assertTrue(part.length <= whole.length, what + ": " + part.length + " bytes, more than the whole run's "
                + whole.length);
        for (int i = 0; i < part.length; i++) {
            if (part[i] != whole[i]) {
                fail(what + ": differs from the unkilled run's samples.csv at byte " + i + " of " + part.length);
            }
        }
    }

    @Test
    void aSweepKilledTenTimesWithSigkillEndsWithTheCsvOfARunNeverKilled() throws Exception {
        long began = System.nanoTime();
        long seed = Long.getLong("perturber.killSeed", System.currentTimeMillis());
        System.out.println("KilledSweepProcessTest: seed " + seed + " (-Dperturber.killSeed=" + seed
                + " repeats these kill moments)");
        Path spec = writeSpec(SweepFixtures.models(tmp.resolve("models")));

        // a run never killed: the bytes to reach, and when it finished each chunk (watching the file grow)
        Path reference = tmp.resolve("reference");
        Path referenceSamples = reference.resolve(SweepResults.SAMPLES);
        Path warm;
        List<long[]> growth = new ArrayList<>(); // {nanos, bytes}
        long sampling;
        try (EquinoxProcess whole = sweep(spec, reference, null)) {
            EquinoxProcess.Line first = sampling(whole);
            assertEquals(0, startedAt(whole, first));
            sampling = first.nanos();
            while (whole.isAlive()) {
                growth.add(new long[] { System.nanoTime(), Files.exists(referenceSamples) ? Files.size(
                        referenceSamples) : 0 });
                TimeUnit.MILLISECONDS.sleep(2);
            }
            assertEquals(0, whole.awaitExit(), whole.output());
            warm = whole.configuration();
            System.out.printf(Locale.ROOT, "KilledSweepProcessTest: unkilled run: %.1f s to start sampling%n",
                    (first.nanos() - began) / 1e9);
        }
        byte[] expected = Files.readAllBytes(referenceSamples);
        assertEquals(SAMPLES * MODELS, wholeRows(expected), "a row per sample and model");
        // seconds from the start of sampling until chunk c was whole in the file (c = 0: none), and its last byte
        double[] chunkDone = new double[CHUNKS + 1];
        long[] chunkEnd = new long[CHUNKS + 1];
        for (int c = 1; c <= CHUNKS; c++) {
            long end = indexOfNewline(expected, 1 + c * ROWS_PER_CHUNK) + 1;
            chunkEnd[c] = end;
            long when = growth.stream().filter(g -> g[1] >= end).mapToLong(g -> g[0]).findFirst().orElse(growth
                    .get(growth.size() - 1)[0]);
            chunkDone[c] = Math.max(chunkDone[c - 1], (when - sampling) / 1e9);
        }
        double chunkTime = (chunkDone[CHUNKS] - chunkDone[1]) / (CHUNKS - 1); // once started
        System.out.printf(Locale.ROOT, "KilledSweepProcessTest: sampling %d samples x %d models took %.2f s (the "
                + "first chunk %.2f s, with the baselines)%n", SAMPLES, MODELS, chunkDone[CHUNKS], chunkDone[1]);

        // kill moments: one in each of 10 spans of the run (in chunks), at a seeded place in its span
        SplittableRandom random = new SplittableRandom(seed);
        double[] target = new double[KILLS];
        for (int k = 0; k < KILLS; k++) {
            target[k] = CHUNKS * (k + 1 + random.nextDouble(-0.3, 0.3)) / (KILLS + 1);
        }
        Path output = tmp.resolve("killed");
        Path samples = output.resolve(SweepResults.SAMPLES);
        for (int k = 0; k < KILLS; k++) {
            byte[] before = read(samples);
            int keptChunks = wholeRows(before) / ROWS_PER_CHUNK;
            try (EquinoxProcess child = sweep(spec, output, warm)) {
                EquinoxProcess.Line start = sampling(child);
                int done = startedAt(child, start);
                assertEquals(keptChunks * SweepRunner.CHUNK, done, "run " + (k + 1) + " resumes at the first chunk "
                        + "the file lacks");
                // aimed by progress, not by the clock alone (a busy machine starts some children slower than
                // others): once the file holds the target's whole chunks (at least one more than it kept), a seeded
                // part of a chunk's time later, so the kill lands inside the chunk the child is working on. A run
                // that never gets there fails at its deadline.
                int wholeChunks = Math.min(CHUNKS, Math.max(keptChunks + 1, (int) Math.floor(target[k])));
                double within = target[k] - Math.floor(target[k]);
                while (!Files.exists(samples) || Files.size(samples) < chunkEnd[wholeChunks]) {
                    assertTrue(child.isAlive(), "run " + (k + 1) + " ended before it was killed; its output:\n"
                            + child.output());
                    assertTrue(System.nanoTime() - start.nanos() < CHILD_TIMEOUT.toNanos(), "run " + (k + 1)
                            + " did not get from chunk " + keptChunks + " to " + wholeChunks);
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                TimeUnit.NANOSECONDS.sleep((long) (within * chunkTime * 1e9));
                assertTrue(child.isAlive(), "run " + (k + 1) + " ended before it was killed");
                double delay = (System.nanoTime() - start.nanos()) / 1e9;
                assertEquals(EquinoxProcess.KILLED, child.kill(), "run " + (k + 1) + " ended by SIGKILL");
                byte[] after = read(samples);
                assertPrefix(expected, after, "after kill " + (k + 1));
                int chunks = wholeRows(after) / ROWS_PER_CHUNK;
                System.out.printf(Locale.ROOT, "KilledSweepProcessTest: run %d resumed at chunk %d, killed %.2f s "
                        + "into sampling (aimed at chunk %.2f): %d whole chunks, %d whole rows, %d bytes%n", k + 1,
                        keptChunks, delay, target[k], chunks, wholeRows(after), after.length);
                assertTrue(chunks > keptChunks || keptChunks == CHUNKS, "run " + (k + 1) + " made progress: "
                        + keptChunks + " chunks before it, " + chunks + " after");
            }
        }

        // the last run, not killed, finishes the sweep
        byte[] before = read(samples);
        try (EquinoxProcess child = sweep(spec, output, warm)) {
            assertEquals(wholeRows(before) / ROWS_PER_CHUNK * SweepRunner.CHUNK, startedAt(child, sampling(child)),
                    "the last run resumes too");
            assertEquals(0, child.awaitExit(), child.output());
        }
        byte[] finished = Files.readAllBytes(samples);
        assertArrayEquals(expected, finished, "samples.csv of the killed and resumed sweep");
        assertArrayEquals(Files.readAllBytes(reference.resolve(Summary.FILE)), Files.readAllBytes(output.resolve(
                Summary.FILE)), "summary.csv");
        // the same, said row by row: no row torn (every one has every column) and none twice
        List<CSVRecord> rows = SweepResults.read(samples);
        assertEquals(SAMPLES * MODELS, rows.size());
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : rows) {
            assertTrue(r.isConsistent(), "a whole row: " + r);
            assertTrue(seen.add(r.get("sample") + "|" + r.get("model")), "once: " + r);
        }
        System.out.printf(Locale.ROOT, "KilledSweepProcessTest: %d kills and resumes, %.1f s in all%n", KILLS,
                (System.nanoTime() - began) / 1e9);
    }
}
