package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.headless.SweepApplication;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.charts.SweepCharts;

/**
 * The "flip-search" sweep design on two small real networks: every reported flip is real when inferred again through
 * the same pipeline (the class differs at the flip value and is the original one at the inside value), values stay
 * within each factor's range, "none within range" where the image cannot change, the same spec gives the same
 * bytes, and the summary counts what the CSV holds.
 */
class FlipSearchSweepTest {
    private static final String OCCLUSION = "org.perturber.perturbation.image.occlusion";
    private static final String FADE = SweepFixtures.FADE;

    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void models() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    /**
     * Camera elevation (in the stack at 10, searched within [-30, 40]), fading (added at its default 0: DOWN is at
     * the range's end) and an occlusion patch of size 0 moved across the image (the image never changes: no flip).
     */
    static String spec(String output) {
        return """
                {
                  "name": "flips",
                  "seed": 2,
                  "objects": ["mug", "bowl", "apple"],
                  "views": 2,
                  "models": ["net-a", "net-b"],
                  "stack": [{"id": "camera.cameraPerturbation", "values": {"elevation": 10}}],
                  "vary": [
                    {"perturbation": "camera.cameraPerturbation", "parameter": "elevation", "from": -30, "to": 40},
                    {"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.8, "steps": 5},
                    {"perturbation": "image.occlusion", "parameter": "x", "from": 0, "to": 1}
                  ],
                  "design": {"type": "flip-search", "scanPoints": 16, "tolerance": 0.002},
                  "output": "%s"
                }
                """.formatted(output);
    }

    private static SweepRunner run(String output) throws Exception {
        SweepSpec spec = SweepFixtures.read(models, spec(output), tmp);
        SweepRunner runner = SweepFixtures.runner(spec);
        assertTrue(runner.flipSearch());
        Summary summary = runner.run(true, () -> false, new SweepRunner.Listener() {
            @Override
            public void progress(SweepRunner.Progress p) {
            }
        });
        assertTrue(summary != null && !summary.flips().isEmpty(), "a flip search's summary");
        return runner;
    }

    private static InferenceResult infer(Scene scene, PerturbationStack stack, LoadedModel model) throws Exception {
        return Services.await(InferenceService.class, Duration.ofSeconds(30)).infer(model, SweepFixtures.input(scene,
                stack, model), InferenceRequest.predictions(1));
    }

    /** The base stack with one parameter at a value, as the search sets it. */
    private static PerturbationStack at(PerturbationStack base, String parameter, double value) {
        return switch (parameter) {
        case "cameraPerturbation.elevation" -> base.set(0, base.entries().get(0).with("elevation", value));
        case "fadeToBlack.amount" -> base.add(StackEntry.of(FADE).with("amount", value));
        case "occlusion.x" -> base.add(StackEntry.of(OCCLUSION).with("x", value));
        default -> throw new AssertionError(parameter);
        };
    }

