package org.perturber.sweep.tests;

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
import org.perturber.core.service.Services;
import org.perturber.headless.SweepApplication;
import org.perturber.objects.BuiltinScenes;
import org.perturber.sweep.CorruptionErrors;
import org.perturber.sweep.SweepResults;

/**
 * A small ImageNet-C sweep on the built-in trained models (standard as the baseline, adversarial), run through the
 * headless command: 4 corruptions in the mean and 1 extra, every severity, 2 objects, 1 view. Every row is the
 * model's prediction on its image, corrupted as the row says (inferred again here with the corruption's own
 * parameters); the corruption errors and means are those of the rows; the command prints the mCE table.
 */
class ImageNetCSweepTest {
    private static final String IMAGE = "org.perturber.perturbation.image.";
    /** Each corruption's perturbation and severity parameter, written out here rather than read from the plan. */
    private static final Map<String, String[]> CORRUPTIONS = Map.of("gaussian_noise", new String[] { IMAGE
            + "gaussianNoise", "severity" }, "brightness", new String[] { IMAGE + "brightnessContrast",
                    "brightnessSeverity" }, "contrast", new String[] { IMAGE + "brightnessContrast",
                            "contrastSeverity" }, "pixelate", new String[] { IMAGE + "pixelate", "severity" },
            "gaussian_blur", new String[] { IMAGE + "gaussianBlur", "severity" });
    private static final int SEED = 3;

    @TempDir
    static Path tmp;
    private static Path models;
    private static int code;
    private static String stdout;
    private static String stderr;
    private static Path output;

    @BeforeAll
    static void runTheCommand() throws Exception {
        models = Path.of(System.getProperty("perturber.models"));
        Path spec = tmp.resolve("imagenet-c-small.json");
        Files.writeString(spec, """
                {
                  "name": "imagenet-c-small",
                  "seed": %d,
                  "objects": ["mug", "teapot"],
                  "views": 1,
                  "models": ["standard", "adversarial"],
                  "design": {"type": "corruption-suite", "suite": "imagenet-c", "baseline": "standard",
                             "corruptions": ["gaussian_noise", "brightness", "contrast", "pixelate", "gaussian_blur"]},
                  "output": "results/imagenet-c-small"
                }
                """.formatted(SEED));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        code = SweepApplication.run(new String[] { spec.toString(), "--models", models.toString() }, new PrintStream(
                out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), () -> false);
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        output = tmp.resolve("results/imagenet-c-small");
        System.out.printf("ImageNetCSweepTest: 52 samples x 2 models in %.1f s%n%s", (System.nanoTime() - start)
                / 1e9, stdout);
    }

    @Test
    void theCommandSucceedsAndPrintsOneMceLinePerModel() {
        assertEquals(0, code, stdout + stderr);
        assertEquals("", stderr);
        List<String> table = stdout.lines().filter(l -> l.startsWith("sweep:   ")).toList();
        assertEquals(3, table.size(), stdout);
        assertTrue(table.get(1).startsWith("sweep:   standard ") && table.get(1).contains("100.0%"), table.get(1));
        assertTrue(table.get(2).startsWith("sweep:   adversarial "), table.get(2));
        assertTrue(table.get(1).matches(".* [0-4] of 4; [01] of 1"), "in the mean: 4 chosen, 1 extra: " + table.get(1));
    }

