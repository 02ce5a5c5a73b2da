package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.image.RgbImage;
import org.perturber.featurevis.ExampleImage;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.LayerSheet;
import org.perturber.featurevis.RankedExample;
import org.perturber.headless.FeatureVisApplication;

/**
 * {@code releng/perturber featurevis MODEL LAYER ...} as the launcher runs it, on a small real network (32x32,
 * untrained) with a few optimisation steps: the sheet it writes, the cache a second run reads, and the exit code and
 * one line for each kind of bad input.
 */
class FeatureVisCommandTest {
    private static final String LAYER = "block3_relu";
    /** block3_relu of the small test network. */
    private static final int CHANNELS = 32;
    private static final int SIZE = 32;

    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    /** What a run printed and returned. */
    private record Run(int exit, String out, String err) {
        List<String> summaries() {
            return out.lines().filter(l -> l.startsWith("featurevis: " + LAYER + " channel ")).toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FeatureVisApplication.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A model by id from the test's models folder, its cache in the test's folder; a few steps. */
    private static Run sheet(Path png, Path cache, String channels) {
        return run("net-a", LAYER, "--models", models.toString(), "--cache", cache.toString(), "--channels",
                channels, "--steps", "3", "--out", png.toString());
    }

    /** The size LayerSheet gives {@code cells} visualizations at the command's layout. */
    private static BufferedImage expected(int cells) {
        RgbImage grey = new RgbImage(SIZE, SIZE, new float[SIZE * SIZE * 3]);
        List<RankedExample> examples = new ArrayList<>();
        for (int i = 0; i < FeatureVisApplication.DEFAULT_EXAMPLES; i++) {
            examples.add(new RankedExample(new ExampleImage("example " + i, grey), 1f));
        }
        List<LayerSheet.Cell> list = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            list.add(new LayerSheet.Cell(new FeatureVisResult(FeatureObjective.channel(LAYER, c),
                    FeatureVisSettings.DEFAULT, grey, 1f, 0f, new float[0], 0, false), examples));
        }
        return LayerSheet.draw("title", list, FeatureVisApplication.DEFAULT_COLUMNS, FeatureVisApplication.SCALE,
                FeatureVisApplication.DEFAULT_EXAMPLES);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void writesASheetOfTheRequestedChannelsAndASecondRunReadsThemFromTheCache() throws Exception {
        Path cache = tmp.resolve("cache-sheet");
        Path first = tmp.resolve("sheets/first.png");
        Run a = sheet(first, cache, "0-5");
        assertEquals(0, a.exit(), a.err());
        assertEquals("", a.err());
        BufferedImage sheet = ImageIO.read(first.toFile());
        // six cells in one row of up to eight: the width counts the channels
        assertEquals(expected(6).getWidth(), sheet.getWidth());
        assertEquals(expected(6).getHeight(), sheet.getHeight());
        assertTrue(expected(5).getWidth() < sheet.getWidth() && sheet.getWidth() < expected(7).getWidth());
        assertEquals(6, a.summaries().size(), a.out());
        for (int c = 0; c <= 5; c++) {
            String line = a.summaries().get(c);
            assertTrue(line.startsWith("featurevis: " + LAYER + " channel " + c + ": reached "), line);
            assertTrue(line.contains("best dataset example ") && !line.endsWith(", cached"), line);
        }
        assertTrue(a.out().contains("featurevis: 0 of 6 from cache"), a.out());
        assertTrue(a.out().contains("featurevis: step 3/3, 6 of 6 channels in this batch, objective mean "), a
                .out());
        assertTrue(a.out().contains("featurevis: wrote " + first.toAbsolutePath() + " (" + sheet.getWidth() + "x"
                + sheet.getHeight() + ")"), a.out());

        // the same arguments again: nothing optimised, the same sheet
        Path second = tmp.resolve("sheets/second.png");
        Run b = sheet(second, cache, "0-5");
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("featurevis: 6 of 6 from cache (" + cache + ")\n"), b.out());
        assertFalse(b.out().contains("featurevis: step "), "no optimisation step ran: " + b.out());
        assertTrue(b.summaries().stream().allMatch(l -> l.endsWith(", cached")), b.out());
        assertArrayEquals(pixels(sheet), pixels(ImageIO.read(second.toFile())), "the cached sheet is the same");

        // two more channels: only those two are optimised
        Run c = sheet(tmp.resolve("sheets/third.png"), cache, "0-7");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("featurevis: 6 of 8 from cache (" + cache + "); optimising 2 as one batch"), c
                .out());
        assertTrue(c.out().contains("featurevis: 6 of 8 from cache (" + cache + "); 2 optimised in "), c.out());
    }