    @Test
    void everyRowIsWhatTheSearchFoundAndEveryFlipIsRealWithinItsRange() throws Exception {
        SweepRunner runner = run("results/rows");
        SweepSpec spec = SweepFixtures.read(models, spec("results/rows"), tmp);
        List<CSVRecord> rows = SweepResults.read(spec.output().resolve(SweepResults.SAMPLES));
        // 3 objects x 2 views x 2 models x 3 parameters x 2 directions, in that order
        assertEquals(72, rows.size());
        assertEquals(72, spec.plannedRows());
        List<String> parameters = List.of("cameraPerturbation.elevation", "fadeToBlack.amount", "occlusion.x");
        Map<String, double[]> ranges = Map.of(parameters.get(0), new double[] { -30, 40, 10 }, parameters.get(1),
                new double[] { 0, 0.8, 0 }, parameters.get(2), new double[] { 0, 1, 0.5 });
        int i = 0;
        int flips = 0;
        Map<String, String> originals = new HashMap<>();
        for (int o = 0; o < 3; o++) {
            for (int v = 0; v < 2; v++) {
                for (int m = 0; m < 2; m++) {
                    LoadedModel model = runner.models().get(m);
                    Scene scene = runner.baseScene(o, v);
                    String original = infer(scene, spec.stack(), model).best().label();
                    originals.put(o + "|" + v + "|" + m, original);
                    for (String parameter : parameters) {
                        for (String direction : List.of("down", "up")) {
                            CSVRecord r = rows.get(i++);
                            String at = "row " + i + " " + r.toMap();
                            assertEquals(spec.objects().get(o).name(), r.get("object"), at);
                            assertEquals(Integer.toString(v), r.get("view"), at);
                            assertEquals(List.of("net-a", "net-b").get(m), r.get("model"), at);
                            assertEquals(parameter, r.get("parameter"), at);
                            assertEquals(direction, r.get("direction"), at);
                            double[] range = ranges.get(parameter);
                            assertEquals(range[0], Double.parseDouble(r.get("from")), 0, at);
                            assertEquals(range[1], Double.parseDouble(r.get("to")), 0, at);
                            assertEquals(range[2], Double.parseDouble(r.get("start")), 0, at);
                            assertEquals(original, r.get("original"), "the original class is the model's top-1 in "
                                    + "the base state: " + at);
                            assertEquals("", r.get("problem"), at);
                            String outcome = r.get("outcome");
                            if (parameter.equals("occlusion.x")) {
                                assertEquals("none within range", outcome, "a patch of size 0 changes nothing: " + at);
                                assertEquals("", r.get("value"), at);
                                assertEquals("", r.get("distance"), at);
                                assertEquals(direction.equals("down") ? 0 : 1, Double.parseDouble(r.get("inside")), 0,
                                        "searched to the range's end: " + at);
                                continue;
                            }
                            if (parameter.equals("fadeToBlack.amount") && direction.equals("down")) {
                                assertEquals("at limit", outcome, "fading starts at 0, its range's lower end: " + at);
                                continue;
                            }
                            if (!outcome.equals("flip")) {
                                assertEquals("none within range", outcome, at);
                                continue;
                            }
                            flips++;
                            double value = Double.parseDouble(r.get("value"));
                            double inside = Double.parseDouble(r.get("inside"));
                            double distance = Double.parseDouble(r.get("distance"));
                            assertTrue(value >= range[0] && value <= range[1], "flip value within [from, to]: " + at);
                            assertTrue(inside >= range[0] && inside <= range[1], "inside value within range: " + at);
                            assertTrue(direction.equals("up") ? value > range[2] && inside < value : value < range[2]
                                    && inside > value, "the flip lies in its direction, beyond the inside value: "
                                            + at);
                            assertEquals(Math.abs(value - range[2]) / (range[1] - range[0]), distance, 2e-6,
                                    "the distance is the change as a fraction of the range: " + at);
                            double tolerance = 0.002 * (range[1] - range[0]);
                            assertTrue(Math.abs(value - inside) <= tolerance + 2e-6, "bisected to the tolerance: "
                                    + at);
                            InferenceResult flipped = infer(scene, at(spec.stack(), parameter, value), model);
                            assertNotEquals(original, flipped.best().label(), "the class differs at the flip value: "
                                    + at);
                            assertEquals(r.get("predicted"), flipped.best().label(), at);
                            assertEquals(Double.parseDouble(r.get("probability")), flipped.best().probability(),
                                    1e-4, at);
                            InferenceResult before = infer(scene, at(spec.stack(), parameter, inside), model);
                            assertEquals(original, before.best().label(), "the class is the original one at the "
                                    + "inside value: " + at);
                        }
                    }
                }
            }
        }
        assertTrue(flips >= 4, "the small networks flip somewhere (else nothing above was checked): " + flips);
        System.out.println("FlipSearchSweepTest: " + flips + " flips inferred again, of " + rows.size() + " rows");
    }

