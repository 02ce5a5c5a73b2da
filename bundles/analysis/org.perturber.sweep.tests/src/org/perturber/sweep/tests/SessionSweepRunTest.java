package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Scene;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/**
 * Session sweeps run for real (renderer, perturbations, the shared inference service): each sample starts from the
 * session's own scene, so a level equal to the stack's current value gives what the workbench shows for it.
 */
class SessionSweepRunTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    private static SweepSpec spec(Scene scene, PerturbationStack stack, String vary, int views, String out)
            throws SweepSpecException {
        return SweepFixtures.sessions().vary(scene, stack, SweepFixtures.modelDirs(models), SessionSweeps.Vary
                .parse(vary), views, tmp.resolve(out));
    }

    /** Each model's probabilities in the one row of a level and view. */
    private static float[] at(List<SweepRunner.Row> rows, String model, Object level, int view) {
        List<SweepRunner.Row> found = rows.stream().filter(r -> r.model().equals(model) && r.sample().view() == view
                && level.equals(r.sample().point().values().get(0))).toList();
        assertEquals(1, found.size(), model + " at " + level + ", view " + view);
        return found.get(0).result().probabilities();
    }

    @Test
    void theLevelAtTheCurrentValueGivesExactlyTheWorkbenchPredictions() throws Exception {
        Scene scene = SweepFixtures.sessionScene();
        PerturbationStack stack = SweepFixtures.sessionStack(); // camera elevation at 10
        SweepSpec spec = spec(scene, stack, "camera.cameraPerturbation.elevation=-20:40:7", 1, "out/current");
        assertTrue(spec.factors().get(0).levels().contains(10.0), "a level at the current value");
        SweepRunner runner = SweepFixtures.runner(spec);
        List<SweepRunner.Row> rows = SweepFixtures.rows(runner);
        assertEquals(7 * 2, rows.size());
        for (LoadedModel m : runner.models()) {
            String id = m.location().getFileName().toString();
            float[] swept = at(rows, id, 10.0, 0);
            float[] shown = SweepFixtures.workbench(scene, stack, m);
            assertEquals(shown.length, swept.length);
            assertArrayEquals(shown, swept, 1e-6f, id);
            // not by chance: another level is another state
            assertTrue(SweepFixtures.maxDifference(shown, at(rows, id, 40.0, 0)) > 1e-5, id);
        }
    }

    @Test
    void withTheStandardSceneASessionSweepIsTheSpecFilesSweep() throws Exception {
        // the other side of the next test: nothing but the scene tells the two kinds of sweep apart
        SweepSpec session = spec(SweepFixtures.standard(), SweepFixtures.sessionStack(),
                "image.fadeToBlack.amount=0:0.5:2", 1, "out/standard-session");
        SweepSpec file = SweepFixtures.read(models, """
                {
                  "name": "standard-file",
                  "objects": ["mug"],
                  "models": ["net-a", "net-b"],
                  "stack": [{"id": "camera.cameraPerturbation", "values": {"elevation": 10}},
                            {"id": "image.fadeToBlack", "values": {"amount": 0.2}}],
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.5, "steps": 2}],
                  "output": "out/standard-file"
                }
                """, tmp);
        List<SweepRunner.Row> a = SweepFixtures.rows(SweepFixtures.runner(session));
        List<SweepRunner.Row> b = SweepFixtures.rows(SweepFixtures.runner(file));
        assertEquals(4, a.size());
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).model(), a.get(i).model());
            assertArrayEquals(b.get(i).result().probabilities(), a.get(i).result().probabilities(), 1e-6f);
        }
    }

    @Test
    void theSessionsCameraLightingAndBackgroundAreEachRendered() throws Exception {
        Scene standard = SweepFixtures.standard();
        PerturbationStack stack = SweepFixtures.sessionStack();
        String vary = "image.fadeToBlack.amount=0:0.5:2";
        PerturbationStack unfaded = stack.set(1, stack.entries().get(1).with("amount", 0.0)); // the level 0
        List<SweepRunner.Row> base = SweepFixtures.rows(SweepFixtures.runner(spec(standard, stack, vary, 1,
                "out/base")));
        Map<String, Scene> changed = Map.of("camera", standard.withCamera(SweepFixtures.sessionCamera()), "lighting",
                standard.withLighting(SweepFixtures.sessionLighting()), "background", standard.withBackground(
                        SweepFixtures.sessionBackground()));
        for (Map.Entry<String, Scene> e : changed.entrySet()) {
            SweepRunner runner = SweepFixtures.runner(spec(e.getValue(), stack, vary, 1, "out/" + e.getKey()));
            List<SweepRunner.Row> rows = SweepFixtures.rows(runner);
            for (LoadedModel m : runner.models()) {
                String id = m.location().getFileName().toString();
                // the sweep sees what the workbench shows for that scene, which is not the standard scene
                assertArrayEquals(SweepFixtures.workbench(e.getValue(), unfaded, m), at(rows, id, 0.0, 0), 1e-6f);
                double moved = SweepFixtures.maxDifference(at(base, id, 0.0, 0), at(rows, id, 0.0, 0));
                assertTrue(moved > 1e-3, e.getKey() + " changes what " + id + " predicts: " + moved);
                RgbImage mine = SweepFixtures.input(e.getValue(), unfaded, m);
                RgbImage theirs = SweepFixtures.input(standard, unfaded, m);
                assertTrue(meanDifference(mine, theirs) > 0.01, e.getKey() + " changes the image");
            }
        }
    }

    @Test
    void viewsTurnTheSessionCamera() throws Exception {
        Scene scene = SweepFixtures.sessionScene();
        PerturbationStack stack = SweepFixtures.sessionStack();
        SweepRunner runner = SweepFixtures.runner(spec(scene, stack, "image.fadeToBlack.amount=0:0.5:2", 4,
                "out/views"));
        assertSame(scene, runner.baseScene(0, 0), "view 0 is the session's scene itself");
        Camera c = scene.camera();
        for (int v = 1; v < 4; v++) {
            Scene turned = runner.baseScene(0, v);
            assertEquals(scene.withCamera(c.withOrbit(c.azimuthDegrees() + 90 * v, c.elevationDegrees(), c
                    .distance())), turned, "view " + v + ": only the azimuth turns");
        }
        List<SweepRunner.Row> rows = SweepFixtures.rows(runner);
        assertEquals(2 * 4 * 2, rows.size());
        for (LoadedModel m : runner.models()) {
            String id = m.location().getFileName().toString();
            Scene quarter = scene.withCamera(c.withOrbit(c.azimuthDegrees() + 90, c.elevationDegrees(), c
                    .distance()));
            float[] shown = SweepFixtures.workbench(quarter, stack.set(1, stack.entries().get(1).with("amount", 0.0)),
                    m);
            assertArrayEquals(shown, at(rows, id, 0.0, 1), 1e-6f, id);
            assertTrue(SweepFixtures.maxDifference(at(rows, id, 0.0, 0), at(rows, id, 0.0, 1)) > 1e-5,
                    "another view, other predictions");
        }
    }

    @Test
    void aSessionSweepResumesOnlyTheSameSweep() throws Exception {
        Scene scene = SweepFixtures.sessionScene();
        PerturbationStack stack = SweepFixtures.sessionStack();
        String vary = "camera.cameraPerturbation.elevation=-20:40:3";
        SweepSpec spec = spec(scene, stack, vary, 1, "out/resume");
        // the varied parameter's current value is set by every sample: moving it leaves the same sweep
        SweepSpec moved = spec(scene, stack.set(0, stack.entries().get(0).with("elevation", 25.0)), vary, 1,
                "out/resume");
        assertEquals(spec.text(), moved.text());
        assertEquals(spec.text(), spec(scene, stack, vary, 1, "out/resume").text(), "canonical");
        SweepSpec turned = spec(scene.withCamera(scene.camera().withRoll(0)), stack, vary, 1, "out/resume");
        assertNotEquals(spec.text(), turned.text(), "another camera, another sweep");
        assertNotEquals(spec.text(), spec(scene, stack, vary, 2, "out/resume").text(), "views count");

        assertNotNull(SweepFixtures.runner(spec).run(true, () -> false, p -> {
        }));
        byte[] samples = Files.readAllBytes(spec.output().resolve(SweepResults.SAMPLES));
        assertEquals(spec.text(), Files.readString(spec.output().resolve(SweepResults.SPEC)));
        assertNotNull(SweepFixtures.runner(moved).run(false, () -> false, p -> {
        }), "resumes (here: finds it done)");
        assertArrayEquals(samples, Files.readAllBytes(spec.output().resolve(SweepResults.SAMPLES)));
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.runner(turned).run(false,
                () -> false, p -> {
                }));
        assertTrue(e.getMessage().contains("different sweep spec"), e.getMessage());
    }

    private static double meanDifference(RgbImage a, RgbImage b) {
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs(a.data()[i] - b.data()[i]);
        }
        return sum / a.data().length;
    }
}
