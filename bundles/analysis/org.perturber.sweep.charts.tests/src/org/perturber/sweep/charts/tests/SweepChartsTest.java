package org.perturber.sweep.charts.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.Metric;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.charts.SweepCharts;

class SweepChartsTest {
    private static Summary.Table table(boolean numeric) {
        Map<String, double[]> means = new LinkedHashMap<>();
        means.put("standard", new double[] { 1.0, 0.8, 0.2 });
        means.put("adversarial", new double[] { 0.9, 0.85, Double.NaN });
        Map<String, int[]> counts = new LinkedHashMap<>();
        counts.put("standard", new int[] { 4, 4, 4 });
        counts.put("adversarial", new int[] { 4, 4, 0 });
        return new Summary.Table("camera.elevation", Metric.of(Metric.Kind.TOP1), List.of("-20", "0", "20"),
                new double[] { -20, 0, 20 }, numeric, means, counts);
    }

    @Test
    void theSameSummaryWritesTheSamePlotBytesTwice(@TempDir Path dir) throws Exception {
        // a distributed sweep's plots must equal a local run's: nothing in them may depend on the clock
        Summary summary = new Summary(List.of(table(true), table(false)));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        SweepCharts.write(summary, dir.resolve("a"), "elevation");
        Thread.sleep(5);
        SweepCharts.write(summary, dir.resolve("b"), "elevation");
        List<String> names = Files.readAllLines(dir.resolve("a").resolve(SweepResults.PLOTS));
        assertEquals(2, names.size(), names.toString()); // the numeric table: a PNG and an SVG
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(name)), Files.readAllBytes(dir.resolve("b")
                    .resolve(name)), name);
        }
        String svg = Files.readString(dir.resolve("a").resolve("elevation-camera-elevation-top1-correct.svg"));
        assertTrue(svg.contains("id='_elevation-camera-elevation-top1-correct-clip-0'"), svg.substring(0, 400));
    }

    @Test
    void everyTableBecomesAPngAndAnSvgWithOneLinePerModel(@TempDir Path dir) throws Exception {
        List<Path> pngs = SweepCharts.write(new Summary(List.of(table(true), table(false))), dir, "elevation");
        assertEquals(2, pngs.size());
        BufferedImage png = ImageIO.read(pngs.get(0).toFile());
        assertEquals(SweepCharts.WIDTH, png.getWidth());
        assertEquals(SweepCharts.HEIGHT, png.getHeight());
        // both series are drawn in their colours (blue, red)
        assertTrue(count(png, 31, 119, 180) > 100, "blue line");
        assertTrue(count(png, 214, 39, 40) > 100, "red line");
        String svg = Files.readString(dir.resolve("elevation-camera-elevation-top1-correct.svg"));
        assertTrue(svg.startsWith("<?xml") || svg.contains("<svg"), svg.substring(0, 80));
        assertTrue(svg.contains("adversarial") && svg.contains("top-1 accuracy"), "legend and axis label");
    }

    private static int count(BufferedImage image, int r, int g, int b) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - r) < 12 && Math.abs(((p >> 8) & 255) - g) < 12 && Math.abs((p & 255)
                        - b) < 12) {
                    n++;
                }
            }
        }
        return n;
    }
}
