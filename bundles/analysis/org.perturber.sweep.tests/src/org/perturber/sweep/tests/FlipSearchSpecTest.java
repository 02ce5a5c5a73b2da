package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.SweepPlan;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/** A flip-search spec is read leniently where a search needs nothing ("steps"), and refused clearly otherwise. */
class FlipSearchSpecTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    /** Line 7 holds the stack, line 9 the camera factor, line 10 the fade factor, line 12 the design. */
    private static final String GOOD = """
            {
              "name": "flips",
              "objects": ["mug", "bowl"],
              "views": 3,
              "models": ["net-a", "net-b"],
              "seed": 4,
              "stack": [{"id": "camera.cameraPerturbation", "values": {"azimuth": 30}}],
              "vary": [
                {"perturbation": "camera.cameraPerturbation", "parameter": "elevation", "from": -30, "to": 30, "steps": 7},
                {"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1}
              ],
              "design": "flip-search"
            }
            """;

    private static SweepSpecException refused(String json, int line, String... fragments) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.read(models, json, tmp));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.json:" + line + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void aFlipSearchSpecPlansARowPerObjectViewModelParameterAndDirection() throws Exception {
        SweepSpec spec = SweepFixtures.read(models, GOOD, tmp);
        assertEquals(SweepSpec.Design.Type.FLIP_SEARCH, spec.design().type());
        assertEquals(32, spec.design().scanPoints(), "the search's defaults");
        assertEquals(1e-3, spec.design().tolerance(), 0);
        assertEquals(List.of(), spec.metrics(), "a flip search has no metrics");
        assertEquals(-30, spec.factors().get(0).from(), 0);
        assertEquals(30, spec.factors().get(0).to(), 0);
        assertEquals(2L * 3 * 2 * 2 * 2, spec.plannedRows(), "objects x views x models x parameters x directions");
        SweepPlan plan = new SweepPlan(spec);
        assertEquals(1, plan.points().size(), "one starting point: the base stack");
        assertEquals(6, plan.size(), "a sample per object and view");
        assertEquals(spec.stack(), plan.stackFor(plan.points().get(0)), "the search starts from the base stack");

        SweepSpec tuned = SweepFixtures.read(models, GOOD.replace("\"design\": \"flip-search\"",
                "\"design\": {\"type\": \"flip-search\", \"scanPoints\": 64, \"tolerance\": 0.01}"), tmp);
        assertEquals(64, tuned.design().scanPoints());
        assertEquals(0.01, tuned.design().tolerance(), 0);
    }

    @Test
    void aStartOutsideTheRangeIsRefusedNamingTheFactor() {
        // the stack's elevation 50 lies above "to" 30
        refused(GOOD.replace("\"azimuth\": 30", "\"elevation\": 50"), 7, "vary[0]",
                "org.perturber.perturbation.camera.cameraPerturbation", "elevation = 50", "the stack's value",
                "outside its range [-30, 30]");
        // fading's default 0 lies below "from" 0.2
        refused(GOOD.replace("\"from\": 0, \"to\": 1", "\"from\": 0.2, \"to\": 1"), 10, "vary[1]", "amount = 0",
                "its default", "outside its range [0.2, 1]");
    }

    @Test
    void anUnknownParameterOrPerturbationIsRefused() {
        refused(GOOD.replace("\"parameter\": \"amount\"", "\"parameter\": \"amout\""), 10,
                "has no parameter 'amout'");
        refused(GOOD.replace("image.fadeToBlack", "image.fadeToBlue"), 10, "unknown perturbation 'image.fadeToBlue'");
    }

    @Test
    void whatASearchCannotUseIsRefused() {
        refused(GOOD.replace("\"from\": 0, \"to\": 1", "\"values\": [0, 0.5]"), 10, "searches amount between "
                + "\"from\" and \"to\", not over listed \"values\"");
        refused(GOOD.replace("\"from\": 0, \"to\": 1", "\"from\": 1, \"to\": 0"), 10, "\"from\" below \"to\"");
        refused(GOOD.replace("image.fadeToBlack\", \"parameter\": \"amount\", \"from\": 0, \"to\": 1",
                "image.gaussianNoise\", \"parameter\": \"seed\", \"from\": 0, \"to\": 100"), 10,
                "org.perturber.perturbation.image.gaussianNoise seed cannot be searched for a flip (a random seed");
        refused(GOOD.replace("\"from\": 0, \"to\": 1", "\"from\": 0, \"to\": 2"), 10, "amount = 2.0 is outside its "
                + "range [0.0, 1.0]");
        refused(GOOD.replace("\"design\": \"flip-search\"", "\"design\": \"flip-search\", \"metrics\": [\"top1\"]"),
                12, "\"metrics\" do not apply to the flip-search design");
        refused(GOOD.replace("\"design\": \"flip-search\"", "\"design\": {\"type\": \"flip-search\", "
                + "\"scanPoints\": 1}"), 12, "\"scanPoints\" must be a whole number from 2 to 4096, got 1");
        refused(GOOD.replace("\"design\": \"flip-search\"", "\"design\": {\"type\": \"flip-search\", "
                + "\"tolerance\": 1.5}"), 12, "\"tolerance\" is a fraction of each parameter's range, in (0, 1), got "
                        + "1.5");
        refused(GOOD.replace("\"design\": \"flip-search\"", "\"design\": {\"type\": \"flip-search\", "
                + "\"samples\": 5}"), 12, "unknown key \"samples\" for flip-search");
        refused(GOOD.replace("\"parameter\": \"elevation\", \"from\": -30, \"to\": 30, \"steps\": 7",
                "\"parameter\": \"amount\", \"from\": 0, \"to\": 1").replace("camera.cameraPerturbation\", \"para",
                        "image.fadeToBlack\", \"para"), 9, "org.perturber.perturbation.image.fadeToBlack amount is "
                                + "searched twice");
    }

    @Test
    void theSearchIsHeldToTheCapOnWork() throws Exception {
        // rows are few, but 4096 scan points each: about 2,060 images per row, 40,000,000 and more in all
        String huge = GOOD.replace("\"objects\": [\"mug\", \"bowl\"]", "\"objects\": [\"all\"]").replace(
                "\"views\": 3", "\"views\": 360").replace("\"design\": \"flip-search\"",
                        "\"design\": {\"type\": \"flip-search\", \"scanPoints\": 4096}");
        SweepSpecException e = refused(huge, 8, "the flip search would send about", "images through the models",
                "SweepSpec.MAX_PLANNED_ROWS", "use fewer scan points");
        assertTrue(e.getMessage().contains("(" + 12 * 360 * 2 * 2 * 2 + " rows of parameters x 2 directions x "
                + "objects x views x models"), e.getMessage());
        // the same spec with the default scan is within the cap
        SweepSpec fine = SweepFixtures.read(models, huge.replace(", \"scanPoints\": 4096", ""), tmp);
        assertNull(fine.planSizeProblem());
    }
}