    @Test
    void theSameSpecGivesTheSameBytesAndTheSummaryCountsTheRows() throws Exception {
        run("results/first");
        run("results/second");
        Path first = tmp.resolve("results/first");
        Path second = tmp.resolve("results/second");
        byte[] samples = Files.readAllBytes(first.resolve(SweepResults.SAMPLES));
        assertArrayEquals(samples, Files.readAllBytes(second.resolve(SweepResults.SAMPLES)), "samples.csv");
        assertArrayEquals(Files.readAllBytes(first.resolve(Summary.FILE)), Files.readAllBytes(second.resolve(
                Summary.FILE)), "summary.csv");

        // summary.csv, counted again from samples.csv
        List<CSVRecord> rows = SweepResults.read(first.resolve(SweepResults.SAMPLES));
        List<List<String>> summary = new ArrayList<>();
        for (String line : Files.readAllLines(first.resolve(Summary.FILE))) {
            summary.add(List.of(line.split(",", -1)));
        }
        assertEquals(List.of("parameter", "direction", "model", "n", "flips", "none within range", "min", "q1",
                "median", "q3", "at limit", "failed"), summary.get(0));
        assertEquals(1 + 3 * 2 * 2, summary.size(), "a line per parameter, direction and model");
        for (List<String> s : summary.subList(1, summary.size())) {
            List<Double> distances = new ArrayList<>();
            int none = 0;
            int atLimit = 0;
            for (CSVRecord r : rows) {
                if (r.get("parameter").equals(s.get(0)) && r.get("direction").equals(s.get(1)) && r.get("model")
                        .equals(s.get(2))) {
                    switch (r.get("outcome")) {
                    case "flip" -> distances.add(Double.parseDouble(r.get("distance")));
                    case "none within range" -> none++;
                    case "at limit" -> atLimit++;
                    default -> throw new AssertionError(r.toMap());
                    }
                }
            }
            String at = s.toString();
            assertEquals(distances.size() + none, Integer.parseInt(s.get(3)), at);
            assertEquals(distances.size(), Integer.parseInt(s.get(4)), at);
            assertEquals(none, Integer.parseInt(s.get(5)), at);
            assertEquals(atLimit, Integer.parseInt(s.get(10)), at);
            if (s.get(0).equals("occlusion.x")) {
                assertEquals(List.of("beyond range", "beyond range", "beyond range", "beyond range"), s.subList(6, 10),
                        "no flip anywhere: every quantile lies beyond the range " + at);
            }
            if (!distances.isEmpty()) {
                double min = distances.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                assertEquals(min, Double.parseDouble(s.get(6)), 1e-6, "min " + at);
            }
            if (distances.size() == 6) { // every object and view flipped: the median is the middle pair's mean
                double[] d = distances.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                assertEquals((d[2] + d[3]) / 2, Double.parseDouble(s.get(8)), 1e-6, "median " + at);
            }
        }

        // the plots: the box plot of every parameter and a CDF per parameter, named in plots.txt
        SweepSpec spec = SweepFixtures.read(models, spec("results/first"), tmp);
        List<Path> pngs = SweepCharts.write(Summary.of(spec), first, "flips");
        assertEquals(List.of("flips-flip-distance.png", "flips-cameraperturbation-elevation-flip-distance-cdf.png",
                "flips-fadetoblack-amount-flip-distance-cdf.png", "flips-occlusion-x-flip-distance-cdf.png"), pngs
                        .stream().map(p -> p.getFileName().toString()).toList());
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(SweepCharts.WIDTH, image.getWidth(), png.toString());
            assertTrue(Files.exists(Path.of(png.toString().replace(".png", ".svg"))), png.toString());
        }
        assertEquals(8, Files.readAllLines(first.resolve(SweepResults.PLOTS)).size());
    }

    /**
     * A parameter whose perturbation breaks from 0.5 on (every value out of [0, 1]) and leaves the image as it is
     * below: the search stops there as failed, with the problem and its bundle, never as a flip; the headless sweep
     * says how many searches failed and exits 4.
     */
    @Test
    void aPerturbationThatFailsPartWayEndsTheSearchAsFailedAndTheSweepExits4() throws Exception {
        Path file = tmp.resolve("failing.json");
        Files.writeString(file, """
                {
                  "name": "failing",
                  "objects": ["mug", "bowl"],
                  "views": 1,
                  "models": ["net-a", "net-b"],
                  "vary": [{"perturbation": "org.perturber.sweep.tests.outOfRangeAbove", "parameter": "level", "from": 0, "to": 1}],
                  "design": "flip-search",
                  "output": "results/failing"
                }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SweepApplication.run(new String[] { file.toString(), "--models", models.toString() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                        StandardCharsets.UTF_8), () -> false);
        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(SweepApplication.EXIT_SKIPPED, exit, said);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("sweep: 4 of 8 searches failed"), said);
        List<CSVRecord> rows = SweepResults.read(tmp.resolve("results/failing").resolve(SweepResults.SAMPLES));
        assertEquals(8, rows.size(), "2 objects x 2 models x 1 parameter x 2 directions");
        for (CSVRecord r : rows) {
            if (r.get("direction").equals("down")) {
                assertEquals("at limit", r.get("outcome"), r.toMap().toString());
                continue;
            }
            assertEquals("failed", r.get("outcome"), r.toMap().toString());
            assertEquals("", r.get("value"), r.toMap().toString());
            assertEquals("", r.get("distance"), r.toMap().toString());
            assertTrue(r.get("problem").contains("org.perturber.sweep.tests.outOfRangeAbove") && r.get("problem")
                    .contains("bundle org.perturber.sweep.tests"), r.toMap().toString());
            double inside = Double.parseDouble(r.get("inside"));
            assertTrue(inside < 0.5 && inside >= 0.4, "the last value that worked, a scan step below 0.5: " + r
                    .toMap());
        }
        List<String> summary = Files.readAllLines(tmp.resolve("results/failing").resolve(Summary.FILE));
        assertEquals(List.of("outOfRangeAbove.level,down,net-a,0,0,0,,,,,2,0", "outOfRangeAbove.level,down,net-b,"
                + "0,0,0,,,,,2,0", "outOfRangeAbove.level,up,net-a,0,0,0,,,,,0,2",
                "outOfRangeAbove.level,up,net-b,0,0,0,,,,,0,2"), summary.subList(1, summary.size()));
    }

    @Test
    void quantilesRankSearchesWithoutAFlipAboveEveryFlip() {
        Summary.Flips f = new Summary.Flips("p", "up", "m", new double[] { 0.1, 0.2 }, 2, 1, 0);
        assertEquals(4, f.n(), "flips and none within range; at limit is not a search");
        assertEquals(0.1, f.quantile(0), 1e-12);
        assertEquals(0.175, f.quantile(0.25), 1e-12, "between the first and second flip");
        assertEquals(Double.POSITIVE_INFINITY, f.quantile(0.5), "half the searches found no flip: beyond the range");
        Summary.Flips all = new Summary.Flips("p", "up", "m", new double[] { 0.1, 0.2, 0.3 }, 0, 0, 0);
        assertEquals(0.2, all.quantile(0.5), 1e-12);
        assertEquals(0.25, all.quantile(0.75), 1e-12);
        assertTrue(Double.isNaN(new Summary.Flips("p", "up", "m", new double[0], 0, 3, 0).quantile(0.5)),
                "no search ran");
    }
}
