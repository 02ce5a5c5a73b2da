package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.param.InvalidParameterException;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.session.SessionFile;
import org.perturber.headless.SweepApplication;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.SweepSpecReader;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Wrongly typed, non-finite, escaping and oversized sessions, stacks and sweep specs, each written here into a
 * temporary folder: every one is refused naming the file, the element and the problem in words (never a Java
 * exception's name), and a sweep whose mesh is broken stops before its first sample with a non-zero exit code.
 */
class HostileSpecsAndSessionsTest {
    /** A Java exception's class name in a message ("ClassCastException", "java.lang.IllegalStateException"). */
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Z]\\w*(Exception|Error)\\b|java\\.");
    @TempDir
    static Path tmp;
    private static Path models;
    private static JsonObject goodSession;

    @BeforeAll
    static void writeModelsAndASession() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
        Path saved = tmp.resolve("good-session.json");
        SessionFile.write(saved, SweepFixtures.sessionScene(), SweepFixtures.sessionStack(), List.of());
        goodSession = JsonParser.parseString(Files.readString(saved)).getAsJsonObject();
        SessionFile.read(saved); // the unbroken session reads: the refusals below are the breakages'
    }

    private static void inWords(String message) {
        assertFalse(JAVA_NAME.matcher(message).find(), "no Java names: " + message);
    }

    // --- sessions ---------------------------------------------------------------------------------------------

    /** Writes the good session broken by {@code breakIt} and asserts it is refused naming file, element, problem. */
    private static void sessionRefused(String name, Consumer<JsonObject> breakIt, String element, String problem)
            throws IOException {
        JsonObject root = goodSession.deepCopy();
        breakIt.accept(root);
        Path file = tmp.resolve(name + ".json");
        Files.writeString(file, root.toString());
        IOException e = assertThrows(IOException.class, () -> SessionFile.read(file), name);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), "names the file: " + m);
        assertTrue(m.contains(element + ": "), "names " + element + ": " + m);
        assertTrue(m.contains(problem), "says '" + problem + "': " + m);
        inWords(m);
    }

    private static JsonObject entry(JsonObject root, int i) {
        return root.getAsJsonObject("stack").getAsJsonArray("perturbations").get(i).getAsJsonObject();
    }

    @Test
    void aSessionStackThatIsAListIsRefused() throws IOException {
        sessionRefused("stack-list", r -> r.add("stack", new JsonArray()), "stack",
                "expected {\"perturbations\": [...]}, got a list [...]");
    }

    @Test
    void aSessionsPerturbationsThatAreAnObjectAreRefused() throws IOException {
        sessionRefused("perturbations-object", r -> r.getAsJsonObject("stack").add("perturbations", new JsonObject()),
                "stack.perturbations", "expected a list [...], got an object {...}");
    }

    @Test
    void aNullInTheSessionsStackIsRefused() throws IOException {
        sessionRefused("null-entry", r -> r.getAsJsonObject("stack").getAsJsonArray("perturbations").add(
                JsonNull.INSTANCE), "stack.perturbations[2]", "got null");
    }

    @Test
    void aSessionStackValueThatIsAnObjectIsRefused() throws IOException {
        sessionRefused("value-object", r -> entry(r, 1).getAsJsonObject("values").add("amount", new JsonObject()),
                "stack.perturbations[1].values.amount", "expected a number, string or boolean, got an object");
    }

    @Test
    void sessionValuesThatAreAListAreRefused() throws IOException {
        sessionRefused("values-list", r -> entry(r, 0).add("values", new JsonArray()),
                "stack.perturbations[0].values", "got a list");
    }

    @Test
    void aSessionPerturbationIdThatIsANumberIsRefused() throws IOException {
        sessionRefused("id-number", r -> entry(r, 0).addProperty("id", 5), "stack.perturbations[0].id",
                "expected a perturbation id (a string), got the number 5");
    }

    @Test
    void aSessionEnabledFlagThatIsTextIsRefused() throws IOException {
        sessionRefused("enabled-text", r -> entry(r, 1).addProperty("enabled", "yes"),
                "stack.perturbations[1].enabled", "expected true or false, got the string \"yes\"");
    }

    @Test
    void sessionModelsThatAreAnObjectOrHoldANullAreRefused() throws IOException {
        sessionRefused("models-object", r -> r.add("models", new JsonObject()), "models", "got an object");
        sessionRefused("models-null", r -> {
            JsonArray list = new JsonArray();
            list.add("somewhere");
            list.add(JsonNull.INSTANCE);
            r.add("models", list);
        }, "models[1]", "expected a model folder (a string), got null");
    }

    @Test
    void aSceneThatIsAListOrWronglyShapedIsRefused() throws IOException {
        sessionRefused("scene-list", r -> r.add("scene", new JsonArray()), "scene", "expected an object {...}");
        sessionRefused("scene-objects-object", r -> r.getAsJsonObject("scene").add("objects", new JsonObject()),
                "scene.objects", "expected a list [...], got an object {...}");
        sessionRefused("scene-camera-text", r -> r.getAsJsonObject("scene").addProperty("camera", "front"),
                "scene.camera", "expected an object {...}, got a string");
        sessionRefused("scene-distance-text", r -> r.getAsJsonObject("scene").getAsJsonObject("camera").addProperty(
                "distance", "far"), "scene", "a number was expected, got text (\"far\")");
    }

    @Test
    void aSessionThatIsNotAnObjectIsRefused() throws IOException {
        Path file = tmp.resolve("session-list.json");
        Files.writeString(file, "[1, 2]");
        IOException e = assertThrows(IOException.class, () -> SessionFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a Perturber session: expected an object {...}, got a list"),
                e.getMessage());
    }

    @Test
    void oversizedOrNonRegularSessionAndSpecFilesAreRefusedBeforeTheyAreRead() throws Exception {
        Path big = tmp.resolve("big-session.json");
        Files.writeString(big, "{\"scene\": \"" + "x".repeat((int) SessionFile.MAX_BYTES) + "\"}");
        assertTrue(assertThrows(IOException.class, () -> SessionFile.read(big)).getMessage().startsWith(big + ": "
                + Files.size(big) + " bytes is more than a session file may have"));
        Path folder = Files.createDirectories(tmp.resolve("a-folder.json"));
        assertEquals(folder + ": not a regular file (a folder, a pipe or a device)", assertThrows(IOException.class,
                () -> SessionFile.read(folder)).getMessage());
        Path bigSpec = tmp.resolve("big-spec.json");
        Files.writeString(bigSpec, spec("description", "\"" + "x".repeat((int) SweepSpecReader.MAX_BYTES) + "\""));
        String m = assertThrows(SweepSpecException.class, () -> SweepFixtures.reader(models).read(bigSpec))
                .getMessage();
        assertTrue(m.startsWith(bigSpec + ": " + Files.size(bigSpec) + " bytes is more than a sweep spec may have"), m);
        assertEquals(folder + ": not a regular file (a folder, a pipe or a device)", assertThrows(
                SweepSpecException.class, () -> SweepFixtures.reader(models).read(folder)).getMessage());
    }

    @Test
    void aStackWithWrongTypesIsRefusedNamingTheElement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerturbationStack.fromJson(
                "{\"perturbations\": [{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\", \"values\": {\"sigma\": [1]}}]}"));
        assertEquals("perturbations[2].values.sigma: expected a number, string or boolean, got a list [...]", e
                .getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PerturbationStack.fromJson("{\"perturbations\": 3}"));
        assertEquals("perturbations: expected a list [...], got the number 3", e.getMessage());
    }

    // --- non-finite values ------------------------------------------------------------------------------------

    @Test
    void infiniteParameterValuesAreRefusedNamingTheParameterWhileFiniteOnesStillClamp() {
        NumberParameter sigma = new NumberParameter("sigma", "Blur radius", "px", 0, 10, 1.0);
        ParameterValues values = ParameterValues.defaults(List.of(sigma));
        for (double v : new double[] { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN }) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> values.with("sigma",
                    v), "refused: " + v);
            assertTrue(e.getMessage().contains("(sigma)"), e.getMessage());
        }
        assertTrue(assertThrows(InvalidParameterException.class, () -> values.with("sigma",
                Double.POSITIVE_INFINITY)).getMessage().contains("must be a finite number, got Infinity"));
        assertEquals(10.0, values.with("sigma", 1e300).getDouble("sigma"), "a finite value beyond the range clamps");
        NumberParameter azimuth = new NumberParameter("azimuth", "Azimuth", "deg", -180, 180, 0.0, 1);
        assertThrows(InvalidParameterException.class, () -> azimuth.normalize(Double.NEGATIVE_INFINITY));
        assertEquals(-160.0, azimuth.normalize(200.0), "an angle still wraps");
    }

    // --- sweep specs ------------------------------------------------------------------------------------------

    /** A small valid spec with {@code key} replaced by {@code value} (the raw JSON text). */
    private static String spec(String key, String value) {
        JsonObject o = JsonParser.parseString("""
                {
                  "name": "hostile",
                  "objects": ["mug"],
                  "views": 1,
                  "models": ["net-a"],
                  "stack": [{"id": "image.frequencyFilter", "values": {"pass": "low"}}],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1, "steps": 2}],
                  "metrics": ["top1"]
                }
                """).getAsJsonObject();
        if (key != null) {
            o.add(key, JsonParser.parseString(value));
        }
        return o.toString().replace(",\"", ",\n\"");
    }

    private static Path writeSpec(String dir, String json) throws IOException {
        Path file = tmp.resolve(dir).resolve("spec.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    private static String specRefused(String dir, String json, String element, String problem) throws IOException {
        Path file = writeSpec(dir, json);
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.reader(models).read(file),
                dir);
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), "names the file: " + m);
        assertTrue(m.contains(element), "names " + element + ": " + m);
        assertTrue(m.contains(problem), "says '" + problem + "': " + m);
        inWords(m);
        return m;
    }

    @Test
    void theSmallSpecReads() throws Exception {
        SweepSpec spec = SweepFixtures.reader(models).read(writeSpec("good", spec(null, null)));
        assertEquals(tmp.resolve("good/sweep-results/hostile"), spec.output());
    }

    @Test
    void specObjectsThatAreAnObjectOrHoldNullsAreRefused() throws IOException {
        specRefused("objects-object", spec("objects", "{\"file\": \"a.obj\"}"), "\"objects\"", "must be a list");
        specRefused("objects-null", spec("objects", "[\"mug\", null]"), "objects[1]", "got null");
        specRefused("objects-file-object", spec("objects", "[{\"file\": {}}]"), "objects[0].file",
                "expected a mesh file name (a string), got an object");
    }

    @Test
    void specModelsHoldingANullAreRefused() throws IOException {
        specRefused("models-null", spec("models", "[null]"), "models[0]", "expected a model id or folder");
    }

    @Test
    void specStackEntriesWithWrongTypesAreRefusedByPath() throws IOException {
        specRefused("stack-values-list", spec("stack", "[{\"id\": \"image.frequencyFilter\", \"values\": [1]}]"),
                "stack[0].values", "got a list");
        specRefused("stack-value-object", spec("stack", "[{\"id\": \"image.fadeToBlack\"}, {\"id\": "
                + "\"image.fadeToBlack\"}, {\"id\": \"image.frequencyFilter\", \"values\": {\"cutoff\": {}}}]"),
                "stack[2].values.cutoff", "expected a number, string or boolean for cutoff, got an object");
        specRefused("stack-null", spec("stack", "[null]"), "stack[0]", "got null");
        specRefused("stack-id-list", spec("stack", "[{\"id\": [\"x\"]}]"), "stack[0].id", "got a list");
    }

    @Test
    void specFactorsWithWrongTypesAreRefusedByPath() throws IOException {
        specRefused("vary-values-object", spec("vary", "[{\"perturbation\": \"image.fadeToBlack\", \"parameter\": "
                + "\"amount\", \"values\": {\"a\": 1}}]"), "vary[0].values", "expected a list of levels");
        specRefused("vary-values-null", spec("vary", "[{\"perturbation\": \"image.fadeToBlack\", \"parameter\": "
                + "\"amount\", \"values\": [0.5, null]}]"), "vary[0].values[1]", "got null");
        specRefused("vary-text", spec("vary", "[\"amount\"]"), "vary[0]", "got the string \"amount\"");
    }

    @Test
    void specScalarsOfTheWrongTypeAreRefused() throws IOException {
        specRefused("views-text", spec("views", "\"4\""), "\"views\"", "must be a number, got the string \"4\"");
        specRefused("design-list", spec("design", "[\"grid\"]"), "design", "got a list");
        specRefused("metrics-null", spec("metrics", "[\"top1\", null]"), "metrics[1]", "got null");
    }

    @Test
    void infiniteValuesInASpecAreRefused() throws IOException {
        specRefused("stack-infinite", spec("stack", "[{\"id\": \"image.frequencyFilter\", \"values\": "
                + "{\"cutoff\": 1e999}}]"), "stack[0].values.cutoff", "must be a finite number");
        specRefused("vary-infinite", spec("vary", "[{\"perturbation\": \"image.fadeToBlack\", \"parameter\": "
                + "\"amount\", \"from\": -1e999, \"to\": 1}]"), "\"from\"", "must be a finite number");
    }

    // --- sweep output, plan size, --fresh, broken meshes --------------------------------------------------------

    @Test
    void anOutputOutsideTheSpecsFolderIsRefusedUnlessTheCommandLineGivesOne() throws Exception {
        specRefused("escape-up", spec("output", "\"../../elsewhere\""), "\"output\" ../../elsewhere",
                "outside the spec's folder");
        specRefused("escape-absolute", spec("output", "\"/tmp/x\""), "\"output\" /tmp/x", "give --output DIR");
        specRefused("escape-self", spec("output", "\"sub/..\""), "\"output\"", "outside the spec's folder");
        Path file = writeSpec("escape-chosen", spec("output", "\"../../elsewhere\""));
        Path chosen = tmp.resolve("chosen-by-hand");
        assertEquals(chosen, SweepFixtures.reader(models).read(file, chosen).output(), "--output wins");
        assertEquals(tmp.resolve("inside/results/a"), SweepFixtures.reader(models).read(writeSpec("inside", spec(
                "output", "\"results/./a\""))).output(), "a folder under the spec's is kept");
    }

    @Test
    void aPlanBeyondTheCapIsRefusedBeforeAnythingIsBuiltEvenWhenItsSizeOverflows() throws IOException {
        String factor = "{\"perturbation\": \"camera.cameraPerturbation\", \"parameter\": \"%s\", \"from\": -1, "
                + "\"to\": 1, \"steps\": 10000}";
        String two = "[" + factor.formatted("panX") + ", " + factor.formatted("panY") + "]";
        specRefused("plan-1e8", spec("vary", two), "the plan has 100000000 rows",
                "the cap is 10000000 (SweepSpec.MAX_PLANNED_ROWS)");
        String many = "[" + String.join(", ", List.of("panX", "panY", "roll", "azimuth", "elevation", "fov").stream()
                .map(factor::formatted).toList()) + "]"; // 10^24 points: beyond a long
        JsonObject o = JsonParser.parseString(spec("vary", many)).getAsJsonObject();
        o.add("views", new JsonPrimitive(360));
        specRefused("plan-overflow", o.toString(), "more rows than can be counted", "MAX_PLANNED_ROWS");
        assertEquals(10_000_000L, SweepSpec.MAX_PLANNED_ROWS);
    }

    /** The sweep command as the headless application runs it: its exit code, stdout and stderr. */
    private record Command(int exit, String out, String err) {
    }

    private static Command sweep(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the test's models by id: a spec may name model folders only inside its own folder
        String[] withModels = new String[args.length + 2];
        withModels[0] = "--models";
        withModels[1] = models.toString();
        System.arraycopy(args, 0, withModels, 2, args.length);
        int exit = SweepApplication.run(withModels, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(
                err, true, StandardCharsets.UTF_8), () -> false);
        return new Command(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String runnableSpec(String objects, String output) {
        return spec("objects", objects).replace("\"metrics\"", "\"output\":\"" + output + "\",\n\"metrics\"");
    }

    @Test
    void theCommandRefusesAnEscapingOutputWithExitCode2AndOneLine() throws Exception {
        Path file = writeSpec("cli-escape", runnableSpec("[\"mug\"]", "../../elsewhere"));
        Command c = sweep(file.toString());
        assertEquals(SweepApplication.EXIT_BAD_INPUT, c.exit(), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
        assertTrue(c.err().startsWith("sweep: " + file), c.err());
        assertTrue(c.err().contains("outside the spec's folder"), c.err());
        assertFalse(Files.exists(tmp.resolve("elsewhere")), "nothing written there");
    }

    @Test
    void aBrokenMeshStopsTheSweepBeforeItsFirstSampleWithANonZeroExitCode() throws Exception {
        Path dir = tmp.resolve("cli-broken-mesh");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("broken.obj"), "v 0 0 0\nv 1 0 0\nf 1 2 999\n");
        Path file = writeSpec("cli-broken-mesh", runnableSpec("[\"mug\", {\"file\": \"broken.obj\", \"label\": "
                + "\"mug\"}]", "out"));
        Command c = sweep(file.toString());
        assertEquals(SweepApplication.EXIT_BAD_INPUT, c.exit(), c.out() + c.err());
        List<String> lines = c.err().lines().toList();
        assertEquals(1, lines.size(), "one line per problem: " + c.err());
        assertTrue(lines.get(0).startsWith("sweep: object 'broken.obj' (" + dir.resolve("broken.obj") + ")"), c
                .err());
        assertTrue(lines.get(0).contains("999"), "the importer's own reason, the face's vertex: " + c.err());
        inWords(lines.get(0));
        assertFalse(Files.exists(dir.resolve("out").resolve(SweepResults.SAMPLES)), "no sample was written");
        // no sample: not even the progress line printed when sampling starts (a good mesh prints it: see below)
        assertFalse(c.out().lines().anyMatch(l -> l.matches("sweep: \\d+/\\d+ samples.*")), c.out());
    }

    /** The files directly in {@code dir} whose names end with {@code suffix}, sorted. */
    private static List<String> named(Path dir, String suffix) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void freshRemovesWhatAnEarlierSweepWroteAndNothingElseAndAGoodMeshFilePassesTheCheck() throws Exception {
        Path dir = tmp.resolve("cli-fresh");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tetra.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 2 4\nf 1 3 4\n"
                + "f 2 3 4\n");
        Path first = writeSpec("cli-fresh", runnableSpec("[\"mug\", {\"file\": \"tetra.obj\", \"label\": \"mug\"}]",
                "out"));
        Command a = sweep(first.toString());
        assertEquals(0, a.exit(), a.out() + a.err());
        assertTrue(a.out().lines().anyMatch(l -> l.startsWith("sweep: 0/4 samples")) && a.out().lines().anyMatch(
                l -> l.startsWith("sweep: 4/4 samples")), "a good mesh passes the check and is sampled: " + a.out());
        Path out = dir.resolve("out");
        List<String> earlierPlots = named(out, ".png");
        assertEquals(List.of("hostile-fadetoblack-amount-top1-correct.png"), earlierPlots);
        assertEquals(List.of("hostile-fadetoblack-amount-top1-correct.png",
                "hostile-fadetoblack-amount-top1-correct.svg"), Files.readAllLines(out.resolve(SweepResults.PLOTS)));
        // the user's files beside them, and a plots.txt tampered with to name them, or files outside
        Files.writeString(out.resolve("notes.txt"), "a researcher's notes");
        Files.writeString(out.resolve("my-figure.png"), "not the sweep's");
        Files.createDirectories(out.resolve("drafts.png"));
        Files.writeString(out.resolve("drafts.png").resolve("draft.txt"), "a draft");
        Files.writeString(dir.resolve("outside.png"), "beside the output folder");
        Files.writeString(out.resolve(SweepResults.PLOTS), "notes.txt\n../outside.png\n" + dir.resolve(
                "outside.png") + "\ndrafts.png\n", StandardOpenOption.APPEND);

        // another sweep (another name, another metric) into the same folder, with --fresh
        Path second = writeSpec("cli-fresh", runnableSpec("[\"mug\"]", "out").replace("\"hostile\"",
                "\"second\"").replace("[\"top1\"]", "[\"true-class-probability\"]"));
        Command b = sweep("--fresh", second.toString());
        assertEquals(0, b.exit(), b.out() + b.err());
        assertEquals(List.of("drafts.png", "my-figure.png", "second-fadetoblack-amount-true-class-probability.png"),
                named(out, ".png"), "the earlier sweep's plots are gone; the user's file and folder stay");
        assertEquals(List.of("second-fadetoblack-amount-true-class-probability.svg"), named(out, ".svg"));
        assertTrue(Files.readString(out.resolve(SweepResults.SAMPLES)).startsWith(
                "sample,point,object,view,fadeToBlack.amount,model,predicted,true_class_probability,skipped\n"));
        assertTrue(Files.readString(out.resolve(Summary.FILE)).startsWith("factor,bin,model,n,true_class_probability"
                + "\n"), "the summary is the new sweep's");
        assertEquals(List.of("second-fadetoblack-amount-true-class-probability.png",
                "second-fadetoblack-amount-true-class-probability.svg"), Files.readAllLines(out.resolve(
                        SweepResults.PLOTS)), "plots.txt names the new plots only");
        assertEquals("a researcher's notes", Files.readString(out.resolve("notes.txt")));
        assertEquals("not the sweep's", Files.readString(out.resolve("my-figure.png")));
        assertEquals("a draft", Files.readString(out.resolve("drafts.png").resolve("draft.txt")));
        assertEquals("beside the output folder", Files.readString(dir.resolve("outside.png")));
        assertEquals(Set.of("notes.txt", "my-figure.png", "drafts.png", SweepResults.SPEC, SweepResults.SAMPLES,
                Summary.FILE, SweepResults.PLOTS, "second-fadetoblack-amount-true-class-probability.png",
                "second-fadetoblack-amount-true-class-probability.svg"), Set.copyOf(named(out, "")));
    }

    @Test
    void withoutFreshAnotherSpecsResultsAreNotTouched() throws Exception {
        Path file = writeSpec("cli-resume", runnableSpec("[\"mug\"]", "out"));
        Path out = file.getParent().resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve(SweepResults.SAMPLES), "stale,rows\n1,2\n");
        Files.writeString(out.resolve(Summary.FILE), "an earlier summary");
        Files.writeString(out.resolve("earlier-plot.png"), "an earlier plot");
        Files.writeString(out.resolve(SweepResults.PLOTS), "earlier-plot.png\n");
        Command c = sweep(file.toString());
        assertEquals(SweepApplication.EXIT_BAD_INPUT, c.exit(), c.out() + c.err());
        assertTrue(c.err().contains("different sweep spec"), c.err());
        assertEquals("stale,rows\n1,2\n", Files.readString(out.resolve(SweepResults.SAMPLES)));
        assertEquals("an earlier summary", Files.readString(out.resolve(Summary.FILE)));
        assertEquals("an earlier plot", Files.readString(out.resolve("earlier-plot.png")));
    }
}
