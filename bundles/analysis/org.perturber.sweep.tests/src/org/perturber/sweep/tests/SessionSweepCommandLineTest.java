package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.headless.SweepApplication;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What {@code releng/perturber sweep --session FILE --vary ... --views N --out DIR} is given, checked as the command
 * checks it: every problem is one line naming the argument or file and what is wrong.
 */
class SessionSweepCommandLineTest {
    private static final String ELEVATION = "camera.cameraPerturbation.elevation=-20:40:7";
    @TempDir
    static Path tmp;
    private static Path session;

    /** A session saved as the workbench saves it (File > Save session), with two loaded models. */
    @BeforeAll
    static void saveSession() throws Exception {
        Path models = SweepFixtures.models(tmp.resolve("models"));
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        List<LoadedModel> loaded = new ArrayList<>();
        for (Path dir : SweepFixtures.modelDirs(models)) {
            loaded.add(inference.load(dir).get());
        }
        session = tmp.resolve("sessions/s.json");
        Files.createDirectories(session.getParent());
        SessionFile.write(session, SweepFixtures.sessionScene(), SweepFixtures.sessionStack(), loaded);
    }

    private static List<String> refused(Path file, String vary, int views) {
        return assertThrows(SweepSpecException.class, () -> SweepFixtures.sessions().fromFile(file, vary, views,
                null)).problems();
    }

    @Test
    void aVaryArgumentIsPerturbationDotParameterAndARange() throws Exception {
        assertEquals(new SessionSweeps.Vary("camera.cameraPerturbation", "elevation", -20, 40, 7), SessionSweeps.Vary
                .parse(ELEVATION));
        assertEquals(new SessionSweeps.Vary(SweepFixtures.CAMERA, "fov", 1.5, -0.5, 2), SessionSweeps.Vary.parse(
                SweepFixtures.CAMERA + ".fov=1.5:-.5:2"), "the full id; downwards");
        assertEquals("camera.cameraPerturbation.elevation=-20:40:7", SessionSweeps.Vary.parse(ELEVATION).text());
    }

