package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.perturber.testing.EquinoxProcess;

/**
 * A flip-search sweep run headless ({@code releng/perturber sweep}) as a real child process, killed with SIGKILL
 * three times inside a chunk (an object and view being searched) and started again each time: each run resumes at
 * the first object and view the file lacks, the file is always a prefix of an unkilled run's, and the finished
 * samples.csv and summary.csv are that run's byte for byte. The seed of the kill moments is printed;
 * {@code -Dperturber.killSeed=N} aims at the same places again.
 */
class KilledFlipSweepProcessTest {
    private static final String APPLICATION = "org.perturber.headless.sweep";
    private static final List<String> VM_ARGS = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(180);
    private static final int KILLS = 3;
    /** 4 objects x 4 views: 16 chunks of 2 models x 2 parameters x 2 directions rows. */
    private static final int CHUNKS = 16;
    private static final int ROWS_PER_CHUNK = 8;
    private static final Pattern PROGRESS = Pattern.compile("sweep: (\\d+)/(\\d+) samples .*");

    @TempDir
    Path tmp;
    private Path models;

    private Path writeSpec() throws IOException {
        models = SweepFixtures.models(tmp.resolve("models"));
        Path file = tmp.resolve("spec/killed-flips.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {
                  "name": "killed-flips",
                  "seed": 5,
                  "objects": ["mug", "bowl", "apple", "vase"],
                  "views": 4,
                  "models": ["net-a", "net-b"],
                  "vary": [
                    {"perturbation": "camera.cameraPerturbation", "parameter": "elevation", "from": -40, "to": 60},
                    {"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1}
                  ],
                  "design": {"type": "flip-search", "scanPoints": 48, "tolerance": 0.0005}
                }
                """);
        return file;
    }

    private EquinoxProcess sweep(Path spec, Path output, Path warm) throws IOException {
        return EquinoxProcess.start(tmp.resolve("children"), warm, CHILD_TIMEOUT, VM_ARGS, APPLICATION, spec
                .toString(), "--output", output.toString(), "--models", models.toString());
    }

    private static int startedAt(EquinoxProcess child) throws InterruptedException {
        EquinoxProcess.Line line = child.awaitLine(l -> PROGRESS.matcher(l).matches());
        Matcher m = PROGRESS.matcher(line.text());
        assertTrue(m.matches(), line.text());
        assertEquals(CHUNKS, Integer.parseInt(m.group(2)), child.output());
        return Integer.parseInt(m.group(1));
    }

    private static int wholeRows(byte[] csv) {
        int newlines = 0;
        for (byte b : csv) {
            newlines += b == '\n' ? 1 : 0;
        }
        return Math.max(0, newlines - 1);
    }

    private static byte[] read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    @Test
    void aFlipSearchSweepKilledThreeTimesEndsWithTheCsvOfARunNeverKilled() throws Exception {
        long seed = Long.getLong("perturber.killSeed", System.currentTimeMillis());
        System.out.println("KilledFlipSweepProcessTest: seed " + seed + " (-Dperturber.killSeed=" + seed
                + " repeats these kill moments)");
        Path spec = writeSpec();
        Path reference = tmp.resolve("reference");
        Path warm;
        double chunkSeconds;
        try (EquinoxProcess whole = sweep(spec, reference, null)) {
            assertEquals(0, startedAt(whole));
            long began = System.nanoTime();
            assertEquals(0, whole.awaitExit(), whole.output());
            chunkSeconds = (System.nanoTime() - began) / 1e9 / CHUNKS;
            warm = whole.configuration();
            assertTrue(whole.output().contains("flip search, 16 samples (4 objects x 4 views) x 2 models x 2 "
                    + "parameters x 2 directions = 128 rows"), whole.output());
        }
        byte[] expected = Files.readAllBytes(reference.resolve(SweepResults.SAMPLES));
        assertEquals(CHUNKS * ROWS_PER_CHUNK, wholeRows(expected));
        System.out.printf(Locale.ROOT, "KilledFlipSweepProcessTest: %.2f s per object and view%n", chunkSeconds);

        SplittableRandom random = new SplittableRandom(seed);
        Path output = tmp.resolve("killed");
        Path samples = output.resolve(SweepResults.SAMPLES);
        for (int k = 0; k < KILLS; k++) {
            int kept = wholeRows(read(samples)) / ROWS_PER_CHUNK;
            try (EquinoxProcess child = sweep(spec, output, warm)) {
                assertEquals(kept, startedAt(child), "run " + (k + 1) + " resumes at the first object and view the "
                        + "file lacks");
                // once the file holds one or two more whole chunks, a seeded part of a chunk's time later
                int target = Math.min(CHUNKS - 1, kept + 1 + random.nextInt(2));
                long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
                while (wholeRows(read(samples)) < target * ROWS_PER_CHUNK) {
                    assertTrue(child.isAlive(), "run " + (k + 1) + " ended before it was killed:\n" + child.output());
                    assertTrue(System.nanoTime() < deadline, "run " + (k + 1) + " did not reach chunk " + target);
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                TimeUnit.NANOSECONDS.sleep((long) (random.nextDouble(0.1, 0.9) * chunkSeconds * 1e9));
                assertTrue(child.isAlive(), "run " + (k + 1) + " ended before it was killed");
                assertEquals(EquinoxProcess.KILLED, child.kill(), "run " + (k + 1) + " ended by SIGKILL");
                byte[] after = read(samples);
                for (int i = 0; i < after.length; i++) {
                    if (i >= expected.length || after[i] != expected[i]) {
                        fail("after kill " + (k + 1) + ": differs from the unkilled run's samples.csv at byte " + i);
                    }
                }
                System.out.printf(Locale.ROOT, "KilledFlipSweepProcessTest: run %d resumed at chunk %d, killed with "
                        + "%d whole rows, %d bytes%n", k + 1, kept, wholeRows(after), after.length);
                assertTrue(wholeRows(after) / ROWS_PER_CHUNK > kept, "run " + (k + 1) + " made progress");
            }
        }
        try (EquinoxProcess child = sweep(spec, output, warm)) {
            assertEquals(wholeRows(read(samples)) / ROWS_PER_CHUNK, startedAt(child), "the last run resumes too");
            assertEquals(0, child.awaitExit(), child.output());
        }
        assertArrayEquals(expected, Files.readAllBytes(samples), "samples.csv of the killed and resumed sweep");
        assertArrayEquals(Files.readAllBytes(reference.resolve(Summary.FILE)), Files.readAllBytes(output.resolve(
                Summary.FILE)), "summary.csv");
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : SweepResults.read(samples)) {
            assertTrue(r.isConsistent(), "a whole row: " + r);
            assertTrue(seen.add(r.get("sample") + "|" + r.get("model") + "|" + r.get("parameter") + "|" + r.get(
                    "direction")), "once: " + r);
        }
        assertEquals(CHUNKS * ROWS_PER_CHUNK, seen.size());
    }
}
