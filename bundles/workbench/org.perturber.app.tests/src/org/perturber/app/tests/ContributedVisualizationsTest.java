package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.ContributedVisualizationsPart;
import org.perturber.app.parts.ErrorLogPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.app.parts.ScenePart;
import org.perturber.app.tests.viz.LabVisualizations;
import org.perturber.core.viz.VisualizationFrame;

/**
 * A lab's visualizations, contributed by this bundle's plugin.xml, reach the workbench without a change to its
 * views: one of category "activations" is a choice in the Activations view, those of a category no view knows are
 * drawn in the Contributed visualizations view (Window > Show view). Misbehaving ones (a stack overflow, an
 * OutOfMemoryError, NaN, tiles of two sizes, a call that never returns) are named with their bundle in the Error Log
 * and the view, while the other views go on.
 */
class ContributedVisualizationsTest extends WorkbenchTest {
    static final String ACTIVATIONS = "org.perturber.app.part.activations";
    static final String GENERIC = "org.perturber.app.part.contributedVisualizations";
    static final String ERROR_LOG = "org.perturber.app.part.errorLog";
    static final String BUNDLE = "org.perturber.app.tests";
    static final String OURS = "Activation maps";

    /** Every test leaves our visualization chosen in the Activations view (the choice is a preference). */
    @AfterEach
    void oursAgain() throws InterruptedException {
        ActivationsPart a = wb.show(ACTIVATIONS);
        choose(a.visualizationCombo(), OURS);
        wb.await("our maps back", () -> !a.title().startsWith("Not updated") && !a.title().startsWith(
                LabVisualizations.CHANNEL_MEANS) && a.channels() > 0);
        MPart generic = wb.ui(() -> wb.part(GENERIC));
        if (generic != null) {
            wb.ui(() -> wb.parts().hidePart(generic)); // closed, as a new workbench has it
        }
    }

    /** UI thread: chooses an item of a view's combo as a user does (its Selection listeners run). */
    void choose(Combo combo, String item) {
        wb.ui(() -> {
            int index = Arrays.asList(combo.getItems()).indexOf(item);
            assertTrue(index >= 0, item + " in " + Arrays.toString(combo.getItems()));
            combo.select(index);
            combo.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Drags on the Scene view (the camera orbits): a new state for every view; returns its change time. */
    long orbit() throws InterruptedException {
        ScenePart scene = wb.show("org.perturber.app.part.scene");
        wb.await("a rendered scene", scene::hasImage);
        long before = wb.session().changedAt();
        wb.ui(() -> {
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseDown, 200, 150, 1);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseMove, 180, 150, 0);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseUp, 180, 150, 1);
        });
        long after = wb.session().changedAt();
        assertTrue(after != before, "the drag changed the state");
        return after;
    }

    /** The messages of the Error Log's rows (as it shows them) from this bundle naming a contribution. */
    List<String> logged(ErrorLogPart log, String id) {
        return wb.ui(() -> Arrays.stream(log.table().getItems()).filter(i -> i.getText(1).equals(BUNDLE) && i
                .getText(2).contains("visualization '" + id + "'")).map(i -> i.getText(2)).toList());
    }

    @Test
    void aLabsActivationsVisualizationIsAChoiceInTheActivationsViewAndDrawsTheLayer() throws InterruptedException {
        ActivationsPart a = wb.show(ACTIVATIONS);
        wb.await("our maps", () -> a.channels() > 0 && a.shownState() == wb.session().changedAt());
        int channels = wb.ui(a::channels);
        List<String> items = wb.ui(() -> List.of(a.visualizationCombo().getItems()));
        assertEquals(OURS, items.get(0), "ours first: " + items);
        assertEquals(OURS, wb.ui(() -> a.visualizationCombo().getText()), "ours is the default");
        assertTrue(items.contains("Lab channel means (test)"), items.toString());
        assertFalse(items.contains("Lab green channel (test)"), "another category: " + items);
        assertTrue(wb.ui(() -> a.visualizationCombo().isVisible()), "more than one choice: the combo shows");

        choose(a.visualizationCombo(), "Lab channel means (test)");
        wb.await("the lab's tiles", () -> a.title().startsWith(LabVisualizations.CHANNEL_MEANS));
        assertEquals(channels, wb.ui(a::channels), "one tile per channel of the same layer");
        assertEquals("org.perturber.app.tests.viz.channelMeans", WorkbenchPreferences.node().get(
                "visualization.activations", ""), "the choice is remembered");

        long state = orbit();
        wb.await("the lab's tiles of the new state", () -> a.shownState() == state && a.title().startsWith(
                LabVisualizations.CHANNEL_MEANS));
    }

