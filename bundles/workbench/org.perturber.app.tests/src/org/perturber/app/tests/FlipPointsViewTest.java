package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perturber.app.parts.FlipPointsPart;
import org.perturber.app.parts.ModelsPart;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.JointFlip;

/**
 * Issue 20 in the workbench: "Find flip" on a stack row and on the whole stack fills the Flip points view with flips
 * that are real (applied by a click, the prediction changes to the class the view names; Undo puts it back), a joint
 * search's result applies the same way, Stop ends a running search, and two models' flip points stand side by side
 * with the one that breaks first marked. The searches run coarser than the defaults (16 scan points, 1% of the range,
 * 60 joint evaluations: the properties the view reads), so each takes seconds.
 */
class FlipPointsViewTest extends WorkbenchTest {
    private static final String NOISE = "org.perturber.perturbation.image.gaussianNoise";
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";
    private static final double TOLERANCE = 0.01;
    private static final String EXPLORE = "org.perturber.app.perspective.explore";
    private static final String COMPARE = "org.perturber.app.perspective.compare";

    @BeforeEach
    void coarseSearch() {
        System.setProperty(FlipPointsPart.SCAN_POINTS_PROPERTY, "16");
        System.setProperty(FlipPointsPart.TOLERANCE_PROPERTY, Double.toString(TOLERANCE));
        System.setProperty(FlipPointsPart.JOINT_EVALUATIONS_PROPERTY, "60");
    }

    @AfterEach
    void defaults() throws InterruptedException {
        System.clearProperty(FlipPointsPart.SCAN_POINTS_PROPERTY);
        System.clearProperty(FlipPointsPart.TOLERANCE_PROPERTY);
        System.clearProperty(FlipPointsPart.JOINT_EVALUATIONS_PROPERTY);
        FlipPointsPart view = wb.part(FlipPointsPart.ID) == null ? null : (FlipPointsPart) wb.part(FlipPointsPart.ID)
                .getObject();
        if (view != null) {
            Job left = view.running();
            if (left != null) { // a failed test's search: ended before the next test starts
                left.cancel();
                left.join();
            }
        }
    }

    private Control perturbationsView() {
        return (Control) wb.part(ExploreViewsTest.PERTURBATIONS).getWidget();
    }

    /** Clicks the "Find flip" button of a parameter's row in the last entry; returns the view once it has a result. */
    private FlipPointsPart findFlipOnRow(String parameter) throws InterruptedException {
        return findFlipOnRow(perturbationsView(), parameter, EXPLORE);
    }

    private FlipPointsPart findFlipOnRow(Control editor, String parameter, String perspective)
            throws InterruptedException {
        wb.ui(() -> {
            List<Group> groups = RunningWorkbench.controls(editor, Group.class);
            Button button = RunningWorkbench.controls(groups.get(groups.size() - 1), Button.class).stream().filter(
                    b -> parameter.equals(b.getData(PerturbationsPart.FLIP_PARAMETER))).findFirst().orElseThrow();
            RunningWorkbench.click(button);
        });
        return awaitResult(perspective);
    }

    /** Chooses an item of the "Find flip" menu above the stack, as a click on it does. */
    private void findFlipFromMenu(String item) {
        wb.ui(() -> {
            Button flip = RunningWorkbench.controls(perturbationsView(), Button.class).stream().filter(b -> b.getText()
                    .startsWith("Find flip \u25be")).findFirst().orElseThrow();
            for (org.eclipse.swt.widgets.MenuItem i : flip.getMenu().getItems()) {
                if (i.getText().equals(item)) {
                    i.notifyListeners(SWT.Selection, new Event());
                    return;
                }
            }
            throw new AssertionError("no item " + item);
        });
    }

    /** The Flip points view (opened by the search) once the search started last has its result on screen. */
    private FlipPointsPart awaitResult() throws InterruptedException {
        return awaitResult(EXPLORE);
    }

