package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.AttributionPart;
import org.perturber.app.parts.ComparePart;
import org.perturber.app.parts.ModelsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.app.parts.ProgressControl;
import org.perturber.app.parts.RobustnessCurvePart;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.explore.ExplorePipeline;

/**
 * Issue 16, what is computing: a long attack makes every analysis view say that what it shows is stale and what is
 * being computed, with progress; Stop (in a view or in the status bar) cancels it; the marker goes once the result is
 * shown. Also: the attribution map's class chosen by name, the Predictions view's top-k from the preferences, and
 * the analysis views' layout at 900x600, 1024x700 and 1600x1000.
 */
class ComputingStateTest extends WorkbenchTest {
    private static final String PGD = "org.perturber.perturbation.adversarial.pgd";

    /**
     * Puts a PGD of {@code steps} steps at epsilon 0 on the stack, then moves its epsilon slider one step, as a user
     * does: the attack starts (a slider change, so the curve wants its point too).
     */
    private void attackFromTheSlider(int steps) throws InterruptedException {
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of(PGD).with("epsilon", 0.0).with("steps",
                steps)));
        ExploreViewsTest.predictionsOfCurrentState(wb);
        Control editor = wb.ui(() -> (Control) wb.part(ExploreViewsTest.PERTURBATIONS).getWidget());
        wb.await("the PGD entry's sliders", () -> !RunningWorkbench.controls(editor, Scale.class).isEmpty());
        Scale epsilon = wb.ui(() -> RunningWorkbench.controls(editor, Scale.class).get(0));
        wb.ui(() -> RunningWorkbench.slide(epsilon, 2));
        double value = ((Number) wb.session().stack().entries().get(0).values().get("epsilon")).doubleValue();
        assertTrue(value > 0 && value < 0.1, "the first slider is epsilon: " + value);
    }

    @Test
    void aLongAttackMarksEveryViewStaleAndStopCancelsIt() throws InterruptedException {
        PredictionsPart predictions = ExploreViewsTest.predictionsOfCurrentState(wb);
        ActivationsPart activations = wb.show("org.perturber.app.part.activations");
        wb.await("the activation grid", () -> activations.channels() > 0);
        AttributionPart attribution = wb.show("org.perturber.app.part.attribution");
        wb.await("an attribution map", () -> attribution.picture() != null);
        RobustnessCurvePart curve = wb.show("org.perturber.app.part.curve");
        ProgressControl progress = wb.toolControl("org.perturber.app.progress");
        // the views just shown ask for their results of the current state (a map shown may still be an earlier
        // state's): the start is once that is computed, not at once
        wb.await("nothing computing", () -> wb.pipeline().computing() == null && progress.text().isEmpty());
        assertFalse(wb.ui(predictions::staleShown), "nothing is computing yet");

        attackFromTheSlider(500);
        long shownBefore = wb.ui(predictions::shownChange); // the state before the slider's step
        long attacked = wb.session().changedAt();
        wb.await("every view's stale marker", () -> predictions.staleShown() && activations.staleShown()
                && attribution.staleShown() && curve.staleShown());
        assertTrue(wb.ui(predictions::staleText).startsWith("Computing the predictions of the newest state... "
                + "(the previous state is shown)"), wb.ui(predictions::staleText));
        assertTrue(wb.ui(activations::staleText).startsWith("Computing the activations of "), wb.ui(
                activations::staleText));
        String method = wb.ui(() -> attribution.title());
        assertTrue(wb.ui(attribution::staleText).matches("Computing .+ for ResNet-style, standard.* \\(top class\\)"
                + "\\.\\.\\. .*"), wb.ui(attribution::staleText) + " / " + method);
        assertTrue(wb.ui(curve::staleText).startsWith("Computing the point at PGD"), wb.ui(curve::staleText));
        // progress: the attack's steps, in the view and in the status bar
        wb.await("the attack's progress", () -> predictions.staleText().matches(".*Attacking .+ \\d+%.*"));
        wb.await("the status bar's progress", () -> progress.text().contains("Attacking"));
        assertEquals(shownBefore, (long) wb.ui(predictions::shownChange), "the previous state's predictions stay");

        ExplorePipeline.Work atStop = wb.pipeline().work();
        long stopAt = System.nanoTime();
        wb.ui(() -> RunningWorkbench.click(predictions.staleStop()));
        wb.await("the attack stopped", () -> wb.pipeline().computing() == null);
        double stopSeconds = (System.nanoTime() - stopAt) / 1e9;
        assertTrue(atStop != null && atStop.done() < atStop.total(), "stopped before its end: " + atStop);
        assertTrue(stopSeconds < 10, "Stop ends the attack within a few steps: " + stopSeconds + " s");
        wb.await("the markers say it was cancelled", () -> predictions.staleText().startsWith("Cancelled: ")
                && attribution.staleText().startsWith("Cancelled: "));
        assertTrue(wb.ui(predictions::staleShown));
        assertNotEquals(attacked, (long) wb.ui(predictions::shownChange), "the cancelled state is never shown");
        wb.await("the status bar idle", () -> progress.text().isEmpty());
    }

    @Test
    void theMarkerGoesOnceTheNewestStateIsShown() throws InterruptedException {
        PredictionsPart predictions = ExploreViewsTest.predictionsOfCurrentState(wb);
        AttributionPart attribution = wb.show("org.perturber.app.part.attribution");
        wb.await("an attribution map", () -> attribution.picture() != null);
        int maps = wb.ui(attribution::updates);
        attackFromTheSlider(120);
        wb.await("the stale marker while the attack computes", predictions::staleShown);
        PredictionsPart p = ExploreViewsTest.predictionsOfCurrentState(wb);
        assertFalse(wb.ui(p::staleShown), "the newest state is shown: " + wb.ui(p::staleText));
        wb.await("the attacked state's map", () -> attribution.updates() > maps && !attribution.staleShown());
    }

    @Test
    void compareSaysWhatIsComputingAndTheStatusBarCancelsIt() throws InterruptedException {
        wb.ui(() -> wb.parts().switchPerspective("org.perturber.app.perspective.compare"));
        ComparePart compare = wb.show("org.perturber.app.part.compare");
        wb.await("the comparison", () -> !compare.columns().isEmpty());
        ProgressControl progress = wb.toolControl("org.perturber.app.progress");
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of(PGD).with("epsilon", 0.03).with("steps",
                500)));
        wb.await("Compare's stale marker", compare::staleShown);
        assertTrue(wb.ui(compare::staleText).startsWith("Computing every model's predictions of the newest state"),
                wb.ui(compare::staleText));
        wb.await("the status bar's progress", () -> progress.text().contains("Attacking"));
        wb.ui(() -> RunningWorkbench.click(progress.cancelButton()));
        wb.await("Compare says it was cancelled", () -> compare.staleText().startsWith("Cancelled: "));
        wb.await("the attack stopped", () -> wb.pipeline().computing() == null);
        assertTrue(wb.ui(compare::staleShown), "the marker stays, saying the state shown is the previous one");
    }

    @Test
    void theAttributionMapIsForTheClassTypedByName() throws InterruptedException {
        AttributionPart attribution = wb.show("org.perturber.app.part.attribution");
        wb.await("the top class's map", () -> attribution.picture() != null && attribution.title().startsWith(
                "For the top class, mug"));
        ImageData top = wb.ui(attribution::picture);
        List<String> labels = wb.session().models().get(0).descriptor().labels();
        assertEquals(labels.indexOf("mug"), wb.pipeline().lastGradientTarget().classIndex(),
                "the top class, mug, was asked for");
        int teapot = labels.indexOf("teapot");
        assertTrue(teapot > 0, "" + labels);
        Combo classes = wb.ui(attribution::classCombo);
        List<String> items = wb.ui(() -> List.of(classes.getItems()));
        assertEquals(List.of("top class", "true class (mug)"), items.subList(0, 2), "" + items);
        assertTrue(items.containsAll(labels), "every label can be chosen: " + items);
        wb.ui(() -> { // typed, then Enter
            classes.setText("Teapot");
            classes.notifyListeners(SWT.DefaultSelection, new Event());
        });
        assertEquals(teapot, (int) wb.ui(attribution::classIndex));
        wb.await("the teapot's map", () -> attribution.title().startsWith("For class teapot (index " + teapot
                + ")"));
        assertEquals(teapot, wb.pipeline().lastGradientTarget().classIndex(), "the gradient asked for is teapot's");
        ImageData forTeapot = wb.ui(attribution::picture);
        assertFalse(Arrays.equals(top.data, forTeapot.data), "the teapot's map differs from the top class's");
        assertEquals("teapot", wb.ui(classes::getText));

        wb.ui(() -> {
            classes.setText("no such class");
            classes.notifyListeners(SWT.FocusOut, new Event());
        });
        assertTrue(wb.ui(attribution::title).startsWith("No class named \"no such class\""), wb.ui(
                attribution::title));
        assertEquals(teapot, (int) wb.ui(attribution::classIndex), "an unknown name changes nothing");
        assertEquals("teapot", wb.ui(classes::getText), "and the combo shows the class again");
    }

    @Test
    void thePredictionsShowTheTopKOfThePreferences() throws Exception {
        var node = WorkbenchPreferences.node();
        try {
            PredictionsPart predictions = ExploreViewsTest.predictionsOfCurrentState(wb);
            assertEquals(5, wb.ui(() -> predictions.panels().get(0).bars().size()), "5 by default");
            node.putInt(WorkbenchPreferences.TOP_K, 3);
            wb.await("3 classes", () -> predictions.panels().get(0).bars().size() == 3);
            node.putInt(WorkbenchPreferences.TOP_K, 8);
            wb.await("8 classes", () -> predictions.panels().get(0).bars().size() == 8);
            assertEquals(8, wb.ui(predictions::topK));
        } finally {
            node.remove(WorkbenchPreferences.TOP_K);
            node.flush();
        }
    }

    /** UI thread: every visible button, combo, label, text and progress bar of a part lies in its client area. */
    private static String outside(Control root) {
        Composite part = (Composite) root;
        Rectangle area = part.getClientArea();
        StringBuilder problems = new StringBuilder();
        for (Control c : RunningWorkbench.controls(part, Control.class)) {
            boolean key = c instanceof Button || c instanceof Combo || c instanceof Label || c instanceof Text
                    || c instanceof ProgressBar;
            if (!key || !c.isVisible() || inScroller(c, part)) {
                continue;
            }
            Rectangle b = c.getDisplay().map(c.getParent(), part, c.getBounds());
            if (b.x < 0 || b.y < 0 || b.x + b.width > area.width || b.y + b.height > area.height || b.width <= 0) {
                problems.append(c.getClass().getSimpleName()).append(" '").append(text(c)).append("' at ").append(b)
                        .append(" outside ").append(area).append("; ");
            }
        }
        return problems.toString();
    }

    private static boolean inScroller(Control c, Composite root) {
        for (Composite p = c.getParent(); p != null && p != root; p = p.getParent()) {
            if (p instanceof ScrolledComposite) {
                return true;
            }
        }
        return false;
    }

    private static String text(Control c) {
        return c instanceof Button b ? b.getText() : c instanceof Label l ? l.getText() : c instanceof Combo co ? co
                .getText() : c instanceof Text t ? t.getText() : "";
    }

    @Test
    void everyAnalysisViewFitsFrom900x600To1600x1000() throws InterruptedException {
        ModelsPart models = wb.models();
        wb.ui(() -> { // the three ResNet-style variants, checked in the Models view (Compare's columns)
            for (TableItem item : models.table().getItems()) {
                if (item.getText(0).startsWith("ResNet-style") && !item.getChecked()) {
                    item.setChecked(true);
                    Event check = new Event();
                    check.item = item;
                    check.detail = SWT.CHECK;
                    models.table().notifyListeners(SWT.Selection, check);
                }
            }
        });
        wb.await("three active models", () -> wb.session().models().size() == 3);
        ActivationsPart activations = wb.show("org.perturber.app.part.activations");
        wb.await("the activation grid", () -> activations.channels() > 0);
        Shell shell = wb.ui(() -> (Shell) wb.window().getWidget());
        Point before = wb.ui(shell::getSize);
        try {
            for (Point size : List.of(new Point(1024, 700), new Point(900, 600), new Point(1600, 1000))) {
                wb.ui(() -> {
                    shell.setSize(size);
                    shell.layout(true, true);
                });
                for (String id : List.of("predictions", "activations", "attribution", "sweeps", "curve")) {
                    wb.show("org.perturber.app.part." + id);
                    Control root = wb.ui(() -> (Control) wb.part("org.perturber.app.part." + id).getWidget());
                    wb.await(id + " laid out", () -> ((Composite) root).getClientArea().width > 0);
                    assertEquals("", wb.ui(() -> outside(root)), id + " at " + size);
                }
                wb.show("org.perturber.app.part.activations");
                wb.await("the heat maps at " + size, () -> activations.tileSize() > 0);
                assertTrue(wb.ui(activations::tileSize) >= ActivationsPart.MIN_TILE, "heat maps at " + size + ": "
                        + wb.ui(activations::tileSize) + " px");
                AttributionPart attribution = wb.show("org.perturber.app.part.attribution");
                int map = wb.ui(attribution::mapSize);
                assertTrue(map >= AttributionPart.MIN_MAP, "attribution map at " + size + ": " + map + " px");
                if (size.y >= 1000) { // and it grows with a large view rather than staying at its minimum
                    assertTrue(map > AttributionPart.MIN_MAP, "attribution map at " + size + ": " + map + " px");
                }
                wb.ui(() -> wb.parts().switchPerspective("org.perturber.app.perspective.compare"));
                ComparePart compare = wb.show("org.perturber.app.part.compare");
                wb.await("three columns", () -> compare.columns().size() == 3 && compare.titleBounds().size() == 3);
                Control compareRoot = wb.ui(() -> (Control) wb.part("org.perturber.app.part.compare").getWidget());
                wb.ui(() -> ((Composite) compareRoot).layout(true, true));
                assertEquals("", wb.ui(() -> outside(compareRoot)), "compare at " + size);
                List<Rectangle> titles = wb.ui(compare::titleBounds);
                for (int i = 0; i + 1 < titles.size(); i++) {
                    assertFalse(titles.get(i).intersects(titles.get(i + 1)), "titles overlap at " + size + ": "
                            + titles);
                }
                wb.ui(() -> wb.parts().switchPerspective("org.perturber.app.perspective.explore"));
            }
        } finally {
            wb.ui(() -> shell.setSize(before));
        }
    }
}
