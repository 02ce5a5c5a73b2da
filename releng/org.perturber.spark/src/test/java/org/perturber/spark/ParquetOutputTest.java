package org.perturber.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --format parquet: samples.parquet and summary.parquet hold the CSV's rows and columns, numbers as numbers. */
class ParquetOutputTest {
    @Test
    void parquetHoldsTheSameRowsAsTheCsv(@TempDir Path dir) throws Exception {
        Path spec = SweepSpecs.imageSweep(dir);
        Path out = dir.resolve("out");
        Perturber.Result r = Perturber.run(dir.resolve("log"), 10, "sweep", "--spark", "local[2]", "--format",
                "parquet", spec.toString(), "--output", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("samples.parquet"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("samples.csv"));
        SparkSession spark = SparkSession.builder().master("local[1]").appName("parquet-check").config(
                "spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> samples = spark.read().parquet(out.resolve("samples.parquet").toString());
            assertEquals(Arrays.asList(csv.get(0).split(",")), Arrays.asList(samples.columns()));
            assertEquals(csv.size() - 1, samples.count());
            // numbers stay numbers: the top-1 column sums to the CSV's count of correct rows
            int top1 = Arrays.asList(csv.get(0).split(",")).indexOf("top1_correct");
            long correct = csv.stream().skip(1).filter(l -> l.split(",", -1)[top1].equals("1")).count();
            assertEquals(correct, samples.filter("top1_correct = 1").count());
            assertTrue(correct > 0 && correct < csv.size() - 1, "some right, some wrong: " + correct);
            Dataset<Row> summary = spark.read().parquet(out.resolve("summary.parquet").toString());
            assertEquals(Files.readAllLines(out.resolve("summary.csv")).size() - 1, summary.count());
        } finally {
            spark.stop();
        }
    }
}
