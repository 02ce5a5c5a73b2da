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
 * A direction costs its scan points (all of them go through the model in the batch, wherever the flip is) plus about
 * log2(scan step / tolerance) bisection passes and, for a flip, one check of its image alone, and the result does not
 * depend on anything but its inputs: the same search twice, or with another model beside it, gives the same points.
 */
class SearchCostTest {
    private static final FlipSettings SETTINGS = FlipSettings.DEFAULT;

    @Test
    void aFlipCostsTheScanUpToItPlusTheBisection() throws Exception {
        LoadedModel model = Searches.model("standard");
        PerturbationStack stack = PerturbationStack.EMPTY;
        List<FlipParameter> parameters = List.of(Searches.parameter(stack, Searches.FADE, "amount"), Searches
                .parameter(stack, Searches.BLUR, "sigma"), Searches.parameter(stack, Searches.CAMERA, "distance"));
        FlipReport report = Searches.search(SETTINGS).search(Searches.scene("mug"), stack, List.of(model),
                parameters, null).get(0);
        int bisection = (int) Math.ceil(Math.log(1.0 / SETTINGS.scanPoints() / SETTINGS.tolerance()) / Math.log(2));
        int flips = 0;
        int total = 1;
        for (FlipPoint p : report.points()) {
            total += p.passes();
            if (!p.flips()) {
                continue;
            }
            flips++;
            FlipParameter f = p.parameter();
            double step = f.range() / SETTINGS.scanPoints();
            int scanned = (int) Math.ceil(f.extent(p.direction()) / step - 1e-9);
            assertTrue(p.passes() >= scanned + bisection && p.passes() <= scanned + bisection + 2, p
                    + ": expected the direction's " + scanned + " scan, " + bisection
                    + " bisection passes and the check of the flip");
        }
        assertTrue(flips >= 3, report.points().toString());
        assertEquals(total, report.passes(), "the report's passes are its points' plus the original image's");
        int log2 = (int) Math.ceil(Math.log(1 / SETTINGS.tolerance()) / Math.log(2));
        for (FlipParameter f : parameters) {
            int both = report.points().stream().filter(p -> p.parameter().equals(f)).mapToInt(FlipPoint::passes)
                    .sum();
            assertTrue(both <= SETTINGS.scanPoints() + log2 + 3, f.column() + ": " + both + " passes, scan "
                    + SETTINGS.scanPoints() + " + log2(range/tolerance) " + log2);
        }
    }

    @Test
    void theSameSearchGivesTheSamePoints() throws Exception {
        LoadedModel model = Searches.model("standard");
        Scene scene = Searches.scene("bowl");
        PerturbationStack stack = PerturbationStack.EMPTY;
        List<FlipParameter> parameters = List.of(Searches.parameter(stack, Searches.CAMERA, "roll"), Searches
                .parameter(stack, Searches.FADE, "amount"));
        FlipReport a = Searches.search(SETTINGS).search(scene, stack, List.of(model), parameters, null).get(0);
        FlipReport b = Searches.search(SETTINGS).search(scene, stack, List.of(model), parameters, null).get(0);
        assertEquals(summary(a), summary(b));
    }

    @Test
    void anotherModelBesideItChangesNothing() throws Exception {
        LoadedModel standard = Searches.model("standard");
        LoadedModel adversarial = Searches.model("adversarial");
        Scene scene = Searches.scene("mug");
        PerturbationStack stack = PerturbationStack.EMPTY;
        List<FlipParameter> parameters = List.of(Searches.parameter(stack, Searches.FADE, "amount"), Searches
                .parameter(stack, Searches.CAMERA, "elevation"));
        List<FlipReport> both = Searches.search(SETTINGS).search(scene, stack, List.of(standard, adversarial),
                parameters, null);
        assertEquals(2, both.size());
        assertEquals(standard.key(), both.get(0).modelKey());
        assertEquals(adversarial.key(), both.get(1).modelKey());
        for (int m = 0; m < 2; m++) {
            FlipReport alone = Searches.search(SETTINGS).search(scene, stack, List.of(m == 0 ? standard
                    : adversarial), parameters, null).get(0);
            assertEquals(summary(alone), summary(both.get(m)));
        }
    }

    private static List<String> summary(FlipReport r) {
        return r.points().stream().map(p -> p.direction() + " " + p.parameter().column() + " " + p.outcome() + " "
                + p.value() + " " + p.inside() + " " + p.newClass() + " " + p.passes()).toList();
    }
}
