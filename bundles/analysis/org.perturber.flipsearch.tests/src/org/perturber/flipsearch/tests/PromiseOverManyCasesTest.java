package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * The search's promise over 60 cases (6 objects x 5 parameters x 2 directions, built-in standard model) against a
 * dense grid (half the tolerance): "none within range" exactly when the grid finds no flip; a flip never before the
 * grid's first; the grid's first flip found to within the tolerance whenever its band is at least a scan step wide.
 * Prints one SURVEY line per case and the totals (how often the search agrees with the grid even where it need not).
 */
class PromiseOverManyCasesTest {
    @Test
    void theSearchKeepsItsPromiseOnEveryCase() throws Exception {
        LoadedModel model = Searches.model("standard");
        FlipSettings settings = FlipSettings.DEFAULT.withTolerance(1.0 / 200);
        int cases = 0;
        int agree = 0;
        int wide = 0;
        int flips = 0;
        int none = 0;
        List<String> broken = new ArrayList<>();
        for (String object : List.of("mug", "bowl", "chair", "lamp", "teapot", "vase")) {
            Scene scene = Searches.scene(object);
            PerturbationStack stack = PerturbationStack.EMPTY;
            List<FlipParameter> ps = List.of(Searches.parameter(stack, Searches.CAMERA, "elevation"), Searches
                    .parameter(stack, Searches.CAMERA, "distance"), Searches.parameter(stack, Searches.CAMERA,
                            "roll"), Searches.parameter(stack, Searches.FADE, "amount"), Searches.parameter(stack,
                                    Searches.LIGHTING, "intensity"));
            FlipReport report = Searches.search(settings).search(scene, stack, List.of(model), ps, null).get(0);
            for (FlipParameter p : ps) {
                for (FlipParameter.Direction d : FlipParameter.Direction.values()) {
                    FlipPoint f = report.point(p, d).orElseThrow();
                    double tolerance = settings.tolerance() * p.range();
                    double step = tolerance / 2;
                    int n = (int) Math.floor(p.extent(d) / step + 1e-9);
                    if (n < 1) {
                        assertEquals(FlipPoint.Outcome.AT_LIMIT, f.outcome(), f.toString());
                        continue;
                    }
                    cases++;
                    double[] values = new double[n + 1];
                    for (int k = 0; k <= n; k++) {
                        values[k] = p.valueAt(d, k * step);
                    }
                    int[] classes = Searches.classes(scene, stack, model, p, values);
                    int first = -1;
                    for (int k = 1; k <= n && first < 0; k++) {
                        if (classes[k] != report.originalIndex()) {
                            first = k;
                        }
                    }
                    String what = object + " " + p.column() + " " + d + ": grid " + (first < 0 ? "none" : values[first])
                            + ", search " + f.describe();
                    System.out.println("SURVEY " + what + " (" + f.passes() + " passes)");
                    if (first < 0) {
                        none++;
                        agree += f.outcome() == FlipPoint.Outcome.NONE_WITHIN_RANGE ? 1 : 0;
                        if (f.outcome() != FlipPoint.Outcome.NONE_WITHIN_RANGE) {
                            broken.add(what);
                        }
                        continue;
                    }
                    flips++;
                    int end = first;
                    while (end <= n && classes[end] != report.originalIndex()) {
                        end++;
                    }
                    boolean wideBand = (end - first) * step >= p.range() / settings.scanPoints();
                    wide += wideBand ? 1 : 0;
                    double offset = f.flips() ? f.distance() * p.range() : Double.NaN;
                    boolean agrees = f.flips() && Math.abs(offset - first * step) <= tolerance + step + 1e-9;
                    agree += agrees ? 1 : 0;
                    if (wideBand && !agrees || f.flips() && offset < first * step - tolerance - step) {
                        broken.add(what);
                    }
                }
            }
        }
        System.out.println("SURVEY TOTAL " + cases + " cases: " + none + " without a flip on the grid, " + flips
                + " with (" + wide + " of them a scan step wide); the search agrees with the grid on " + agree);
        assertTrue(broken.isEmpty(), "promise broken: " + broken);
        // the cases are what makes this a test: some of each kind
        assertTrue(none >= 10 && wide >= 10 && flips - wide >= 2, none + " none, " + wide + " wide, " + (flips
                - wide) + " narrow");
    }
}