    @Test
    void aVisualizationOfANewCategoryIsShownThroughShowViewAndDrawsItsPictureAndBars() throws Exception {
        wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Show view...")));
        Shell dialog = wb.shell("Show view");
        wb.ui(() -> {
            org.eclipse.swt.widgets.List list = RunningWorkbench.controls(dialog, org.eclipse.swt.widgets.List.class)
                    .get(0);
            int index = Arrays.asList(list.getItems()).indexOf("Contributed visualizations  (closed)");
            assertTrue(index >= 0, Arrays.toString(list.getItems()));
            list.select(index);
            RunningWorkbench.controls(dialog, Button.class).stream().filter(b -> b.getText().replace("&", "").equals(
                    "OK")).findFirst().orElseThrow().notifyListeners(SWT.Selection, new Event());
        });
        wb.await("the view open and active", () -> wb.part(GENERIC) != null && wb.part(GENERIC).getWidget() != null
                && wb.parts().getActivePart() == wb.part(GENERIC));
        ContributedVisualizationsPart v = wb.ui(() -> (ContributedVisualizationsPart) wb.part(GENERIC).getObject());
        List<String> items = wb.ui(() -> List.of(v.visualizationCombo().getItems()));
        assertEquals(List.of("Lab class margins (test) (lab.inspection)", "Lab green channel (test) (lab.inspection)"),
                items, "the categories no other view draws, and only those");
        // one is chosen (the first, or the one chosen last time) and drawn before the user touches anything
        String first = wb.ui(() -> v.visualizationCombo().getText());
        assertTrue(items.contains(first), "chosen: '" + first + "'");
        wb.await("the chosen one drawn", () -> v.frame() != null && v.frame().title().startsWith(first.startsWith(
                "Lab class margins") ? LabVisualizations.CLASS_MARGINS : LabVisualizations.GREEN_CHANNEL));

        choose(v.visualizationCombo(), "Lab green channel (test) (lab.inspection)");
        wb.await("the lab's picture", () -> v.frame() instanceof VisualizationFrame.Picture && v.title().startsWith(
                LabVisualizations.GREEN_CHANNEL));
        // on screen: the picture's pixels are green only, shaded as the object is
        awaitScreen(v.canvas(), "a green picture on screen", c -> greenOnly(c));

        choose(v.visualizationCombo(), "Lab class margins (test) (lab.inspection)");
        wb.await("the lab's bars", () -> v.frame() instanceof VisualizationFrame.Bars);
        VisualizationFrame.Bars bars = wb.ui(() -> (VisualizationFrame.Bars) v.frame());
        assertEquals(3, bars.bars().size(), bars.toString());
        assertEquals("mug", bars.bars().get(0).label(), "the default scene's top class");
        awaitScreen(v.canvas(), "the bars on screen", c -> pixels(c).contains(new RGB(40, 110, 200)));
        assertFalse(wb.ui(() -> greenOnly(v.canvas())), "the picture is gone");
    }

    /** Waits until the canvas shows what is wanted; on a time-out, what it showed is kept as a PNG under target/. */
    void awaitScreen(Canvas canvas, String what, java.util.function.Predicate<Canvas> shows)
            throws InterruptedException, java.io.IOException {
        try {
            // the pointer parked in the screen's corner: a tool tip under it would cover part of the view
            Process park = new ProcessBuilder("xdotool", "mousemove", "0", "0").redirectErrorStream(true).start();
            assertTrue(park.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && park.exitValue() == 0,
                    "xdotool mousemove: " + new String(park.getInputStream().readAllBytes()));
            wb.await(what, () -> shows.test(canvas));
        } catch (AssertionError e) {
            java.nio.file.Path png = java.nio.file.Path.of("target", "screen-" + what.replace(' ', '-') + ".png")
                    .toAbsolutePath();
            wb.ui(() -> org.perturber.app.handlers.SessionHandlers.exportControl(canvas, png));
            throw new AssertionError(e.getMessage() + " (what it showed: " + png + ")", e);
        }
    }

    /** UI thread: the colours a canvas shows now (read back from the screen). */
    static Set<RGB> pixels(Canvas canvas) {
        ImageData data = grab(canvas);
        Set<RGB> colours = new HashSet<>();
        for (int y = 0; y < data.height; y += 2) {
            for (int x = 0; x < data.width; x += 2) {
                colours.add(data.palette.getRGB(data.getPixel(x, y)));
            }
        }
        return colours;
    }

