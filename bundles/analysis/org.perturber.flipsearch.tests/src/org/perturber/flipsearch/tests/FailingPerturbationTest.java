package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSettings;

/**
 * A perturbation that throws beyond some value (this bundle's plugin.xml contributes one): the direction that
 * reaches it ends as FAILED, naming the perturbation and its bundle, instead of a flip to whatever the unperturbed
 * image shows; the other parameters are searched as usual.
 */
class FailingPerturbationTest {
    private static final String FAILING = "org.perturber.flipsearch.tests.failsAboveHalf";

    @Test
    void aFailingPerturbationEndsItsDirectionAndTheOthersGoOn() throws Exception {
        LoadedModel model = Searches.model("standard");
        PerturbationStack stack = new PerturbationStack(List.of(StackEntry.of(FAILING).with("amount", 0.1)));
        FlipParameter failing = Searches.parameter(stack, FAILING, "amount");
        FlipParameter fade = Searches.parameter(stack, Searches.FADE, "amount");
        assertEquals(-1, fade.entry());
        FlipReport report = Searches.search(FlipSettings.DEFAULT).search(Searches.scene("mug"), stack, List.of(model),
                List.of(failing, fade), null).get(0);
        assertNull(report.problem());
        FlipPoint up = report.point(failing, FlipParameter.Direction.UP).orElseThrow();
        assertEquals(FlipPoint.Outcome.FAILED, up.outcome(), up.toString());
        assertTrue(up.problem().contains(FAILING) && up.problem().contains("org.perturber.flipsearch.tests"), up
                .problem());
        assertTrue(up.inside() <= 0.5 + 1e-9 && up.inside() > 0.4, "the last value that worked: " + up.inside());
        FlipPoint down = report.point(failing, FlipParameter.Direction.DOWN).orElseThrow();
        assertEquals(FlipPoint.Outcome.NONE_WITHIN_RANGE, down.outcome(), "fading less keeps the mug: " + down);
        assertEquals(FlipPoint.Outcome.FLIP, report.point(fade, FlipParameter.Direction.UP).orElseThrow().outcome(),
                "the other parameter is searched as usual");
    }
}
