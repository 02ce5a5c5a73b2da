package org.perturber.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed half way (SIGKILL to the whole process tree, as a machine going down) resumes from the chunks
 * already written, on the other runner: Spark's rows continued locally and the local runner's on Spark end as the
 * same files as one uninterrupted local run.
 */
class ResumeAcrossRunnersTest {
    /** 12 objects x 4 views x 8 levels = 384 samples: 12 chunks, long enough to be killed in the middle. */
    private static final String SPEC = """
            {
              "name": "resume",
              "seed": 3,
              "objects": ["all"],
              "views": 4,
              "models": ["standard", "vgg-standard"],
              "vary": [{"perturbation": "image.gaussianBlur", "parameter": "severity", "values": [0, 1, 1.5, 2, 2.5, 3, 4, 5]}],
              "design": "grid",
              "metrics": ["top1", "true-class-probability"],
              "output": "results/resume"
            }
            """;
    private static final int ROWS = 384 * 2;
    private static final int CHUNK_ROWS = 32 * 2;

    @TempDir
    static Path dir;
    private static Path spec;
    private static Path uninterrupted;

    @BeforeAll
    static void oneLocalRun() throws Exception {
        spec = SweepSpecs.write(dir, "resume.json", SPEC);
        uninterrupted = dir.resolve("uninterrupted");
        Perturber.Result r = Perturber.run(dir.resolve("uninterrupted-log"), 10, "sweep", spec.toString(), "--output",
                uninterrupted.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(ROWS, Perturber.rows(uninterrupted.resolve("samples.csv")));
    }

    /** Starts the command and kills its process tree once samples.csv holds a chunk or more, but not all. */
    private static long killAfterTheFirstChunk(Path output, String... args) throws Exception {
        Process p = Perturber.start(output.resolveSibling(output.getFileName() + "-killed"), Map.of(), args);
        Path samples = output.resolve("samples.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(samples) && Perturber.rows(samples) >= CHUNK_ROWS) {
                break;
            }
            Thread.sleep(50);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        long rows = Perturber.rows(samples);
        // the premise: killed in the middle (a run that finished, or never wrote a chunk, proves nothing)
        assertTrue(rows >= CHUNK_ROWS && rows < ROWS, "killed with " + rows + " of " + ROWS + " rows written");
        return rows;
    }

    @Test
    void aSparkRunKilledHalfWayResumesLocally() throws Exception {
        Path out = dir.resolve("spark-then-local");
        long written = killAfterTheFirstChunk(out, "sweep", "--spark", "local[2]", spec.toString(), "--output", out
                .toString());
        Perturber.Result r = Perturber.run(dir.resolve("spark-then-local-resumed"), 10, "sweep", spec.toString(),
                "--output", out.toString());
        assertEquals(0, r.exit(), r.toString());
        int resumedAt = (int) (written / CHUNK_ROWS) * 32;
        assertTrue(r.out().contains("sweep: " + resumedAt + "/384 samples"), "resumed at the first unfinished chunk ("
                + written + " rows were written): " + r.out());
        LocalSparkSweepTest.assertSameFiles(uninterrupted, out);
    }

    @Test
    void aLocalRunKilledHalfWayResumesOnSpark() throws Exception {
        Path out = dir.resolve("local-then-spark");
        long written = killAfterTheFirstChunk(out, "sweep", spec.toString(), "--output", out.toString());
        Perturber.Result r = Perturber.run(dir.resolve("local-then-spark-resumed"), 10, "sweep", "--spark", "local[2]",
                spec.toString(), "--output", out.toString());
        assertEquals(0, r.exit(), r.toString());
        long chunksLeft = 12 - written / CHUNK_ROWS;
        assertTrue(r.out().contains("sweep: " + chunksLeft + " chunks to run as Spark tasks"), "only the chunks not "
                + "written (" + written + " rows were): " + r.out());
        LocalSparkSweepTest.assertSameFiles(uninterrupted, out);
    }
}