    @Test
    void everyRowIsTheModelsPredictionOnItsCorruptedImage() throws Exception {
        List<CSVRecord> rows = SweepResults.read(output.resolve(SweepResults.SAMPLES));
        assertEquals((1 + 5 * 5) * 2 * 2, rows.size());
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        int changed = 0;
        for (String id : List.of("standard", "adversarial")) {
            LoadedModel model = inference.models().stream().filter(m -> m.location().toAbsolutePath().normalize()
                    .equals(models.resolve(id).toAbsolutePath().normalize())).findFirst().orElseThrow();
            for (String object : List.of("mug", "teapot")) {
                var scene = BuiltinScenes.standard(SweepFixtures.objects(), object);
                InferenceResult clean = inference.infer(model, SweepFixtures.input(scene, PerturbationStack.EMPTY,
                        model), InferenceRequest.predictions(5));
                for (CSVRecord r : rows) {
                    if (!r.get("model").equals(id) || !r.get("object").equals(object)) {
                        continue;
                    }
                    String corruption = r.get("corruption");
                    int severity = Integer.parseInt(r.get("severity"));
                    PerturbationStack stack = PerturbationStack.EMPTY;
                    if (!corruption.equals("clean")) {
                        String[] c = CORRUPTIONS.get(corruption);
                        StackEntry entry = StackEntry.of(c[0]).with(c[1], (double) severity);
                        stack = stack.add(corruption.equals("gaussian_noise") ? entry.with("seed", SEED) : entry);
                    }
                    InferenceResult result = inference.infer(model, SweepFixtures.input(scene, stack, model),
                            InferenceRequest.predictions(5));
                    int truth = model.descriptor().labels().indexOf(object);
                    String at = r.toMap().toString();
                    assertEquals(result.best().label(), r.get("predicted"), at);
                    assertEquals(result.best().index() == truth ? "1" : "0", r.get("top1_correct"), at);
                    assertEquals(result.probabilities()[truth], Double.parseDouble(r.get("true_class_probability")),
                            2e-6, at);
                    if (Math.abs(result.probabilities()[truth] - clean.probabilities()[truth]) > 1e-3) {
                        changed++;
                    }
                }
            }
        }
        assertTrue(changed > 40, "the corruptions change the models' outputs: " + changed + " of " + rows.size());
    }

    @Test
    void theCorruptionErrorsAreThoseOfTheRows() throws Exception {
        List<CSVRecord> rows = SweepResults.read(output.resolve(SweepResults.SAMPLES));
        List<CSVRecord> ce = SweepResults.read(output.resolve(CorruptionErrors.FILE));
        assertEquals(10, ce.size(), "2 models x 5 corruptions");
        int defined = 0;
        double[] mean = new double[2];
        for (CSVRecord r : ce) {
            String model = r.get("model");
            String corruption = r.get("corruption");
            double sum = 0;
            double baseSum = 0;
            for (int s = 1; s <= 5; s++) {
                double e = CorruptionSuiteSweepTest.error(rows, model, corruption, s);
                assertEquals(e, Double.parseDouble(r.get("error " + s)), 1e-6, r.toMap().toString());
                sum += e;
                baseSum += CorruptionSuiteSweepTest.error(rows, "standard", corruption, s);
            }
            if (baseSum == 0) {
                // the baseline never erred under this corruption on these images: no CE, and the reason
                assertEquals("", r.get("CE"));
                assertTrue(r.get("notes").contains("error sum is 0"), r.get("notes"));
                continue;
            }
            defined++;
            assertEquals(sum / baseSum, Double.parseDouble(r.get("CE")), 1e-6, r.toMap().toString());
            if (model.equals("standard")) {
                assertEquals("1", r.get("CE"));
            }
            if (r.get("in mean").equals("true")) {
                mean[model.equals("standard") ? 0 : 1] += sum / baseSum;
            }
        }
        assertTrue(defined >= 2, "noise at ImageNet-C's sigmas makes the standard model err: " + defined);
        List<CSVRecord> means = SweepResults.read(output.resolve(CorruptionErrors.MEANS_FILE));
        assertEquals(List.of("standard", "adversarial"), means.stream().map(r -> r.get("model")).toList());
        CSVRecord adversarial = means.get(1);
        int counted = Integer.parseInt(adversarial.get("corruptions counted").split(" ")[0]);
        assertTrue(adversarial.get("corruptions counted").endsWith(" of 4"), adversarial.toMap().toString());
        assertEquals(mean[1] / counted, Double.parseDouble(adversarial.get("mCE")), 1e-6);
        assertNotEquals(adversarial.get("mCE"), means.get(0).get("mCE"), "the models differ");
    }

    @Test
    void bothPlotsAreWrittenAndListed() throws Exception {
        BufferedImage panels = ImageIO.read(output.resolve("imagenet-c-small-error-by-severity.png").toFile());
        assertEquals(5 * 250, panels.getWidth(), "5 panels a row");
        assertEquals(44 + 2 * 190, panels.getHeight(), "5 panels and the legend: two rows under the title");
        BufferedImage bars = ImageIO.read(output.resolve("imagenet-c-small-corruption-errors.png").toFile());
        assertEquals(1400, bars.getWidth());
        assertEquals(List.of("imagenet-c-small-error-by-severity.png", "imagenet-c-small-error-by-severity.svg",
                "imagenet-c-small-corruption-errors.png", "imagenet-c-small-corruption-errors.svg"), Files
                        .readAllLines(output.resolve(SweepResults.PLOTS)));
    }
}