    @Test
    void aLayerTheModelDoesNotHaveIsABadArgumentNamingTheLayers() {
        Path png = tmp.resolve("bad-layer.png");
        Run r = run("net-a", "block9_relu", "--models", models.toString(), "--cache", tmp.resolve("cache-bad")
                .toString(), "--steps", "2", "--out", png.toString());
        assertEquals(FeatureVisApplication.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(List.of("featurevis: LAYER 'block9_relu': model net-a (" + models.resolve("net-a")
                + ") has no such layer; its layers: block1_relu, block2_relu, block3_relu, block4a_relu, "
                + "block4_relu, block5_relu"), r.err().lines().toList());
        assertFalse(Files.exists(png));
    }

    @Test
    void malformedOrOutOfRangeChannelsAreBadArguments() {
        Path png = tmp.resolve("bad-channels.png");
        for (String[] bad : new String[][] { { "5-2", "range '5-2' runs backwards" }, { "x", "'x' in 'x' is not a "
                + "channel number" }, { "0-3,,5", "expected channels such as 0-15" }, { "-1", "expected channels "
                        + "such as" }, { "0-" + CHANNELS, LAYER + " of model net-a has " + CHANNELS + " channels (0-"
                                + (CHANNELS - 1) + ")" } }) {
            Run r = run("net-a", LAYER, "--models", models.toString(), "--cache", tmp.resolve("cache-bad")
                    .toString(), "--channels", bad[0], "--steps", "2", "--out", png.toString());
            assertEquals(FeatureVisApplication.EXIT_BAD_INPUT, r.exit(), bad[0] + ": " + r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("featurevis: --channels '" + bad[0] + "': "), lines.get(0));
            assertTrue(lines.get(0).contains(bad[1]), lines.get(0));
        }
        assertFalse(Files.exists(png));
        assertFalse(Files.exists(tmp.resolve("cache-bad")), "nothing optimised, nothing cached");
    }

    @Test
    void aMissingModelFolderIsABadArgumentAndAFolderThatIsNoModelAFailure() throws Exception {
        Path missing = tmp.resolve("no-such-model");
        Run r = run(missing.toString(), LAYER, "--models", models.toString(), "--out", tmp.resolve("m.png")
                .toString());
        assertEquals(FeatureVisApplication.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(List.of("featurevis: MODEL '" + missing + "': no such model folder, and no built-in model of "
                + "that id in " + models + " (net-a, net-b)"), r.err().lines().toList());
        Run id = run("net-z", LAYER, "--models", models.toString());
        assertEquals(FeatureVisApplication.EXIT_BAD_INPUT, id.exit(), id.err());
        assertTrue(id.err().startsWith("featurevis: MODEL 'net-z': no such model folder"), id.err());

        Path empty = Files.createDirectories(tmp.resolve("not-a-model"));
        Run e = run(empty.toString(), LAYER, "--out", tmp.resolve("e.png").toString());
        assertEquals(FeatureVisApplication.EXIT_FAILED, e.exit(), e.err());
        List<String> lines = e.err().lines().toList();
        assertEquals(1, lines.size(), e.err());
        assertTrue(lines.get(0).startsWith("featurevis: MODEL " + empty + ": "), lines.get(0));
        assertTrue(lines.get(0).contains("model.json"), lines.get(0));
        assertFalse(Files.exists(tmp.resolve("e.png")));
    }

    @Test
    void otherBadArgumentsAreEachOneLineBeforeAnyWork() {
        Run r = run("net-a", LAYER, "--models", models.toString(), "--steps", "0", "--objective", "logit",
                "--examples", "9");
        assertEquals(FeatureVisApplication.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(List.of("featurevis: --steps 0: must be 1.." + FeatureVisSettings.MAX_STEPS,
                "featurevis: --objective 'logit': must be channel or neuron",
                "featurevis: --examples 9: must be 0..8"), r.err().lines().toList());
        assertEquals("", r.out());
        Run missingLayer = run("net-a");
        assertEquals(FeatureVisApplication.EXIT_BAD_INPUT, missingLayer.exit());
        assertTrue(missingLayer.err().startsWith("featurevis: Missing required parameter: 'LAYER'"), missingLayer
                .err());
    }
}
