package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSettings;

/**
 * "None within range" is reported exactly when a dense grid over the range finds no flip, and the search never
 * looks beyond the range it was given.
 */
class RangesTest {
    @Test
    void noneWithinRangeWhenTheDenseGridFindsNoFlip() throws Exception {
        // the standard model keeps the mug a mug all the way round (measured): azimuth wraps, half a turn each way
        LoadedModel model = Searches.model("standard");
        Scene scene = Searches.scene("mug");
        FlipParameter azimuth = Searches.parameter(PerturbationStack.EMPTY, Searches.CAMERA, "azimuth");
        assertTrue(azimuth.periodic());
        FlipReport report = Searches.search(FlipSettings.DEFAULT).search(scene, PerturbationStack.EMPTY, List.of(
                model), List.of(azimuth), null).get(0);
        double[] grid = new double[361];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = -180 + k;
        }
        int[] classes = Searches.classes(scene, PerturbationStack.EMPTY, model, azimuth, grid);
        for (int c : classes) {
            assertEquals(report.originalIndex(), c, "the dense grid flips the mug: the case no longer tests anything");
        }
        for (FlipParameter.Direction d : FlipParameter.Direction.values()) {
            FlipPoint p = report.point(azimuth, d).orElseThrow();
            assertEquals(FlipPoint.Outcome.NONE_WITHIN_RANGE, p.outcome());
            assertTrue(Double.isNaN(p.distance()) && Double.isNaN(p.value()) && p.newClass() == null);
            assertEquals(d == FlipParameter.Direction.UP ? 180 : -180, p.searchedTo(), 1e-9);
            assertEquals(FlipSettings.DEFAULT.scanPoints() / 2, p.passes(), "a half turn is half the scan");
        }
    }

    @Test
    void aNarrowedRangeIsRespected() throws Exception {
        // the mug's elevation flips it above about 67 degrees (measured); within [-30, 30] nothing does
        LoadedModel model = Searches.model("standard");
        Scene scene = Searches.scene("mug");
        FlipParameter full = Searches.parameter(PerturbationStack.EMPTY, Searches.CAMERA, "elevation");
        FlipParameter narrow = full.withRange(-30, 30);
        List<FlipReport> reports = Searches.search(FlipSettings.DEFAULT).search(scene, PerturbationStack.EMPTY, List
                .of(model), List.of(narrow, full), null);
        FlipReport report = reports.get(0);
        FlipPoint up = report.point(narrow, FlipParameter.Direction.UP).orElseThrow();
        FlipPoint down = report.point(narrow, FlipParameter.Direction.DOWN).orElseThrow();
        assertEquals(FlipPoint.Outcome.NONE_WITHIN_RANGE, up.outcome());
        assertEquals(FlipPoint.Outcome.NONE_WITHIN_RANGE, down.outcome());
        assertEquals(30, up.searchedTo(), 1e-9);
        assertEquals(-30, down.searchedTo(), 1e-9);
        FlipPoint beyond = report.point(full, FlipParameter.Direction.UP).orElseThrow();
        assertEquals(FlipPoint.Outcome.FLIP, beyond.outcome(), "over the full range the mug flips");
        assertTrue(beyond.value() > 30 && beyond.value() <= 90, beyond.toString());
        double[] grid = new double[61];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = -30 + k;
        }
        for (int c : Searches.classes(scene, PerturbationStack.EMPTY, model, full, grid)) {
            assertEquals(report.originalIndex(), c, "a flip inside [-30, 30]: the case no longer tests anything");
        }
    }

    @Test
    void aValueAtTheEndOfItsRangeHasNowhereToGoThatWay() throws Exception {
        LoadedModel model = Searches.model("standard");
        PerturbationStack stack = new PerturbationStack(List.of(org.perturber.core.perturbation.StackEntry.of(
                Searches.FADE).with("amount", 1.0)));
        FlipParameter fade = Searches.parameter(stack, Searches.FADE, "amount");
        assertEquals(0, fade.entry());
        assertEquals(1.0, fade.current());
        FlipReport report = Searches.search(FlipSettings.DEFAULT).search(Searches.scene("mug"), stack, List.of(model),
                List.of(fade), null).get(0);
        FlipPoint up = report.point(fade, FlipParameter.Direction.UP).orElseThrow();
        assertEquals(FlipPoint.Outcome.AT_LIMIT, up.outcome());
        assertEquals(0, up.passes());
        FlipPoint down = report.point(fade, FlipParameter.Direction.DOWN).orElseThrow();
        assertTrue(down.passes() > 0);
        assertTrue(down.outcome() != FlipPoint.Outcome.AT_LIMIT && down.outcome() != FlipPoint.Outcome.FAILED, down
                .toString());
    }
}