    private FlipPointsPart awaitResult(String perspective) throws InterruptedException {
        wb.await("the Flip points view", () -> wb.partIn(perspective, FlipPointsPart.ID) != null);
        FlipPointsPart view = wb.ui(() -> (FlipPointsPart) wb.partIn(perspective, FlipPointsPart.ID).getObject());
        wb.await("the flip search to end", () -> view.running() == null);
        assertNotNull(view.result(), "a result; the view says: " + wb.ui(view::status));
        return view;
    }

    /** Waits for the Predictions view to paint the current state; returns each model's top-1 class. */
    private List<String> topClasses() throws InterruptedException {
        PredictionsPart p = ExploreViewsTest.predictionsOfCurrentState(wb);
        return wb.ui(() -> p.panels().stream().map(panel -> panel.bars().stream().max((a, b) -> Double.compare(a
                .value(), b.value())).orElseThrow().label()).toList());
    }

    private static double value(PerturbationStack stack, int entry, String parameter) {
        Object v = stack.entries().get(entry).values().get(parameter);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    @Test
    void aSeedsRowOffersNoFlipSearchAndSaysWhy() throws InterruptedException {
        ExploreViewsTest.addFromMenu(wb, "Image", "Gaussian noise");
        List<Boolean> enabled = wb.ui(() -> {
            List<Group> groups = RunningWorkbench.controls(perturbationsView(), Group.class);
            List<Button> buttons = RunningWorkbench.controls(groups.get(groups.size() - 1), Button.class);
            Button seed = buttons.stream().filter(b -> "seed".equals(b.getData(PerturbationsPart.FLIP_PARAMETER)))
                    .findFirst().orElseThrow();
            Button sigma = buttons.stream().filter(b -> "sigma".equals(b.getData(PerturbationsPart.FLIP_PARAMETER)))
                    .findFirst().orElseThrow();
            assertTrue(seed.getToolTipText().contains("random seed"), seed.getToolTipText());
            return List.of(seed.isEnabled(), sigma.isEnabled());
        });
        assertEquals(List.of(false, true), enabled, "seed's and sigma's Find flip");
    }

    @Test
    void findFlipOnARowFindsARealFlipThatApplyShowsAndUndoTakesBack() throws InterruptedException {
        ExploreViewsTest.addFromMenu(wb, "Image", "Gaussian noise");
        assertEquals(List.of("mug"), topClasses(), "the clean default scene");
        FlipPointsPart view = findFlipOnRow("sigma");
        assertTrue(wb.ui(() -> wb.parts().isPartVisible(wb.part(FlipPointsPart.ID))), "the search opened the view");
        FlipPointsPart.Result result = view.result();
        assertEquals(1, result.request().parameters().size());
        FlipParameter sigma = result.request().parameters().get(0);
        assertEquals(NOISE, sigma.perturbation());
        assertEquals("sigma", sigma.parameter());
        assertEquals(0, sigma.entry());
        FlipReport report = result.reports().get(0);
        assertEquals("mug", report.originalClass());
        FlipPoint down = report.point(sigma, FlipParameter.Direction.DOWN).orElseThrow();
        assertEquals(FlipPoint.Outcome.AT_LIMIT, down.outcome(), "sigma starts at 0, the bottom of its range");
        FlipPoint up = report.point(sigma, FlipParameter.Direction.UP).orElseThrow();
        assertTrue(up.flips(), "noise flips the standard model within [0, 0.5]: " + up.describe());
        assertNotEquals("mug", up.newClass());
        assertTrue(up.value() > 0 && up.value() <= 0.5, "" + up.value());
        assertEquals(up.value() / 0.5, up.distance(), 1e-9, "the distance is a fraction of the range");
        assertTrue(up.value() - up.inside() <= TOLERANCE * 0.5 + 1e-9, "bisected to the tolerance: " + up.inside()
                + " .. " + up.value());
        // what the view shows for it: the value, the class, the distance; "at the end of the range" the other way
        String shown = wb.ui(() -> view.cell(report.modelKey(), sigma, FlipParameter.Direction.UP).getText());
        assertTrue(shown.contains("\u2192 " + up.newClass()) && shown.contains(String.format(java.util.Locale.ROOT,
                "%.1f%% of the range", 100 * up.distance())), shown);
        assertEquals("at the end of the range", wb.ui(() -> view.cell(report.modelKey(), sigma,
                FlipParameter.Direction.DOWN).getText()));
        assertEquals(2, wb.ui(view::thumbnails), "the input before and at the flip");
        assertNull(wb.ui(() -> view.applyButton(report.modelKey(), sigma, FlipParameter.Direction.DOWN)),
                "nothing to apply where nothing flips");

        // just inside the flip the model still says mug: the flip found is the nearest
        wb.session().setStack(wb.session().stack().set(0, wb.session().stack().entries().get(0).with("sigma", up
                .inside())));
        assertEquals(List.of("mug"), topClasses(), "at " + up.inside());
        wb.ui(wb.session()::undo);
        assertEquals(0, value(wb.session().stack(), 0, "sigma"));

        // one click applies the flip: the stack holds its value and the model says the class the view named
        wb.ui(() -> RunningWorkbench.click(view.applyButton(report.modelKey(), sigma, FlipParameter.Direction.UP)));
        wb.await("the applied value", () -> value(wb.session().stack(), 0, "sigma") == up.value());
        assertEquals(List.of(up.newClass()), topClasses());
        wb.await("the view saying what was applied and that the results are of the state before", () -> view
                .status().startsWith("Applied " + sigma.label() + " = ") && view.status().contains(
                        "has changed since"));
        // Edit > Undo takes it back
        wb.ui(() -> wb.menuItem("Edit", "Undo").notifyListeners(SWT.Selection, new Event()));
        wb.await("the value before", () -> value(wb.session().stack(), 0, "sigma") == 0);
        assertEquals(List.of("mug"), topClasses());
        wb.await("the results current again", () -> !view.status().contains("has changed since"));
    }

    @Test
    void theWholeStackAndTheJointSearchFindFlipsThatApply() throws Exception {
        ExploreViewsTest.addFromMenu(wb, "Image", "Gaussian noise");
        ExploreViewsTest.addFromMenu(wb, "Image", "Fade to black");
        PerturbationStack stack = wb.session().stack();
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        List<FlipParameter> expected = FlipParameter.of(stack, registry, false);
        findFlipFromMenu(PerturbationsPart.FLIP_STACK);
        FlipPointsPart view = awaitResult();
        FlipPointsPart.Result all = view.result();
        assertEquals(expected, all.request().parameters(), "every numeric parameter of the stack");
        assertTrue(expected.stream().anyMatch(p -> p.perturbation().equals(FADE)) && expected.stream().anyMatch(
                p -> p.perturbation().equals(NOISE)));
        FlipReport report = all.reports().get(0);
        assertEquals(2 * expected.size(), report.points().size(), "both directions of each");
        for (FlipPoint f : report.points()) {
            Label cell = wb.ui(() -> view.cell(report.modelKey(), f.parameter(), f.direction()));
            assertNotNull(cell, "a cell for " + f.parameter().label() + " " + f.direction());
            Button apply = wb.ui(() -> view.applyButton(report.modelKey(), f.parameter(), f.direction()));
            assertEquals(f.flips(), apply != null, "Apply exactly where it flips: " + f.describe());
            if (f.outcome() == FlipPoint.Outcome.NONE_WITHIN_RANGE) {
                assertTrue(wb.ui(cell::getText).startsWith("none within range"), wb.ui(cell::getText));
            }
        }
        FlipParameter sigma = expected.stream().filter(p -> p.parameter().equals("sigma")).findFirst().orElseThrow();
        FlipParameter fade = expected.stream().filter(p -> p.perturbation().equals(FADE)).findFirst().orElseThrow();
        assertTrue(report.point(sigma, FlipParameter.Direction.UP).orElseThrow().flips());

        // the joint search over the stack's parameters: no larger than the best single change, and it applies
        findFlipFromMenu(PerturbationsPart.FLIP_JOINT);
        FlipPointsPart.Result joint = awaitResult().result();
        assertTrue(joint.request().joint());
        JointFlip j = joint.joints().get(0);
        assertTrue(j.found(), "a joint flip");
        assertTrue(j.norm() <= j.bestSingle() + 1e-9, "the joint change " + j.norm() + " is no larger than the "
                + "smallest single one " + j.bestSingle());
        wb.ui(() -> RunningWorkbench.click(view.jointApplyButton(report.modelKey())));
        PerturbationStack applied = wb.session().stack();
        assertEquals(j.values()[j.parameters().indexOf(sigma)], value(applied, sigma.entry(), "sigma"), 1e-12);
        assertEquals(j.values()[j.parameters().indexOf(fade)], value(applied, fade.entry(), fade.parameter()),
                1e-12);
        assertEquals(List.of(j.newClass()), topClasses(), "the class the joint flip names");
        wb.ui(() -> wb.menuItem("Edit", "Undo").notifyListeners(SWT.Selection, new Event()));
        wb.await("the stack before", () -> wb.session().stack().equals(stack));
    }

    /**
     * "Also of perturbations not in the stack": every registered scene and image perturbation's parameters, at their
     * defaults, from an empty stack; a flip of one not in the stack applies by adding its entry.
     */
    @Test
    void perturbationsNotInTheStackAreSearchedAtTheirDefaultsAndApplyByAddingAnEntry() throws Exception {
        System.setProperty(FlipPointsPart.SCAN_POINTS_PROPERTY, "4");
        System.setProperty(FlipPointsPart.TOLERANCE_PROPERTY, "0.05");
        wb.show(ExploreViewsTest.PERTURBATIONS);
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        List<FlipParameter> expected = FlipParameter.of(PerturbationStack.EMPTY, registry, true);
        findFlipFromMenu(PerturbationsPart.FLIP_UNSTACKED);
        FlipPointsPart view = awaitResult();
        assertEquals(expected, view.result().request().parameters());
        assertTrue(expected.size() > 10 && expected.stream().allMatch(p -> p.entry() == -1), "" + expected.size());
        FlipReport report = view.result().reports().get(0);
        FlipPoint noise = report.points().stream().filter(f -> f.flips() && f.parameter().perturbation().equals(
                NOISE) && f.parameter().parameter().equals("sigma")).findFirst().orElseThrow(() -> new AssertionError(
                        "Gaussian noise flips the standard model: " + report.points()));
        wb.ui(() -> RunningWorkbench.click(view.applyButton(report.modelKey(), noise.parameter(), noise
                .direction())));
        PerturbationStack applied = wb.session().stack();
        assertEquals(List.of(StackEntry.of(NOISE).with("sigma", noise.value())), applied.entries(),
                "the perturbation added at its defaults with the flip's value");
        assertEquals(List.of(noise.newClass()), topClasses());
    }

    @Test
    void stopEndsARunningSearchAndTheViewSaysSo() throws Exception {
        System.clearProperty(FlipPointsPart.SCAN_POINTS_PROPERTY); // the default search: long enough to stop
        System.clearProperty(FlipPointsPart.TOLERANCE_PROPERTY);
        wb.show(ExploreViewsTest.PERTURBATIONS);
        findFlipFromMenu(PerturbationsPart.FLIP_UNSTACKED);
        wb.await("the Flip points view", () -> wb.part(FlipPointsPart.ID) != null);
        FlipPointsPart view = wb.ui(() -> (FlipPointsPart) wb.part(FlipPointsPart.ID).getObject());
        Job job = wb.ui(view::running);
        assertNotNull(job, "the search runs as a Job");
        IStatus[] ended = new IStatus[1];
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                ended[0] = event.getResult();
            }
        });
        wb.await("the search under way", () -> job.getState() == Job.RUNNING && view.stopButton().isEnabled());
        Thread.sleep(1500); // well into it: some parameters searched
        assertEquals(Job.RUNNING, job.getState(), "the default search of every perturbation takes longer");
        long stopped = System.nanoTime();
        wb.ui(() -> RunningWorkbench.click(view.stopButton()));
        assertTrue(job.join(30_000, null), "the search ends after Stop");
        double seconds = (System.nanoTime() - stopped) / 1e9;
        System.out.printf("flip search stopped after %.2f s%n", seconds);
        assertTrue(seconds < 10, "it stops within a parameter's search: " + seconds + " s");
        assertEquals(IStatus.CANCEL, ended[0] == null ? -1 : ended[0].getSeverity());
        wb.await("the view saying so", () -> view.status().startsWith("Stopped:") && !view.stopButton().isEnabled()
                && view.running() == null);
        assertNull(view.result(), "nothing half-done is shown");
        assertEquals(0, wb.ui(view::thumbnails));
    }

    /** Compare has its own Flip points beside its models: Find flip in its stack editor fills that one. */
    @Test
    void findFlipInTheComparePerspectiveShowsEveryVariantThere() throws InterruptedException {
        wb.ui(() -> wb.parts().switchPerspective(COMPARE));
        wb.await("the three built-in variants", () -> wb.session().models().size() == 3);
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of(NOISE)));
        wb.await("Compare's stack editor", () -> wb.partIn(COMPARE, "org.perturber.app.part.compare.perturbations")
                != null && RunningWorkbench.controls((Control) wb.partIn(COMPARE,
                        "org.perturber.app.part.compare.perturbations").getWidget(), Group.class).size() == 1);
        Control editor = wb.ui(() -> (Control) wb.partIn(COMPARE, "org.perturber.app.part.compare.perturbations")
                .getWidget());
        FlipPointsPart view = findFlipOnRow(editor, "sigma", COMPARE);
        assertTrue(wb.ui(() -> wb.parts().isPartVisible(wb.partIn(COMPARE, FlipPointsPart.ID))),
                "Compare's Flip points shown");
        assertEquals(wb.session().models().stream().map(m -> m.key()).toList(), view.result().reports().stream()
                .map(FlipReport::modelKey).toList(), "every variant side by side");
        long flips = view.result().reports().stream().flatMap(r -> r.points().stream()).filter(FlipPoint::flips)
                .count();
        assertEquals(3 + (int) flips, (int) wb.ui(view::thumbnails), "each model's input before, and at each flip");
    }

    @Test
    void twoModelsSideBySideWithTheOneThatBreaksFirstMarked() throws Exception {
        ModelsPart models = wb.models();
        wb.ui(() -> {
            for (TableItem item : models.table().getItems()) {
                if (item.getText(0).startsWith("ResNet-style, adversarial") && !item.getChecked()) {
                    item.setChecked(true);
                    Event check = new Event();
                    check.item = item;
                    check.detail = SWT.CHECK;
                    models.table().notifyListeners(SWT.Selection, check);
                }
            }
        });
        wb.await("two active models", () -> wb.session().models().size() == 2);
        ExploreViewsTest.addFromMenu(wb, "Image", "Gaussian noise");
        FlipPointsPart view = findFlipOnRow("sigma");
        FlipPointsPart.Result result = view.result();
        assertEquals(wb.session().models().stream().map(m -> m.key()).toList(), result.reports().stream().map(
                FlipReport::modelKey).toList(), "one column group per active model, in their order");
        FlipParameter sigma = result.request().parameters().get(0);
        FlipPoint standard = result.reports().get(0).point(sigma, FlipParameter.Direction.UP).orElseThrow();
        FlipPoint adversarial = result.reports().get(1).point(sigma, FlipParameter.Direction.UP).orElseThrow();
        assertTrue(standard.flips(), standard.describe());
        // the adversarially fine-tuned model is the more robust to noise (README's curve): it breaks later or never
        assertTrue(!adversarial.flips() || adversarial.distance() > standard.distance(), "standard "
                + standard.distance() + ", adversarial " + adversarial.describe());
        Label standardCell = wb.ui(() -> view.cell(result.reports().get(0).modelKey(), sigma,
                FlipParameter.Direction.UP));
        Label adversarialCell = wb.ui(() -> view.cell(result.reports().get(1).modelKey(), sigma,
                FlipParameter.Direction.UP));
        assertEquals(Boolean.TRUE, wb.ui(() -> standardCell.getData(FlipPointsPart.FIRST)), "marked: breaks first");
        assertNull(wb.ui(() -> adversarialCell.getData(FlipPointsPart.FIRST)), "not marked: breaks later");
        assertTrue(wb.ui(standardCell::getText).contains("breaks first"));
        assertFalse(wb.ui(adversarialCell::getText).contains("breaks first"));
        assertEquals(2 + (adversarial.flips() ? 2 : 1), wb.ui(view::thumbnails), "each model's input before, and "
                + "at each flip");
        readmeScreenshot(view);
    }

    /**
     * With -Dperturber.screenshots=DIR only: the README's picture. Both models, a stack of noise and a fade, every
     * parameter searched with the default settings; the bottom row gets most of the window; then all is put back.
     */
    private void readmeScreenshot(FlipPointsPart view) throws Exception {
        if (!Screenshots.enabled()) {
            return;
        }
        defaults();
        wb.session().setStack(PerturbationStack.EMPTY.add(StackEntry.of(NOISE).with("sigma", 0.06)).add(StackEntry.of(
                FADE).with("amount", 0.3)));
        wb.await("the stack editor", () -> RunningWorkbench.controls(perturbationsView(), Group.class).size() == 2);
        EModelService models = wb.application().getContext().get(EModelService.class);
        // the stack editor tall enough for a row's Find flip, the bottom row for the whole table
        List<MUIElement> sashes = wb.ui(() -> java.util.stream.Stream.of("org.perturber.app.explore.columns",
                "org.perturber.app.explore.bottomRow", "org.perturber.app.explore.bottom",
                "org.perturber.app.explore.curve", "org.perturber.app.explore.models",
                "org.perturber.app.explore.perturbations").map(id -> models.find(id, wb.window())).toList());
        List<String> was = wb.ui(() -> sashes.stream().map(MUIElement::getContainerData).toList());
        List<String> shares = List.of("40", "60", "84", "16", "20", "80");
        org.eclipse.swt.widgets.Shell shell = wb.ui(() -> (org.eclipse.swt.widgets.Shell) wb.window().getWidget());
        org.eclipse.swt.graphics.Rectangle before = wb.ui(shell::getBounds);
        org.eclipse.swt.graphics.Rectangle shot = new org.eclipse.swt.graphics.Rectangle(0, 0, 1254, 1000);
        try {
            wb.ui(() -> {
                shell.setBounds(shot);
                for (int i = 0; i < sashes.size(); i++) {
                    sashes.get(i).setContainerData(shares.get(i));
                }
                shell.layout(true, true);
            });
            findFlipFromMenu(PerturbationsPart.FLIP_STACK);
            long t0 = System.nanoTime();
            awaitResult();
            System.out.printf("README screenshot: default search of the stack for 2 models in %.1f s: %s%n",
                    (System.nanoTime() - t0) / 1e9, wb.ui(view::status));
            RunningWorkbench.pointer(1270, 1010); // no tool tip in the picture
            Screenshots.take("flip-points", shot);
        } finally {
            wb.ui(() -> {
                for (int i = 0; i < sashes.size(); i++) {
                    sashes.get(i).setContainerData(was.get(i));
                }
                shell.setBounds(before);
            });
        }
    }
}
