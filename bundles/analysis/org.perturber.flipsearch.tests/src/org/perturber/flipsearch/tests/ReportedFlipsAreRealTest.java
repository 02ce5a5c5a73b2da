package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSettings;

/**
 * Every flip the search reports is real: at the reported value the built-in model's top-1 class is the reported new
 * class, not the original one, and at the inside value (within the tolerance of it) it is still the original one,
 * each inferred alone as the workbench does.
 */
class ReportedFlipsAreRealTest {
    private static LoadedModel model;
    private static Scene scene;
    private static final PerturbationStack STACK = PerturbationStack.EMPTY;
    private static List<FlipParameter> parameters;
    private static FlipReport report;

    @BeforeAll
    static void search() throws Exception {
        model = Searches.model("standard");
        scene = Searches.scene("mug");
        parameters = List.of(Searches.parameter(STACK, Searches.CAMERA, "elevation"), Searches.parameter(STACK,
                Searches.CAMERA, "distance"), Searches.parameter(STACK, Searches.CAMERA, "roll"), Searches.parameter(
                        STACK, Searches.FADE, "amount"), Searches.parameter(STACK, Searches.BLUR, "sigma"));
        report = Searches.search(FlipSettings.DEFAULT).search(scene, STACK, List.of(model), parameters, null).get(0);
    }

    @Test
    void theOriginalClassIsTheModelsClassOfTheUnchangedScene() throws Exception {
        assertEquals("mug", report.originalClass());
        assertEquals(report.originalIndex(), Searches.classAt(scene, STACK, model, parameters.get(0), 0.0));
    }

    @Test
    void everyReportedFlipChangesTheClassAndJustInsideItDoesNot() throws Exception {
        int flips = 0;
        for (FlipPoint p : report.points()) {
            if (!p.flips()) {
                continue;
            }
            flips++;
            FlipParameter f = p.parameter();
            int at = Searches.classAt(scene, STACK, model, f, p.value());
            assertNotEquals(report.originalIndex(), at, p + ": no flip at the reported value");
            assertEquals(p.newIndex(), at, p + ": another class at the reported value");
            assertEquals(model.descriptor().labels().get(at), p.newClass());
            assertEquals(report.originalIndex(), Searches.classAt(scene, STACK, model, f, p.inside()), p
                    + ": already flipped inside");
            assertTrue(Math.abs(p.value() - p.inside()) <= FlipSettings.DEFAULT.tolerance() * f.range() + 1e-9, p
                    + ": bracket wider than the tolerance");
            assertEquals(Math.abs(p.value() - f.current()) / f.range(), p.distance(), 1e-9);
            assertTrue(p.newProbability() > 0 && p.newProbability() <= 1);
            assertEquals(model.descriptor().inputWidth(), p.flipped().width());
        }
        // mug: elevation up, distance up, roll both ways, fade, blur flip it (measured); the test is empty otherwise
        assertTrue(flips >= 6, "only " + flips + " flips in " + report.points());
    }

    @Test
    void bothDirectionsOfEveryParameterAreReportedInOrder() {
        assertEquals(2 * parameters.size(), report.points().size());
        for (int i = 0; i < parameters.size(); i++) {
            assertEquals(parameters.get(i), report.points().get(2 * i).parameter());
            assertEquals(FlipParameter.Direction.DOWN, report.points().get(2 * i).direction());
            assertEquals(FlipParameter.Direction.UP, report.points().get(2 * i + 1).direction());
        }
        // fade and blur start at 0, the bottom of their range
        assertEquals(FlipPoint.Outcome.AT_LIMIT, report.point(parameters.get(3), FlipParameter.Direction.DOWN)
                .orElseThrow().outcome());
        assertEquals(FlipPoint.Outcome.FLIP, report.point(parameters.get(3), FlipParameter.Direction.UP)
                .orElseThrow().outcome());
    }
}
