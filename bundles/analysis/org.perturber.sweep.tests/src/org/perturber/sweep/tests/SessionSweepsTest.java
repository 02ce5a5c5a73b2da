package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.SweepPlan;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/** Building a session sweep: what it holds, and every bad factor refused with a message saying what is wrong. */
class SessionSweepsTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    private static SweepSpec build(PerturbationStack stack, SessionSweeps.Vary vary, int views, List<Path> dirs)
            throws SweepSpecException {
        return SweepFixtures.sessions().vary(SweepFixtures.sessionScene(), stack, dirs, vary, views, tmp.resolve(
                "out"));
    }

    private static SessionSweeps.Vary vary(String perturbation, String parameter, double from, double to,
            int steps) {
        return new SessionSweeps.Vary(perturbation, parameter, from, to, steps);
    }

    /** The problems of a refused sweep, each checked to contain its fragments. */
    private static List<String> refused(PerturbationStack stack, SessionSweeps.Vary vary, int views, List<Path> dirs,
            String... fragments) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> build(stack, vary, views, dirs));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
        return e.problems();
    }

    private static List<String> refused(SessionSweeps.Vary vary, String... fragments) {
        return refused(SweepFixtures.sessionStack(), vary, 1, SweepFixtures.modelDirs(models), fragments);
    }

    @Test
    void aSessionSweepHoldsTheSessionAndVariesTheStacksOwnEntry() throws Exception {
        PerturbationStack stack = new PerturbationStack(List.of(StackEntry.of(SweepFixtures.CAMERA).with("roll",
                5.0).with("elevation", 10.0)));
        SweepSpec spec = build(stack, vary("camera.cameraPerturbation", "elevation", -30, 30, 3), 4, SweepFixtures
                .modelDirs(models));
        assertEquals(SweepFixtures.sessionScene(), spec.scene());
        assertEquals(List.of(new SweepSpec.SweepObject("mug", MeshRef.builtin("mug"), "mug")), spec.objects());
        assertEquals(SweepFixtures.CAMERA, spec.factors().get(0).perturbation(), "the full id");
        assertEquals(List.of(-30.0, 0.0, 30.0), spec.factors().get(0).levels());
        assertEquals(List.of("net-a", "net-b"), spec.models().stream().map(SweepSpec.SweepModel::id).toList());
        assertEquals(4, spec.views());
        assertEquals(tmp.resolve("out"), spec.output());
        // spec.json describes the whole sweep: the session's camera, the factor, the model folders
        assertTrue(spec.text().contains("\"azimuthDegrees\": 75.0"), spec.text());
        assertTrue(spec.text().contains("\"perturbation\": \"" + SweepFixtures.CAMERA + "\""), spec.text());
        assertTrue(spec.text().contains("\"folder\": \"" + models.resolve("net-a") + "\""), spec.text());
        SweepPlan plan = new SweepPlan(spec);
        assertEquals(3 * 4, plan.size());
        // the factor sets the stack's own camera entry, which keeps its roll
        PerturbationStack first = plan.stackFor(plan.points().get(0));
        assertEquals(1, first.entries().size());
        assertEquals(-30.0, first.entries().get(0).values().get("elevation"));
        assertEquals(5.0, first.entries().get(0).values().get("roll"));
        // a perturbation the stack lacks is added after it
        SweepSpec added = build(stack, vary("image.fadeToBlack", "amount", 0, 1, 2), 1, SweepFixtures.modelDirs(
                models));
        PerturbationStack last = new SweepPlan(added).stackFor(new SweepPlan(added).points().get(1));
        assertEquals(List.of(SweepFixtures.CAMERA, SweepFixtures.FADE), last.entries().stream().map(
                StackEntry::perturbation).toList());
        assertEquals(1.0, last.entries().get(1).values().get("amount"));
        assertSame(stack.entries().get(0), last.entries().get(0));
    }

    @Test
    void theTrueClassIsABuiltinObjectsIdOrAnImportedMeshsName() throws Exception {
        assertEquals("mug", SessionSweeps.label(SweepFixtures.sessionScene().subject()));
        // the mesh is not read to build the sweep, only to render it
        Scene imported = SweepFixtures.sessionScene().withObject(0, SceneObject.of("bowl", MeshRef.file(tmp.resolve(
                "meshes/my-bowl.obj").toString())));
        SweepSpec spec = SweepFixtures.sessions().vary(imported, PerturbationStack.EMPTY, SweepFixtures.modelDirs(
                models), vary("image.fadeToBlack", "amount", 0, 1, 2), 1, tmp.resolve("out"));
        assertEquals("bowl", spec.objects().get(0).label());
        assertEquals(MeshRef.Kind.FILE, spec.objects().get(0).mesh().kind());
    }

    @Test
    void unknownPerturbationsAndParametersAreRefusedNamingWhatThereIs() {
        refused(vary("camera.zoom", "amount", 0, 1, 3), "camera.zoom.amount=0:1:3: unknown perturbation "
                + "'camera.zoom'; installed: [", SweepFixtures.CAMERA);
        refused(vary("camera.cameraPerturbation", "altitude", 0, 1, 3), "has no parameter 'altitude'", "elevation",
                "azimuth");
        refused(vary("image.frequencyFilter", "pass", 0, 1, 3), "parameter 'pass' of "
                + "org.perturber.perturbation.image.frequencyFilter is not numeric", "[cutoff]");
    }

    @Test
    void rangesOutsideTheParameterOrWithTooFewOrTooManyStepsAreRefused() {
        List<String> both = refused(vary("camera.cameraPerturbation", "elevation", -300, 120, 3),
                "FROM -300 is outside the range of elevation, [-90, 90]", "TO 120 is outside");
        assertEquals(2, both.size(), "one problem a line: " + both);
        refused(vary("image.jpegCompression", "quality", 10.5, 90, 3), "FROM 10.5 is not a whole number");
        refused(vary("camera.cameraPerturbation", "elevation", 0, 30, 1), "STEPS must be between 2 and 10000, got 1");
        refused(vary("camera.cameraPerturbation", "elevation", 0, 30, 10_001), "got 10001");
        refused(SweepFixtures.sessionStack(), vary("camera.cameraPerturbation", "elevation", 0, 30, 3), 0,
                SweepFixtures.modelDirs(models), "--views: must be between 1 and 360, got 0");
    }

    @Test
    void aSessionSweepIsHeldToThePlanCapOfSpecFiles() throws Exception {
        SessionSweeps.Vary fine = vary("camera.cameraPerturbation", "elevation", -20, 40, 10_000);
        // 10,000 levels x 360 views x 3 models = 10,800,000 rows: one model too many
        List<Path> three = List.of(models.resolve("net-a"), models.resolve("net-b"), models.resolve("net-a"));
        List<String> problems = refused(SweepFixtures.sessionStack(), fine, 360, three,
                "camera.cameraPerturbation.elevation=-20:40:10000: the plan has 10800000 rows",
                "the cap is 10000000 (SweepSpec.MAX_PLANNED_ROWS): use fewer steps, views or models");
        assertEquals(1, problems.size(), problems.toString());
        // the other side: two models, 7,200,000 rows
        assertEquals(7_200_000L, build(SweepFixtures.sessionStack(), fine, 360, SweepFixtures.modelDirs(models))
                .plannedRows());
    }

    @Test
    void aDisabledEntryMissingModelsAndSeveralProblemsAtOnce() {
        PerturbationStack disabled = new PerturbationStack(List.of(StackEntry.of(SweepFixtures.CAMERA)
                .withEnabled(false)));
        refused(disabled, vary("camera.cameraPerturbation", "elevation", 0, 30, 3), 1, SweepFixtures.modelDirs(
                models), "is disabled, so varying it would change nothing");
        refused(SweepFixtures.sessionStack(), vary("image.fadeToBlack", "amount", 0, 1, 3), 1, List.of(),
                "the session has no models");
        List<String> all = refused(SweepFixtures.sessionStack(), vary("camera.cameraPerturbation", "elevation",
                -300, 30, 1), 0, List.of(tmp.resolve("gone")), "model folder " + tmp.resolve("gone")
                        + ": no model.json there");
        assertEquals(4, all.size(), "range, steps, views, model: " + all);
    }
}
