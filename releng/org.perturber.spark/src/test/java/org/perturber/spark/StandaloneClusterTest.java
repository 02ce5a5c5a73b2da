package org.perturber.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on a real Spark standalone cluster started on 127.0.0.1 (a master and two workers, one core each, from the
 * Spark jars on Maven Central; {@link SparkCluster}), each driver a real {@code releng/perturber sweep --spark}
 * process: the results folder equals the local runner's byte for byte, with the inputs shipped by Spark to executors
 * that cannot read the driver's copy, and when a worker dies with its executor half way through.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    /** The driver and the executors it reaches: on the loopback, as the cluster is. */
    private static final Map<String, String> LOOPBACK = Map.of("SPARK_LOCAL_IP", "127.0.0.1");
    private static final int MINUTES = 6;
    /** An executor's INFO lines about a task (index.attempt) of the sweep's one stage. */
    private static final Pattern TASK = Pattern.compile("(Running|Finished) task (\\d+\\.\\d+) in stage");

    @TempDir
    static Path dir;
    /** The class's cluster (its last test kills a worker). */
    private static SparkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SparkCluster.start(dir.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anImageSweepOnTheClusterWritesTheLocalRunnersFiles() throws Exception {
        Path spec = SweepSpecs.imageSweep(dir.resolve("image"));
        Path local = localRun(spec);
        Path out = dir.resolve("cluster-image");
        Perturber.Result r = finish(sweepOnCluster(cluster, spec, out), out);
        assertEquals(0, r.exit(), r.toString());
        // shipped: the default for a cluster
        assertTrue(r.out().contains("3 chunks to run as Spark tasks on " + cluster.master() + " (shipped inputs)"), r
                .out());
        assertTrue(r.out().contains("72/72 samples (100%)") && r.out().contains("3/3 chunks"), r.out());
        // each worker's executor took tasks: an executor's first task starts Perturber in its JVM (tens of seconds
        // on this busy machine), while the other executor registers within seconds
        assertTrue(r.out().contains("sweep: 3 tasks ran in 2 executor JVMs: Perturber started once in each"), r
                .out());
        LocalSparkSweepTest.assertSameFiles(local, out);
    }

    @Test
    void aSpecsOwnMeshAndModelReachTheExecutorsThroughSpark() throws Exception {
        Path specDir = dir.resolve("own");
        Path spec = SweepSpecs.ownFilesSweep(specDir);
        Path local = localRun(spec);
        Path out = dir.resolve("cluster-own");
        Process driver = sweepOnCluster(cluster, spec, out, "--inputs", "ship");
        // once the driver has read and checked everything and packed its inputs, its copy goes away: executors
        // (which start their first task later) find the spec, the mesh and the model only in what Spark shipped
        String submitted = "2 chunks to run as Spark tasks on " + cluster.master() + " (shipped inputs)";
        await(driver, out, () -> Perturber.read(log(out), ".out").contains(submitted), "the tasks' submission");
        Path hidden = Files.move(specDir, dir.resolve("own-out-of-sight"));
        Perturber.Result r = finish(driver, out);
        assertEquals(0, r.exit(), r.toString());
        assertFalse(Files.exists(specDir));
        LocalSparkSweepTest.assertSameFiles(local, out);

        // the copy the executors read: the archive Spark unpacked in an executor's working folder, file for file
        List<Path> copies = unpackedInputs();
        assertFalse(copies.isEmpty(), "no executor of either worker unpacked perturber-inputs");
        for (Path copy : copies) {
            for (String name : List.of("own-files.json", "meshes/cube.obj", "meshes/cube.mtl", "meshes/halves.png",
                    "my-model/model.json", "my-model/standard-0000.params", "my-model/labels.txt")) {
                assertArrayEquals(Files.readAllBytes(hidden.resolve(name)), Files.readAllBytes(copy.resolve(name)),
                        name + " in " + copy);
            }
            // the built-in model stays the installation's: never shipped
            assertFalse(Files.exists(copy.resolve("adversarial")), copy.toString());
        }
    }

    @Test
    void executorsThatCannotReadSharedInputsFailTheSweepWithOneLine() throws Exception {
        // --inputs shared on a cluster whose executors do not see the driver's files: the spec's folder goes away
        // once the driver has checked it, as if it lay on the driver's disk alone
        Path specDir = dir.resolve("unshared");
        Path spec = SweepSpecs.imageSweep(specDir);
        Path out = dir.resolve("cluster-unshared");
        Process driver = sweepOnCluster(cluster, spec, out, "--inputs", "shared");
        String submitted = "3 chunks to run as Spark tasks on " + cluster.master() + " (shared inputs)";
        await(driver, out, () -> Perturber.read(log(out), ".out").contains(submitted), "the tasks' submission");
        Files.move(specDir, dir.resolve("unshared-out-of-sight"));
        Perturber.Result r = finish(driver, out);
        assertEquals(3, r.exit(), r.toString());
        // Spark's retries spent: one line of the sweep's own saying why, then the local command's stopped line
        List<String> failed = r.err().lines().filter(l -> l.startsWith("sweep: failed")).toList();
        assertEquals(1, failed.size(), r.toString());
        assertTrue(failed.get(0).startsWith("sweep: failed on Spark: Job aborted") && failed.get(0).contains(spec
                + ": no such file"), failed.get(0));
        assertTrue(r.out().contains("sweep: stopped; run the same command again to resume"), r.out());
        assertFalse(Files.exists(out.resolve("summary.csv")));
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it takes a worker away
    void aWorkerKilledMidSweepLeavesTheSameFiles() throws Exception {
        Path spec = SweepSpecs.longCameraSweep(dir.resolve("long"));
        Path local = localRun(spec);
        Path out = dir.resolve("cluster-long");
        Process driver = sweepOnCluster(cluster, spec, out);
        Path samples = out.resolve("samples.csv");
        await(driver, out, () -> rows(samples) > 0, "the first chunk's rows in samples.csv");
        // the victim: a worker whose executor runs one of the sweep's tasks at this moment (both do, but for the
        // instant between two tasks)
        int[] victim = { -1 };
        await(driver, out, () -> {
            for (int w = 0; w < 2 && victim[0] < 0; w++) {
                victim[0] = unfinishedTasks(cluster.executorLog(w)).isEmpty() ? -1 : w;
            }
            return victim[0] >= 0;
        }, "a task running on a worker");
        List<ProcessHandle> executors = cluster.executors(victim[0]);
        assertFalse(executors.isEmpty(), "worker " + victim[0] + " runs no executor");
        cluster.killWorker(victim[0]);
        assertFalse(cluster.worker(victim[0]).isAlive());
        assertTrue(executors.stream().noneMatch(ProcessHandle::isAlive), "the executor outlived its worker");

        Perturber.Result r = finish(driver, out);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("Lost executor"), r.toString());
        assertTrue(r.out().contains("240/240 samples (100%)") && r.out().contains("8/8 chunks"), r.out());
        assertEquals(480, Perturber.rows(samples));
        LocalSparkSweepTest.assertSameFiles(local, out);
        // what the killed executor had started and not finished, the other worker's executor ran again (the
        // task's attempt 1) to its end
        Set<String> lost = unfinishedTasks(cluster.executorLog(victim[0]));
        String survivor = cluster.executorLog(1 - victim[0]);
        assertFalse(lost.isEmpty(), cluster.executorLog(victim[0]));
        for (String task : lost) {
            String retry = task.replaceFirst("\\.0$", ".1");
            assertTrue(survivor.contains("Finished task " + retry + " in stage"), task + " was not run again:\n"
                    + survivor);
        }
    }

    /**
     * Tasks an executor's log shows it started ({@code Running task 3.0 in stage 0.0}: task 3, attempt 0) and did
     * not finish.
     */
    private static Set<String> unfinishedTasks(String executorLog) {
        Set<String> running = new TreeSet<>();
        Matcher m = TASK.matcher(executorLog);
        while (m.find()) {
            if (m.group(1).equals("Running")) {
                running.add(m.group(2));
            } else {
                running.remove(m.group(2));
            }
        }
        return running;
    }

    /** {@code releng/perturber sweep SPEC} into a folder beside the spec's: the files to compare with. */
    private static Path localRun(Path spec) throws Exception {
        Path output = dir.resolve("local-" + spec.getFileName().toString().replace(".json", ""));
        Perturber.Result r = Perturber.run(output.resolveSibling(output.getFileName() + "-log"), MINUTES, "sweep",
                spec.toString(), "--output", output.toString());
        assertEquals(0, r.exit(), r.toString());
        return output;
    }

    /** Starts {@code releng/perturber sweep --spark MASTER SPEC --output OUT [more]}, its output in OUT-log.*. */
    private static Process sweepOnCluster(SparkCluster on, Path spec, Path output, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("sweep", "--spark", on.master(), spec.toString(), "--output",
                output.toString()));
        args.addAll(List.of(more));
        return Perturber.start(log(output), LOOPBACK, args.toArray(String[]::new));
    }

    private static Path log(Path output) {
        return output.resolveSibling(output.getFileName() + "-log");
    }

    /** The driver's end (at most {@value #MINUTES} minutes): its exit code and what it printed. */
    private static Perturber.Result finish(Process driver, Path output) throws IOException, InterruptedException {
        if (!driver.waitFor(MINUTES, TimeUnit.MINUTES)) {
            kill(driver);
            throw new AssertionError("the driver ran past " + MINUTES + " min:\n" + Perturber.read(log(output), ".out")
                    + Perturber.read(log(output), ".err"));
        }
        return new Perturber.Result(driver.exitValue(), Perturber.read(log(output), ".out"), Perturber.read(log(
                output), ".err"));
    }

    /** Waits until {@code condition} holds while the driver runs; fails (killing it) when it ends first. */
    private static void await(Process driver, Path output, IoCondition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
        while (!condition.holds()) {
            if (!driver.isAlive() || System.nanoTime() > deadline) {
                kill(driver);
                throw new AssertionError("no " + what + " while the driver ran (exit " + (driver.isAlive() ? "none"
                        : driver.exitValue()) + "):\n" + Perturber.read(log(output), ".out") + Perturber.read(log(
                                output), ".err"));
            }
            Thread.sleep(100);
        }
    }

    /** A condition read from files. */
    @FunctionalInterface
    private interface IoCondition {
        boolean holds() throws IOException;
    }

    private static void kill(Process driver) {
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
    }

    /** Rows in a samples.csv being written: 0 while it is missing. */
    private static long rows(Path csv) throws IOException {
        return Files.exists(csv) ? Perturber.rows(csv) : 0;
    }

    /** The inputs' copies Spark unpacked on this class's cluster: WORK/app-*\/EXECUTOR/perturber-inputs. */
    private static List<Path> unpackedInputs() throws IOException {
        List<Path> found = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            try (Stream<Path> s = Files.find(cluster.workDir(w), 3, (p, a) -> a.isDirectory() && p.getFileName()
                    .toString().equals(ChunkTask.ARCHIVE) && Files.exists(p.resolve("own-files.json")))) {
                found.addAll(s.toList());
            }
        }
        return found;
    }
}
