package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.headless.FlipApplication;
import org.perturber.testing.EquinoxProcess;

/**
 * {@code releng/perturber flip MODEL ...} on a small real network (32x32, untrained) and the standard scene: one
 * line per parameter and direction, a CSV that says the same, every flip it reports real (top-1 differs at the value
 * and is the original class just inside it, checked here through the shared pipeline and service), the joint flip
 * real and no larger than the best single one; hostile stack files, model folders and arguments each refused with
 * exit 2 and one line naming them, before any work; and the same command as a real process writes the same CSV.
 */
class FlipCommandTest {
    private static final String CAMERA = SweepFixtures.CAMERA;
    private static final String FADE = SweepFixtures.FADE;
    /** Small settings: the command's cost is the test's, and every check holds at any setting. */
    private static final List<String> QUICK = List.of("--scan-points", "12", "--tolerance", "0.01");

    @TempDir
    static Path tmp;
    private static Path models;
    private static Path stackFile;
    private static LoadedModel model;

    @BeforeAll
    static void prepare() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
        stackFile = tmp.resolve("stacks/stack.json");
        Files.createDirectories(stackFile.getParent());
        // the camera raised by 10 degrees and a slight fade: the search starts from these values
        Files.writeString(stackFile, new PerturbationStack(List.of(StackEntry.of(CAMERA).with("elevation", 10.0),
                StackEntry.of(FADE).with("amount", 0.2))).toJson());
        model = service().load(models.resolve("net-a")).get(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void unload() {
        if (model != null) {
            service().unload(model);
        }
    }

    private static InferenceService service() {
        return Services.await(InferenceService.class, Duration.ofSeconds(30));
    }

    /** What a run printed and returned. */
    private record Run(int exit, String out, String err) {
        List<String> results() {
            return out.lines().filter(l -> l.startsWith("flip: ") && (l.contains(" down from ") || l.contains(
                    " up from "))).toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FlipApplication.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err,
                true, StandardCharsets.UTF_8), () -> false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    /** The model's top-1 class (index) at a stack, as the workbench computes it. */
    private static int top1(Scene scene, PerturbationStack stack) throws Exception {
        return service().infer(model, SweepFixtures.input(scene, stack, model), InferenceRequest.predictions(1)).best()
                .index();
    }

    private static PerturbationStack stackFrom(String json) {
        return PerturbationStack.fromJson(json);
    }

    /** The stack with one parameter set: on its entry when the stack has one, else on a new entry at defaults. */
    private static PerturbationStack with(PerturbationStack stack, String perturbation, String parameter,
            double value) {
        for (int i = 0; i < stack.entries().size(); i++) {
            if (stack.entries().get(i).perturbation().equals(perturbation)) {
                return stack.set(i, stack.entries().get(i).with(parameter, value));
            }
        }
        return stack.add(StackEntry.of(perturbation).with(parameter, value));
    }

    @Test
    void printsALinePerParameterAndDirectionAndEveryFlipInTheCsvIsReal() throws Exception {
        Path out = tmp.resolve("results/flip.csv");
        Run r = run(args(QUICK, "net-a", "--models", models.toString(), "--stack", stackFile.toString(),
                "--parameters", "camera.cameraPerturbation.elevation,fadeToBlack.amount,gaussianNoise.sigma", "--out",
                out.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("flip: model net-a (" + models.resolve("net-a") + "), object mug, view 0 deg, "
                + "stack of 2 entries: 3 parameters, scan 12 points a range, tolerance 0.01 of the range\n"), r.out());
        for (String p : List.of("Elevation", "Fade", "Standard deviation")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("flip: searching ") && l.contains(p)), p + ": "
                    + r.out());
        }
        assertTrue(r.out().contains("flip: wrote " + out.toAbsolutePath() + "\n"), r.out());
        List<String> lines = r.results();
        assertEquals(6, lines.size(), r.out());
        List<CSVRecord> rows = csv(out);
        assertEquals(6, rows.size());
        assertEquals(FlipApplication.COLUMNS, new ArrayList<>(rows.get(0).getParser().getHeaderNames()));

        Scene scene = SweepFixtures.standard();
        PerturbationStack stack = stackFrom(Files.readString(stackFile));
        int original = top1(scene, stack);
        String originalClass = model.descriptor().labels().get(original);
        int flips = 0;
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord row = rows.get(i);
            String line = lines.get(i);
            assertEquals("net-a", row.get("model"));
            assertEquals(originalClass, row.get("original_class"));
            assertEquals(i % 2 == 0 ? "down" : "up", row.get("direction"));
            assertTrue(line.contains("(" + row.get("perturbation").substring(row.get("perturbation").lastIndexOf('.')
                    + 1) + "." + row.get("parameter") + (row.get("entry").equals("-1") ? ", not in the stack" : "")
                    + ") " + row.get("direction") + " from "), line);
            String perturbation = row.get("perturbation");
            String parameter = row.get("parameter");
            switch (row.get("outcome")) {
            case "FLIP" -> {
                flips++;
                double value = Double.parseDouble(row.get("value"));
                double inside = Double.parseDouble(row.get("inside"));
                double distance = Double.parseDouble(row.get("distance"));
                double current = Double.parseDouble(row.get("current"));
                int flipped = top1(scene, with(stack, perturbation, parameter, value));
                assertNotEquals(original, flipped, line);
                assertEquals(row.get("new_class"), model.descriptor().labels().get(flipped), line);
                assertEquals(original, top1(scene, with(stack, perturbation, parameter, inside)), line);
                assertTrue(Math.abs(value - inside) <= distance + 1e-9 && distance > 0 && distance <= 1, line);
                // the value lies on the row's side of the current one
                assertTrue(row.get("direction").equals("up") ? value > current : value < current, line);
                assertTrue(line.contains(" -> " + row.get("new_class") + " (p "), line);
            }
            case "NONE_WITHIN_RANGE" -> {
                double end = Double.parseDouble(row.get("searched_to"));
                assertEquals(original, top1(scene, with(stack, perturbation, parameter, end)), line);
                assertEquals("", row.get("value"));
                assertTrue(line.contains(": none within range (searched to "), line);
            }
            case "AT_LIMIT" -> {
                assertEquals(row.get("current"), row.get("searched_to"), line);
                assertTrue(line.endsWith(": at the end of the range"), line);
            }
            default -> throw new AssertionError("unexpected outcome in " + row + ": " + line);
            }
        }
        // the noise's lower end is its current value (0): there is nothing to search below it
        assertEquals("AT_LIMIT", rows.get(4).get("outcome"), lines.get(4));
        assertTrue(flips > 0, "no flip at all, nothing was checked: " + r.out());
    }

