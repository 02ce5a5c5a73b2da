package org.perturber.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code releng/perturber bench spark}, shortened, as a real process: its BENCH lines are there and well formed. */
class SparkBenchmarkTest {
    private static final Pattern BENCH = Pattern.compile("BENCH (\\S+) median_ms=(\\d+\\.\\d{3}) p95_ms=(\\d+\\.\\d{3})"
            + "( floor_ms=(\\d+\\.\\d{3}) ratio=(\\d+\\.\\d{2}))? n=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void benchSparkPrintsEachFigureAsAWellFormedBenchLine() throws Exception {
        Perturber.Result r = Perturber.run(dir.resolve("bench"), 4, "bench", "spark", "--runs", "1", "--views", "1",
                "--tasks", "8");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("BENCH ")).toList();
        assertEquals(List.of("spark_bench_empty_task_slot_ms", "spark_bench_camera_local_runner_per_sample",
                "spark_bench_camera_spark_per_sample", "spark_bench_camera_task_overhead",
                "spark_bench_image_local_runner_per_sample", "spark_bench_image_spark_per_sample",
                "spark_bench_image_task_overhead"), lines.stream().map(l -> l.split(" ")[1]).toList(), r.out());
        for (String line : lines) {
            Matcher m = BENCH.matcher(line);
            assertTrue(m.matches(), line);
            double median = Double.parseDouble(m.group(2));
            assertTrue(median <= Double.parseDouble(m.group(3)), line);
            assertTrue(median > 0 || line.contains("_task_overhead"), line);
            // a Spark sweep's floor is the local runner's median on the same spec, a task's overhead's is an empty
            // task's; the others have none
            assertEquals(line.contains("_spark_per_sample") || line.contains("_task_overhead"), m.group(4) != null,
                    line);
            if (m.group(4) != null) {
                double ratio = median / Double.parseDouble(m.group(5));
                assertEquals(ratio, Double.parseDouble(m.group(6)), 0.006, line);
            }
            assertEquals(line.contains("empty_task") ? 5 : 1, Integer.parseInt(m.group(7)), line);
        }
        // the camera line's floor is the local camera line's median; the overhead's, the empty task's
        assertEquals(value(lines.get(1), "median_ms"), value(lines.get(2), "floor_ms"), r.out());
        assertEquals(value(lines.get(0), "median_ms"), value(lines.get(3), "floor_ms"), r.out());
        assertTrue(r.out().contains("samples/s = "), r.out());
    }

    private static String value(String line, String key) {
        Matcher m = Pattern.compile(" " + key + "=(\\S+)").matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }

    @Test
    void badArgumentsAreToldOneLineEach() throws Exception {
        Perturber.Result r = Perturber.run(dir.resolve("bad"), 2, "bench", "spark", "--runs", "0", "--speed", "9");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bench spark: --runs 0: a whole number, at least 1"), r.err());
        assertTrue(r.err().contains("bench spark: unknown argument --speed"), r.err());
    }
}