    @Test
    void malformedVaryArgumentsAreRefusedSayingWhatIsWrong() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("camera.cameraPerturbation.elevation", "expected PERTURBATION.PARAMETER=FROM:TO:STEPS");
        bad.put("elevation=-20:40:7", "expected PERTURBATION.PARAMETER=FROM:TO:STEPS");
        bad.put("=-20:40:7", "expected PERTURBATION.PARAMETER=FROM:TO:STEPS");
        bad.put("camera.cameraPerturbation.=-20:40:7", "expected PERTURBATION.PARAMETER=FROM:TO:STEPS");
        bad.put("camera.cameraPerturbation.elevation=-20:40", "expected FROM:TO:STEPS after '=', got '-20:40'");
        bad.put("camera.cameraPerturbation.elevation=-20:40:7:1", "expected FROM:TO:STEPS after '='");
        bad.put("camera.cameraPerturbation.elevation=low:40:7", "FROM 'low' is not a number");
        bad.put("camera.cameraPerturbation.elevation=-20::7", "TO '' is not a number");
        bad.put("camera.cameraPerturbation.elevation=-20:Infinity:7", "TO 'Infinity' is not a number");
        bad.put("camera.cameraPerturbation.elevation=-20:40:7.5", "STEPS '7.5' is not a whole number");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            SweepSpecException x = assertThrows(SweepSpecException.class, () -> SessionSweeps.Vary.parse(e
                    .getKey()), e.getKey());
            assertTrue(x.getMessage().startsWith("--vary '" + e.getKey() + "': "), "names it: " + x.getMessage());
            assertTrue(x.getMessage().contains(e.getValue()), x.getMessage());
            assertEquals(1, x.problems().size());
        }
    }

    @Test
    void aSavedSessionBecomesItsSweep() throws Exception {
        SweepSpec spec = SweepFixtures.sessions().fromFile(session, ELEVATION, 3, null);
        assertEquals(SweepFixtures.sessionScene(), spec.scene());
        assertEquals(SweepFixtures.sessionStack(), spec.stack());
        assertEquals(List.of("net-a", "net-b"), spec.models().stream().map(SweepSpec.SweepModel::id).toList());
        assertEquals(3, spec.views());
        assertEquals(session.getParent().resolve("sweep-results/cameraPerturbation-elevation"), spec.output(),
                "beside the session by default");
        assertEquals(tmp.resolve("elsewhere"), SweepFixtures.sessions().fromFile(session, ELEVATION, 1, tmp.resolve(
                "elsewhere")).output());
    }

    @Test
    void aSavedSessionBecomesTheWorkbenchsCorruptionSuite() throws Exception {
        // sweep --session FILE --suite: the spec the workbench's Run ImageNet-C builds from the session in memory
        Path out = tmp.resolve("suite-out");
        SweepSpec fromFile = SweepFixtures.sessions().suiteFromFile(session, "imagenet-c", null, 3, 2, out);
        SweepSpec inMemory = SweepFixtures.sessions().corruptionSuite(SweepFixtures.sessionScene(), SweepFixtures
                .sessionStack(), SweepFixtures.modelDirs(tmp.resolve("models")), "imagenet-c", null, 2, 3, out);
        assertEquals(inMemory.text(), fromFile.text(), "the same sweep: its results folder resumes either way");
        assertEquals(2, fromFile.views());
        assertEquals(session.getParent().resolve("sweep-results/imagenet-c"), SweepFixtures.sessions().suiteFromFile(
                session, "imagenet-c", null, 1, 1, null).output(), "beside the session by default");
        // the other side: another seed is another sweep
        assertFalse(inMemory.text().equals(SweepFixtures.sessions().suiteFromFile(session, "imagenet-c", null, 4, 2,
                out).text()));
    }

    @Test
    void suiteArgumentsBelongToSessionSweepsAndExcludeVary() throws Exception {
        Map<List<String>, String> bad = new LinkedHashMap<>();
        bad.put(List.of("--session", session.toString(), "--suite", "imagenet-c", "--vary", ELEVATION),
                "sweep: --vary and --suite exclude each other: give one");
        bad.put(List.of(session.toString(), "--suite", "imagenet-c"), "sweep: --suite applies to --session sweeps; "
                + "a spec file has its own \"design\"");
        bad.put(List.of("--session", session.toString(), "--vary", ELEVATION, "--seed", "2"), "sweep: --baseline "
                + "and --seed apply to --session ... --suite sweeps");
        bad.put(List.of("--session", session.toString()), "sweep: --session " + session + " needs --vary "
                + "PERTURBATION.PARAMETER=FROM:TO:STEPS (or --suite SUITE)");
        for (Map.Entry<List<String>, String> e : bad.entrySet()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(SweepApplication.EXIT_BAD_INPUT, command(err, e.getKey().toArray(String[]::new)), "" + e
                    .getKey());
            assertEquals(List.of(e.getValue()), err.toString(StandardCharsets.UTF_8).lines().toList());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(SweepApplication.EXIT_BAD_INPUT, command(err, "--session", session.toString(), "--suite",
                "imagenet-x", "--allow-outside", "--out", tmp.resolve("no-suite").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sweep: unknown corruption suite 'imagenet-x'"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingOrBrokenSessionFilesAreRefusedByName() throws Exception {
        Path missing = tmp.resolve("nope.json");
        assertEquals(List.of("--session " + missing + ": no such file"), refused(missing, ELEVATION, 1));
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, Files.readString(session).replaceFirst("\\{", "{,"));
        List<String> problems = refused(broken, ELEVATION, 1);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("--session " + broken + ": not a valid session file"), problems
                .get(0));
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"name\": \"a sweep spec, not a session\"}");
        assertTrue(refused(other, ELEVATION, 1).get(0).contains(other + ": not a Perturber session"));
        Path nullScene = tmp.resolve("null-scene.json");
        Files.writeString(nullScene, "{\"scene\": {\"objects\": [null]}, \"stack\": {\"perturbations\": []}}");
        assertTrue(refused(nullScene, ELEVATION, 1).get(0).contains(nullScene + ": not a valid session file"));
    }

    @Test
    void theCommandRefusesASessionSweepBeyondThePlanCapBeforeAnyWork() throws Exception {
        // the saved session with a third model: 10,000 levels x 360 views x 3 models = 10,800,000 rows
        JsonObject root = JsonParser.parseString(Files.readString(session)).getAsJsonObject();
        root.getAsJsonArray("models").add(tmp.resolve("models/net-a").toString());
        Path three = tmp.resolve("sessions/three-models.json");
        Files.writeString(three, root.toString());
        String vary = "camera.cameraPerturbation.elevation=-20:40:10000";
        Path out = tmp.resolve("capped");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SweepApplication.run(new String[] { "--session", three.toString(), "--vary", vary, "--views",
                "360", "--out", out.toString() }, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), () -> false);
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(SweepApplication.EXIT_BAD_INPUT, exit, err);
        assertEquals(List.of("sweep: --vary '" + vary + "': the plan has 10800000 rows (points x objects x views x "
                + "models); the cap is 10000000 (SweepSpec.MAX_PLANNED_ROWS): use fewer steps, views or models"), err
                        .lines().toList());
        assertEquals("", stdout.toString(StandardCharsets.UTF_8), "no model loaded, nothing sampled");
        assertFalse(Files.exists(out), "nothing written");
        // the other side: the session's own two models are within the cap
        assertEquals(7_200_000L, SweepFixtures.sessions().fromFile(session, vary, 360, out).plannedRows());
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() {
        List<String> problems = refused(tmp.resolve("nope.json"), "camera.cameraPerturbation.elevation=a:b:c", 0);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("--vary 'camera.cameraPerturbation.elevation=a:b:c': FROM 'a'"));
        assertTrue(problems.get(1).startsWith("--session "));
        assertTrue(problems.get(2).startsWith("--views: "));
        // with a good session, the factor is checked against the perturbations too
        List<String> checked = refused(session, "camera.zoom.amount=0:1:1", 1);
        assertEquals(2, checked.size(), checked.toString());
        assertTrue(checked.get(0).startsWith("--vary 'camera.zoom.amount=0:1:1': STEPS must be between 2"),
                checked.get(0));
        assertTrue(checked.get(1).startsWith("--vary 'camera.zoom.amount=0:1:1': unknown perturbation "
                + "'camera.zoom'"), checked.get(1));
    }

    private static int command(ByteArrayOutputStream err, String... args) throws InterruptedException {
        return SweepApplication.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> false);
    }

    @Test
    void modelFoldersOutsideTheSessionsFolderAreListedAndNeedTheUsersLeave() throws Exception {
        // the session lies in sessions/, its models in models/ beside it: named absolutely, read only when allowed
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String small = "camera.cameraPerturbation.elevation=-20:40:2";
        Path out = tmp.resolve("allowed-out");
        assertEquals(SweepApplication.EXIT_BAD_INPUT, command(err, "--session", session.toString(), "--vary", small,
                "--out", out.toString()));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("sweep: " + session + ": models[0] names " + tmp.resolve("models"))
                && lines.get(0).endsWith("give --allow-outside to read it"), lines.get(0));
        assertFalse(Files.exists(out), "nothing was run");
        // two-sided: allowed on the command line, or trusted as the models folder, the same session sweeps
        ByteArrayOutputStream allowedErr = new ByteArrayOutputStream();
        assertEquals(0, command(allowedErr, "--session", session.toString(), "--vary", small, "--out", out
                .toString(), "--allow-outside"), allowedErr.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream trustedErr = new ByteArrayOutputStream();
        assertEquals(0, command(trustedErr, "--session", session.toString(), "--vary", small, "--out", out
                .toString(), "--models", tmp.resolve("models").toString()), trustedErr.toString(
                        StandardCharsets.UTF_8));
    }
}
