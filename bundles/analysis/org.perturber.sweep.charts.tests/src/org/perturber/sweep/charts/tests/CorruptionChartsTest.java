package org.perturber.sweep.charts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.sweep.CorruptionErrors;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.jfree.chart.plot.CategoryPlot;
import org.perturber.sweep.charts.CorruptionCharts;
import org.perturber.sweep.charts.SweepCharts;

/**
 * A corruption suite's plots: the error-against-severity small multiples (one panel per corruption in the suite's
 * order, an empty one that says "missing" for a corruption that did not run) and the CE bars with each model's mCE
 * in the legend; each model in its colour in both.
 */
class CorruptionChartsTest {
    private static final String[] NAMES = { "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur",
            "glass_blur", "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness", "contrast",
            "elastic_transform", "pixelate", "jpeg_compression", "speckle_noise", "gaussian_blur", "spatter",
            "saturate" };

    /** ImageNet-C's 19, three models, errors rising with severity; snow did not run. */
    static CorruptionErrors errors() {
        List<SuiteCorruption> corruptions = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            corruptions.add(new SuiteCorruption("imagenet-c", NAMES[i], NAMES[i].replace('_', ' '), i < 15 ? "noise"
                    : "extra", "p", "severity", 5, i < 15, i + 1, "b"));
        }
        CorruptionErrors.Errors e = new CorruptionErrors.Errors();
        List<String> models = List.of("standard", "adversarial", "texture-debiased");
        for (int m = 0; m < models.size(); m++) {
            e.clean(models.get(m), 0.02 * (m + 1));
            for (int i = 0; i < NAMES.length; i++) {
                for (int s = 1; s <= 5; s++) {
                    if (NAMES[i].equals("snow")) {
                        e.undefined(models.get(m), NAMES[i], s, CorruptionErrors.MISSING + ": snow did not run");
                    } else {
                        e.put(models.get(m), NAMES[i], s, Math.min(1, 0.02 * (m + 1) + s * (0.04 + 0.01 * ((i + m)
                                % 5))));
                    }
                }
            }
        }
        return CorruptionErrors.compute(models, "standard", corruptions, List.of(1, 2, 3, 4, 5), e);
    }

    @Test
    void smallMultiplesAndCeBarsAreWrittenWithEveryModelInItsColour(@TempDir Path dir) throws Exception {
        CorruptionErrors errors = errors();
        List<Path> pngs = SweepCharts.write(new Summary(List.of(), List.of(), errors), dir, "imagenet-c");
        assertEquals(List.of(dir.resolve("imagenet-c-error-by-severity.png"), dir.resolve(
                "imagenet-c-corruption-errors.png")), pngs);
        assertEquals(List.of("imagenet-c-error-by-severity.png", "imagenet-c-error-by-severity.svg",
                "imagenet-c-corruption-errors.png", "imagenet-c-corruption-errors.svg"), Files.readAllLines(dir
                        .resolve(SweepResults.PLOTS)));
        BufferedImage panels = ImageIO.read(pngs.get(0).toFile());
        assertEquals(5 * 250, panels.getWidth(), "5 panels a row");
        assertEquals(44 + 4 * 190, panels.getHeight(), "19 panels and the legend in 4 rows");
        BufferedImage bars = ImageIO.read(pngs.get(1).toFile());
        int[][] colours = { { 31, 119, 180 }, { 214, 39, 40 }, { 44, 160, 44 } };
        for (int[] c : colours) {
            assertTrue(count(panels, c) > 2000, "lines of each model");
            assertTrue(count(bars, c) > 2000, "bars of each model");
        }
        assertTrue(count(panels, new int[] { 148, 103, 189 }) < 50, "no fourth model");
        String svg = Files.readString(dir.resolve("imagenet-c-error-by-severity.svg"));
        assertTrue(svg.contains("missing: did not run") && svg.contains("gaussian noise") && svg.contains(
                "saturate (extra)"), "panel titles and the missing one");
        String barsSvg = Files.readString(dir.resolve("imagenet-c-corruption-errors.svg"));
        String legend = "adversarial (mCE " + errors.mean("adversarial").mce().percent() + ", relative " + errors
                .mean("adversarial").relativeMce().percent() + ")";
        List<String> texts = texts(barsSvg);
        assertTrue(texts.contains(legend), legend + " in " + texts);
        // the category labels are drawn rotated, as outlines: read them from the chart's data
        CategoryPlot plot = (CategoryPlot) CorruptionCharts.ceBars(errors, "imagenet-c").getPlot();
        List<?> categories = plot.getDataset().getColumnKeys();
        assertEquals(21, categories.size(), "19 corruptions, the mCE and the extra mean");
        assertEquals(List.of("gaussian noise", "snow - missing", "saturate (extra)", "mCE (14 of 15)",
                "extra mean (4 of 4)"), List.of(categories.get(0), categories.get(7), categories.get(18), categories
                        .get(19), categories.get(20)));
        assertEquals(null, plot.getDataset().getValue(1, 7), "no bar for snow");
        assertEquals(100 * errors.mean("adversarial").mce().value(), plot.getDataset().getValue(1, 19)
                .doubleValue(), 1e-9);
    }

    /** The SVG's text elements. */
    private static List<String> texts(String svg) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1).replace("&#160;", " ").replace("&nbsp;", " "));
        }
        return out;
    }

    private static int count(BufferedImage image, int[] rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - rgb[0]) < 12 && Math.abs(((p >> 8) & 255) - rgb[1]) < 12 && Math
                        .abs((p & 255) - rgb[2]) < 12) {
                    n++;
                }
            }
        }
        return n;
    }
}
