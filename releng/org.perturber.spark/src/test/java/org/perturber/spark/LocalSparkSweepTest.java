package org.perturber.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same specs on Spark local[2] and on the local runner, each a real {@code releng/perturber} process: the
 * results folders are equal file by file, byte for byte (samples.csv, summary.csv, the plots).
 */
class LocalSparkSweepTest {
    @TempDir
    static Path dir;
    private static Path image;
    private static Path camera;
    private static Path suite;
    private static Path flip;

    @BeforeAll
    static void localRuns() throws Exception {
        image = SweepSpecs.imageSweep(dir);
        camera = SweepSpecs.cameraSweep(dir);
        suite = SweepSpecs.suiteSweep(dir);
        flip = SweepSpecs.flipSweep(dir);
        for (Path spec : new Path[] { image, camera, suite, flip }) {
            Perturber.Result local = Perturber.run(dir.resolve("local-" + spec.getFileName()), 10, "sweep",
                    spec.toString(), "--output", local(spec).toString());
            assertEquals(0, local.exit(), local.toString());
        }
    }

    private static Path local(Path spec) {
        return dir.resolve("local").resolve(spec.getFileName().toString().replace(".json", ""));
    }

    private Perturber.Result spark(Path spec, Path output, String... more) throws Exception {
        String[] args = new String[] { "sweep", "--spark", "local[2]", spec.toString(), "--output", output.toString() };
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        return Perturber.run(output.resolveSibling(output.getFileName() + "-log"), 10, all);
    }

    /** Every file of the local run's folder is in the Spark run's, with the same bytes, and no other. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        assertEquals(Perturber.files(expected), Perturber.files(actual));
        assertTrue(Perturber.files(expected).contains("samples.csv"));
        for (String name : Perturber.files(expected)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
                    name + " differs between " + expected + " and " + actual);
        }
    }

    @Test
    void anImageSweepOnLocalSparkWritesTheLocalRunnersFiles() throws Exception {
        Path out = dir.resolve("spark-image");
        Perturber.Result r = spark(image, out);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("3 chunks to run as Spark tasks on local[2]"), r.out());
        assertTrue(r.out().contains("72/72 samples (100%)") && r.out().contains("3/3 chunks"), r.out());
        assertEquals(144, Perturber.rows(out.resolve("samples.csv")));
        // one JVM (local mode): Perturber started once; at most one runner per concurrent task, reused after
        assertTrue(r.out().contains("sweep: 3 tasks ran in 1 executor JVM: Perturber started once in each; "), r
                .out());
        assertTrue(r.out().matches("(?s).*; [12] sweep runners? opened \\(models and meshes loaded with them\\), "
                + "reused by the other [12] tasks?.*"), r.out());
        assertSameFiles(local(image), out);
    }

    @Test
    void aCameraSweepOnLocalSparkWritesTheLocalRunnersFiles() throws Exception {
        Path out = dir.resolve("spark-camera");
        Perturber.Result r = spark(camera, out);
        assertEquals(0, r.exit(), r.toString());
        assertSameFiles(local(camera), out);
    }

    @Test
    void aCorruptionSuiteOnLocalSparkWritesTheLocalRunnersFiles() throws Exception {
        // with its corruption errors, mCE table and corruptions.txt
        Path out = dir.resolve("spark-suite");
        Perturber.Result r = spark(suite, out);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Perturber.files(out).contains("mce.csv"), Perturber.files(out).toString());
        assertSameFiles(local(suite), out);
    }

    @Test
    void aFlipSearchOnLocalSparkWritesTheLocalRunnersFiles() throws Exception {
        // a chunk is one object and view, searched for every model and parameter
        Path out = dir.resolve("spark-flip");
        Perturber.Result r = spark(flip, out);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("4 chunks to run as Spark tasks"), r.out());
        assertSameFiles(local(flip), out);
    }

    @Test
    void aSpecNamingAMissingModelIsRefusedBeforeSparkStarts() throws Exception {
        Path spec = SweepSpecs.write(dir.resolve("bad"), "bad.json", Files.readString(image).replace("\"adversarial\"",
                "\"no-such-model\""));
        Perturber.Result local = Perturber.run(dir.resolve("bad-local"), 5, "sweep", spec.toString());
        Perturber.Result onSpark = Perturber.run(dir.resolve("bad-spark"), 5, "sweep", "--spark", "local[2]", spec
                .toString());
        assertEquals(2, local.exit(), local.toString());
        assertEquals(2, onSpark.exit(), onSpark.toString());
        assertTrue(local.err().contains("no-such-model"), local.toString());
        // the same lines as the local command, and no Spark task (nor Spark itself) started
        assertEquals(local.err().lines().filter(l -> l.startsWith("sweep:")).toList(), onSpark.err().lines().filter(
                l -> l.startsWith("sweep:")).toList());
        assertFalse(onSpark.out().contains("Spark tasks"), onSpark.out());
        assertFalse(Files.exists(dir.resolve("bad/results/noise/samples.csv")));
    }

    @Test
    void badClusterOptionsAreToldOneLineEach() throws Exception {
        Perturber.Result r = Perturber.run(dir.resolve("bad-options"), 5, "sweep", "--spark", "local[2]", "--format",
                "xlsx", "--inputs", "nowhere", image.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("sweep: --format xlsx: csv or parquet"), r.err());
        assertTrue(r.err().contains("sweep: --inputs nowhere: ship or shared"), r.err());
    }

    @Test
    void inputsShippedBySparkGiveTheSameRows() throws Exception {
        // the spec, its folder's files, through SparkContext.addArchive, read by the executor from its unpacked copy
        Path out = dir.resolve("spark-image-shipped");
        Perturber.Result r = spark(image, out, "--inputs", "ship");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("(shipped inputs)"), r.out());
        assertSameFiles(local(image), out);
    }
}
