package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;
import org.perturber.app.parts.ComparePart;
import org.perturber.app.parts.ContributionsPart;
import org.perturber.app.parts.SweepPart;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;

/** The Compare perspective (variants side by side, an attack's transfer), a sweep file run from the Sweeps view, and
 * the Contributions view. */
class CompareAndSweepViewsTest extends WorkbenchTest {

    @Test
    void compareShowsTheVariantsAndAnAttackMadeAgainstOneIsShownToAll() throws InterruptedException {
        wb.ui(() -> wb.parts().switchPerspective("org.perturber.app.perspective.compare"));
        ComparePart compare = wb.show("org.perturber.app.part.compare");
        wb.await("the three built-in variants", () -> compare.columns().stream().anyMatch(c -> c.model().contains(
                "texture-debiased")) && compare.columns().stream().anyMatch(c -> c.model().contains("adversarially")));
        float[] clean = wb.ui(() -> compare.columns().get(0).input().data());
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of("org.perturber.perturbation.adversarial.pgd")
                .with("epsilon", 0.03)));
        // choose the standard model in "Attack made against", as a user does
        wb.ui(() -> {
            Combo source = RunningWorkbench.controls((Control) wb.part("org.perturber.app.part.compare").getWidget(),
                    Combo.class).get(0);
            source.select(List.of(source.getItems()).indexOf(List.of(source.getItems()).stream().filter(s -> s
                    .startsWith("ResNet-style, standard")).findFirst().orElseThrow()));
            source.notifyListeners(SWT.Selection, new Event());
        });
        wb.await("the transferred attack in every column", () -> {
            List<ComparePart.Column> columns = compare.columns();
            float[] first = columns.get(0).input().data();
            return columns.size() >= 3 && !Arrays.equals(first, clean) && columns.stream().allMatch(c -> Arrays
                    .equals(c.input().data(), first));
        });
        String attackedTop = wb.ui(() -> compare.columns().stream().filter(c -> c.model().startsWith(
                "ResNet-style, standard")).map(c -> c.top().get(0).label()).findFirst().orElse(""));
        assertFalse(attackedTop.equals("mug"), "PGD at 0.03 fools the model it was made against: " + attackedTop);
        // the transfer is the session's: back in Explore the same predictions, and every title says so
        wb.ui(() -> wb.parts().switchPerspective("org.perturber.app.perspective.explore"));
        org.perturber.app.parts.PredictionsPart predictions = ExploreViewsTest.predictionsOfCurrentState(wb);
        List<String> titles = wb.ui(() -> predictions.panels().stream().map(p -> p.title()).toList());
        assertTrue(titles.stream().allMatch(t -> t.contains("attacks made against ResNet-style, standard")),
                "" + titles);
    }

    /** Issue 16: a change that rounds to 0 points read "(-0)". */
    @Test
    void aChangeThatRoundsToZeroIsNotShown() {
        assertEquals("", org.perturber.app.parts.PredictionsPart.change(-0.004));
        assertEquals("", org.perturber.app.parts.PredictionsPart.change(Double.NaN));
        assertEquals(" (-1)", org.perturber.app.parts.PredictionsPart.change(-0.006));
        assertEquals(" (+27)", org.perturber.app.parts.PredictionsPart.change(0.268));
    }

    @Test
    void aSweepFileRunsFromTheSweepsViewAndPlotsItsSummary() throws Exception {
        SweepPart sweeps = wb.show("org.perturber.app.part.sweeps");
        Path dir = Files.createTempDirectory("perturber-ui-sweep");
        Path spec = dir.resolve("small.json");
        Files.writeString(spec, """
                {"name": "small", "objects": ["mug", "bowl"], "models": ["standard"],
                 "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.9,
                           "steps": 4}],
                 "output": "out"}
                """);
        wb.ui(() -> {
            sweeps.addSpec(spec);
            sweeps.start();
        });
        wb.await("the sweep's end", () -> sweeps.status().contains("done") || sweeps.status().contains("fail"));
        assertTrue(wb.ui(sweeps::status).contains("done"), wb.ui(sweeps::status));
        assertTrue(wb.ui(sweeps::plotsDrawn) >= 1);
        assertEquals(2, wb.ui(() -> sweeps.summary().tables().size()), "top-1 and true-class probability");
    }

    @Test
    void theContributionsViewListsEveryContributionAsLoaded() throws InterruptedException {
        ContributionsPart c = wb.show("org.perturber.app.part.contributions");
        wb.await("the contributions", () -> !c.summary().startsWith("Loading"));
        assertTrue(wb.ui(c::summary).matches("\\d+ contributions?, 0 failed"), wb.ui(c::summary));
        List<String[]> rows = wb.ui(() -> {
            Table table = c.table();
            List<String[]> r = new java.util.ArrayList<>();
            for (TableItem item : table.getItems()) {
                String[] row = new String[table.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = item.getText(i);
                }
                r.add(row);
            }
            return r;
        });
        assertTrue(rows.stream().anyMatch(r -> r[1].equals("org.perturber.backend.mxnet") && r[5].equals("loaded")));
        for (String kind : List.of("perturbation", "model backend", "visualization")) {
            assertTrue(rows.stream().anyMatch(r -> r[0].equals(kind)), "a contribution of kind " + kind);
        }
    }
}