    @Test
    void theJointFlipIsRealAndNoLargerThanTheBestSingleOne() throws Exception {
        Path out = tmp.resolve("results/joint.csv");
        Run r = run(args(QUICK, "net-a", "--models", models.toString(), "--stack", stackFile.toString(), "--joint",
                "--joint-evaluations", "24", "--seed", "3", "--out", out.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        List<CSVRecord> rows = csv(out);
        List<CSVRecord> joint = rows.stream().filter(x -> x.get("direction").equals("joint")).toList();
        // the stack's two parameters, as many as it has numeric parameters: elevation and amount ... and the rest
        assertEquals(rows.size() - 2 * joint.size(), joint.size(), "a joint row per parameter");
        assertTrue(r.out().contains("flip: joint search over " + joint.size() + " parameters (up to 24 evaluations, "
                + "seed 3)\n"), r.out());
        double bestSingle = rows.stream().filter(x -> x.get("outcome").equals("FLIP") && !x.get("direction").equals(
                "joint")).mapToDouble(x -> Double.parseDouble(x.get("distance"))).min().orElse(Double.NaN);
        assertTrue(Double.isFinite(bestSingle), "the joint search needs a single flip to start from: " + r.out());
        assertEquals("FLIP", joint.get(0).get("outcome"), r.out());
        double norm = Double.parseDouble(joint.get(0).get("distance"));
        assertTrue(norm > 0 && norm <= bestSingle + 1e-9, norm + " vs the best single " + bestSingle);
        Scene scene = SweepFixtures.standard();
        PerturbationStack stack = stackFrom(Files.readString(stackFile));
        for (CSVRecord j : joint) {
            stack = with(stack, j.get("perturbation"), j.get("parameter"), Double.parseDouble(j.get("value")));
        }
        int flipped = top1(scene, stack);
        assertNotEquals(top1(scene, stackFrom(Files.readString(stackFile))), flipped, r.out());
        assertEquals(joint.get(0).get("new_class"), model.descriptor().labels().get(flipped));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("flip: joint: norm ")), r.out());
    }