    /**
     * UI thread: whether the canvas shows a picture whose pixels (the centred square it is drawn in) have no red
     * and no blue, and many shades of green (the object's shading), not one flat colour.
     */
    static boolean greenOnly(Canvas canvas) {
        ImageData data = grab(canvas);
        int side = Math.min(data.width, data.height);
        int x0 = (data.width - side) / 2;
        Set<Integer> greens = new HashSet<>();
        for (int y = 2; y < side - 2; y += 3) {
            for (int x = x0 + 2; x < x0 + side - 2; x += 3) {
                RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                if (rgb.red > 2 || rgb.blue > 2) {
                    return false;
                }
                greens.add(rgb.green);
            }
        }
        return greens.size() >= 10;
    }

    static ImageData grab(Canvas canvas) {
        Point size = canvas.getSize();
        Image image = new Image(canvas.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(canvas);
        try {
            gc.copyArea(image, 0, 0);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    @Test
    void visualizationsThatThrowOrDrawBadFramesAreNamedAndTheOtherViewsGoOn() throws InterruptedException {
        ActivationsPart a = wb.show(ACTIVATIONS);
        ErrorLogPart log = wb.show(ERROR_LOG);
        wb.show(ACTIVATIONS);
        wb.await("our maps", () -> a.channels() > 0 && a.shownState() == wb.session().changedAt());
        int channels = wb.ui(a::channels);
        String[][] cases = { { "Overflows its stack (test)", "recursion", "compute threw StackOverflowError" },
            { "Runs out of memory (test)", "outOfMemory", "compute threw OutOfMemoryError" },
            { "Returns NaN (test)", "nan", "NaN or infinite values" },
            { "Returns tiles of two sizes (test)", "wrongSizes", "tiles of different sizes: tile 0 is 4x4, tile 1 7x3" } };
        for (String[] c : cases) {
            String id = "org.perturber.app.tests.viz." + c[1];
            choose(a.visualizationCombo(), c[0]);
            wb.await(c[0] + " named in the Error Log", () -> logged(log, id).stream().anyMatch(m -> m.contains(c[2])
                    && m.contains("Activations view")));
            wb.await(c[0] + " named in the view", () -> a.title().startsWith("Not updated") && a.title().contains(
                    "Bundle " + BUNDLE + ", visualization '" + id + "'") && a.title().contains(c[2]));
            assertEquals(channels, wb.ui(a::channels), "the maps drawn last stay");
            // the other views go on: the Predictions view paints the next state
            orbit();
            PredictionsPart p = ExploreViewsTest.predictionsOfCurrentState(wb);
            assertEquals(wb.session().changedAt(), wb.ui(p::shownChange));
        }
        // and the view itself goes on once a good one is chosen again
        choose(a.visualizationCombo(), OURS);
        long state = orbit();
        wb.await("our maps of the newest state", () -> a.shownState() == state && !a.title().startsWith(
                "Not updated"));
    }

    @Test
    void aVisualizationThatNeverReturnsIsAbandonedAfterItsBudgetWhileTheOtherViewsGoOn() throws InterruptedException {
        ActivationsPart a = wb.show(ACTIVATIONS);
        ErrorLogPart log = wb.show(ERROR_LOG);
        wb.show(ACTIVATIONS);
        wb.await("our maps", () -> a.channels() > 0 && a.shownState() == wb.session().changedAt());
        String id = "org.perturber.app.tests.viz.neverReturns";
        long chosen = System.nanoTime();
        choose(a.visualizationCombo(), "Never returns (test)");
        // while its call hangs, the Predictions view paints new states
        orbit();
        ExploreViewsTest.predictionsOfCurrentState(wb);
        double whileHung = (System.nanoTime() - chosen) / 1e9;
        assertTrue(whileHung < 10, "the predictions came " + whileHung + " s after the choice, inside the budget");
        assertTrue(logged(log, id).isEmpty(), "not abandoned yet: " + logged(log, id));

        wb.await("the call abandoned and named", () -> logged(log, id).stream().anyMatch(m -> m.contains(
                "compute did not return within 10.0 s; abandoned")));
        double abandoned = (System.nanoTime() - chosen) / 1e9;
        assertTrue(abandoned >= 10, "abandoned after " + abandoned + " s: the budget is 10 s");
        wb.await("the view says so", () -> a.title().startsWith("Not updated") && a.title().contains(id));

        // a newer state: the hung visualization is not called again (no second thread), and says why
        orbit();
        wb.await("not called again", () -> a.title().contains("not called: its compute abandoned at"));
        // any thread, whatever the guard names it: the one inside the hung call
        long hungThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> Arrays.stream(t
                .getStackTrace()).anyMatch(f -> f.getClassName().contains("NeverReturns"))).count();
        assertEquals(1, hungThreads, "one thread holds the hung call");

        choose(a.visualizationCombo(), OURS);
        long state = orbit();
        wb.await("our maps of the newest state", () -> a.shownState() == state && !a.title().startsWith(
                "Not updated"));
    }
}
