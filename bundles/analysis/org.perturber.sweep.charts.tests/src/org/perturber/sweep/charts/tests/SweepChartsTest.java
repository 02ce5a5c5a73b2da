package org.perturber.sweep.charts.tests;

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