    @Test
    void aHostileStackFileIsRefusedWithOneLinePerProblemBeforeAnyWork() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hostile"));
        Path out = dir.resolve("never.csv");
        Path missing = dir.resolve("missing.json");
        Path notJson = Files.writeString(dir.resolve("not-json.json"), "{\"perturbations\": [");
        Path folder = Files.createDirectories(dir.resolve("folder.json"));
        Path large = dir.resolve("large.json");
        Files.write(large, new byte[(int) org.perturber.core.session.SessionFile.MAX_BYTES + 1]);
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"perturbations": [
                  {"id": "org.example.nothing"},
                  {"id": "%s", "values": {"elevation": 500, "height": 1}},
                  {"id": "%s", "values": {"amount": 1e999}},
                  {"id": "org.perturber.perturbation.background.backgroundPerturbation",
                   "values": {"image": "../../secret.png"}}
                ]}
                """.formatted(CAMERA, FADE));
        String[][] expected = {
                { missing.toString(), "flip: --stack " + missing + ": no such file" },
                { notJson.toString(), "flip: --stack " + notJson + ": not a valid stack file: not valid JSON" },
                { folder.toString(), "flip: --stack " + folder + ": not a regular file" },
                { large.toString(), "flip: --stack " + large + ": " + (org.perturber.core.session.SessionFile.MAX_BYTES
                        + 1) + " bytes is more than a stack file may have" } };
        for (String[] e : expected) {
            Run r = run("net-a", "--models", models.toString(), "--stack", e[0], "--out", out.toString());
            assertEquals(FlipApplication.EXIT_BAD_INPUT, r.exit(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith(e[1]), r.err());
            assertEquals("", r.out());
        }
        Run r = run("net-a", "--models", models.toString(), "--stack", bad.toString(), "--out", out.toString());
        assertEquals(FlipApplication.EXIT_BAD_INPUT, r.exit(), r.err());
        // gson reads 1e999 as a number, and the stack reader refuses it where it is read: the first problem wins
        assertEquals(List.of("flip: --stack " + bad + ": not a valid stack file: perturbations[2].values.amount: the "
                + "parameter amount of stack entry 3 (" + FADE + ") must be a finite number, got 1e999"), r
                        .errLines());
        Files.writeString(bad, Files.readString(bad).replace("1e999", "0.5"));
        r = run("net-a", "--models", models.toString(), "--stack", bad.toString(), "--out", out.toString());
        assertEquals(FlipApplication.EXIT_BAD_INPUT, r.exit(), r.err());
        List<String> lines = r.errLines();
        assertEquals(4, lines.size(), r.err());
        String at = "flip: --stack " + bad + ": ";
        assertTrue(lines.get(0).startsWith(at + "perturbations[0].id: unknown perturbation 'org.example.nothing'; "
                + "installed: ["), lines.get(0));
        assertEquals(at + "perturbations[1].values.elevation: elevation = 500.0 is outside its range [-90.0, 90.0]",
                lines.get(1));
        assertTrue(lines.get(2).startsWith(at + "perturbations[1].values.height: perturbation " + CAMERA + " has no "
                + "parameter 'height'; it has ["), lines.get(2));
        assertTrue(lines.get(3).startsWith(at + "perturbations[3].values.image: names '../../secret.png', which is "
                + "outside the stack file's folder"), lines.get(3));
        assertFalse(Files.exists(out), "nothing searched, nothing written");
    }

    @Test
    void badArgumentsAndModelFoldersAreEachOneLineWithExitTwo() throws Exception {
        Path out = tmp.resolve("args/never.csv");
        String[][] cases = {
                { "flip: --scan-points 1: must be 2 to ", "--scan-points", "1" },
                { "flip: --tolerance 0.0: must be a fraction of the range in (0, 1)", "--tolerance", "0" },
                { "flip: --view 1000.0: must be -360 to 360 degrees", "--view", "1000" },
                { "flip: --parameters 'elevation': expected PERTURBATION.PARAMETER items", "--parameters",
                        "elevation" },
                { "flip: --parameters 'nothing.amount': unknown perturbation 'nothing'; installed: [",
                        "--parameters", "nothing.amount" },
                { "flip: --parameters 'fadeToBlack.depth': perturbation " + FADE + " has no parameter 'depth'; its "
                        + "numeric parameters: [amount]", "--parameters", "fadeToBlack.depth" },
                { "flip: --object 'spaceship': no such built-in object; built-in: [", "--object", "spaceship" },
                { "flip: nothing to search: no --stack was given; give --parameters P.param,... or --unstacked" } };
        for (String[] c : cases) {
            List<String> a = new ArrayList<>(List.of("net-a", "--models", models.toString(), "--out", out
                    .toString()));
            a.addAll(List.of(c).subList(1, c.length));
            Run r = run(a.toArray(String[]::new));
            assertEquals(FlipApplication.EXIT_BAD_INPUT, r.exit(), c[0] + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith(c[0]), r.err());
        }
        Path missing = tmp.resolve("no-such-model");
        Run m = run(missing.toString(), "--models", models.toString(), "--parameters", "fadeToBlack.amount");
        assertEquals(FlipApplication.EXIT_BAD_INPUT, m.exit(), m.err());
        assertEquals(List.of("flip: MODEL '" + missing + "': no such model folder, and no built-in model of that id "
                + "in " + models + " (net-a, net-b)"), m.errLines());
        // a folder whose model.json is no model card: refused naming the file, nothing searched
        Path broken = Files.createDirectories(tmp.resolve("broken-model"));
        Files.writeString(broken.resolve("model.json"), "{\"id\": 3, \"labels\": \"");
        Run b = run(broken.toString(), "--parameters", "fadeToBlack.amount", "--out", out.toString());
        assertEquals(FlipApplication.EXIT_BAD_INPUT, b.exit(), b.err());
        assertEquals(1, b.errLines().size(), b.err());
        assertTrue(b.err().startsWith("flip: MODEL " + broken.resolve("model.json")), b.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void parametersThatCannotBeSearchedSayWhy() throws Exception {
        Path disabled = Files.writeString(tmp.resolve("stacks/disabled.json"), new PerturbationStack(List.of(StackEntry
                .of(CAMERA).with("elevation", 5.0).withEnabled(false))).toJson());
        String[][] cases = {
                { "flip: --parameters 'fgsm.epsilon': org.perturber.perturbation.adversarial.fgsm is an attack: each of "
                        + "its samples is a whole attack; add it to the stack to search it", "--parameters",
                        "fgsm.epsilon" },
                { "flip: --parameters 'fgsm.show': parameter 'show' of org.perturber.perturbation.adversarial.fgsm is "
                        + "not numeric; its numeric parameters: [epsilon]", "--parameters", "fgsm.show" },
                { "flip: --parameters 'cameraPerturbation.elevation': the stack's " + CAMERA + " is disabled; enable "
                        + "it in the stack file", "--parameters", "cameraPerturbation.elevation", "--stack", disabled
                                .toString() },
                { "flip: nothing to search: the stack " + disabled + " has no enabled entry with a numeric parameter; "
                        + "give --parameters P.param,... or --unstacked", "--stack", disabled.toString() } };
        for (String[] c : cases) {
            List<String> a = new ArrayList<>(List.of("net-a", "--models", models.toString()));
            a.addAll(List.of(c).subList(1, c.length));
            Run r = run(a.toArray(String[]::new));
            assertEquals(FlipApplication.EXIT_BAD_INPUT, r.exit(), c[0] + ": " + r.err());
            assertEquals(List.of(c[0]), r.errLines());
        }
    }

    /** The command as the launcher runs it: a child Equinox, the same CSV as in-process, and exit 2 on bad input. */
    @Test
    void asARealProcessItWritesTheSameCsvAndExitsTwoOnBadInput() throws Exception {
        Path here = tmp.resolve("process/here.csv");
        Path there = tmp.resolve("process/there.csv");
        List<String> common = new ArrayList<>(QUICK);
        common.addAll(List.of("net-a", "--models", models.toString(), "--stack", stackFile.toString(), "--view",
                "30"));
        Run r = run(args(common, "--out", here.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> vm = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        Path warm;
        try (EquinoxProcess child = EquinoxProcess.start(tmp.resolve("children"), Duration.ofSeconds(180), vm,
                "org.perturber.headless.flip", args(common, "--out", there.toString()))) {
            assertEquals(0, child.awaitExit(), child.output());
            warm = child.configuration();
        }
        assertEquals(Files.readString(here), Files.readString(there), "the same arguments, the same CSV");
        Path hostile = Files.writeString(tmp.resolve("process/hostile.json"), "[1, 2]");
        try (EquinoxProcess child = EquinoxProcess.start(tmp.resolve("children"), warm, Duration.ofSeconds(180), vm,
                "org.perturber.headless.flip", "net-a", "--models", models.toString(), "--stack", hostile.toString())) {
            assertEquals(FlipApplication.EXIT_BAD_INPUT, child.awaitExit(), child.output());
            String all = child.output();
            List<String> err = all.substring(all.indexOf("--- stderr ---")).lines().filter(l -> l.startsWith(
                    "flip: ")).toList();
            assertEquals(List.of("flip: --stack " + hostile + ": not a valid stack file: a perturbation stack needs "
                    + "{\"perturbations\": [...]}, got a list [...]"), err, all);
        }
    }
}
