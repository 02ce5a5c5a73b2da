package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.perturber.app.handlers.SessionHandlers;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.AttributionPart;
import org.perturber.app.parts.ModelsPart;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.app.parts.ScenePart;

/**
 * The Explore perspective driven through its widgets: the first window, the scene's mouse controls, the model list,
 * a slider drag through the stack editor, activations and attribution. Each test starts from the first window's
 * state ({@link RunningWorkbench#reset()}).
 */
class ExploreViewsTest extends WorkbenchTest {
    static final String PREDICTIONS = "org.perturber.app.part.predictions";
    static final String PERTURBATIONS = "org.perturber.app.part.perturbations";

    /** UI thread: the probability the panel shows for "mug" (0 when it is not among the top classes). */
    static double mug(PredictionsPart.Panel panel) {
        return panel.bars().stream().filter(b -> b.label().equals("mug")).mapToDouble(b -> b.value()).findFirst()
                .orElse(0);
    }

    /** Waits until the Predictions view paints the session's current state for every active model. */
    static PredictionsPart predictionsOfCurrentState(RunningWorkbench wb) throws InterruptedException {
        PredictionsPart p = wb.show(PREDICTIONS);
        long state = wb.session().changedAt();
        int models = wb.session().models().size();
        wb.await("the predictions of the current state", () -> p.shownChange() == state && p.panels().size()
                == models && p.panels().stream().noneMatch(x -> x.bars().isEmpty()));
        return p;
    }

    /** Adds a perturbation through the stack editor's "Add perturbation" menu; returns its first slider. */
    static Scale addFromMenu(RunningWorkbench wb, String category, String name) throws InterruptedException {
        PerturbationsPart editor = wb.show(PERTURBATIONS);
        Control root = wb.ui(() -> (Control) wb.part(PERTURBATIONS).getWidget());
        int before = wb.ui(() -> editor.entryCount());
        wb.ui(() -> {
            Button add = RunningWorkbench.controls(root, Button.class).stream().filter(b -> b.getText().startsWith(
                    "Add perturbation")).findFirst().orElseThrow();
            RunningWorkbench.choose(add.getMenu(), category, name);
        });
        wb.await("the new entry's controls", () -> editor.entryCount() == before + 1 && RunningWorkbench.controls(
                root, Scale.class).size() > 0);
        List<Scale> scales = wb.ui(() -> RunningWorkbench.controls(root, Scale.class));
        return scales.get(scales.size() - 1);
    }

    @Test
    void theFirstWindowShowsTheSceneAndRightPredictions() throws InterruptedException {
        ScenePart scene = wb.show("org.perturber.app.part.scene");
        wb.await("a rendered scene", scene::hasImage);
        PredictionsPart predictions = predictionsOfCurrentState(wb);
        assertEquals("Perturber", wb.ui(() -> ((Shell) wb.window().getWidget()).getText()));
        assertEquals("org.perturber.app.perspective.explore", wb.ui(() -> wb.application().getContext().get(
                EModelService.class).findElements(wb.window(), "org.perturber.app.perspectives",
                        MPerspectiveStack.class).get(0).getSelectedElement().getElementId()));
        List<String> parts = wb.ui(() -> wb.application().getContext().get(EModelService.class).findElements(wb
                .window(), null, MPart.class).stream().map(MPart::getElementId).toList());
        for (String part : List.of("scene", "models", "perturbations", "predictions", "activations", "sweeps",
                "contributions", "curve")) {
            assertTrue(parts.contains("org.perturber.app.part." + part), "part " + part + ": " + parts);
        }
        List<PredictionsPart.Panel> panels = wb.ui(predictions::panels);
        assertEquals(1, panels.size(), "only the default model is active");
        assertEquals("mug", panels.get(0).bars().get(0).label(), "a new user sees right predictions");
        assertTrue(wb.statusLine().text().matches(".+last change to updated predictions: \\d+ ms"), wb.statusLine()
                .text());
    }

    @Test
    void draggingOnTheSceneOrbitsAndTheWheelZooms() throws InterruptedException {
        ScenePart scene = wb.show("org.perturber.app.part.scene");
        wb.await("a rendered scene", scene::hasImage);
        double azimuth = wb.session().scene().camera().azimuthDegrees();
        double distance = wb.session().scene().camera().distance();
        int frames = wb.ui(scene::frames);
        wb.ui(() -> {
            // grabbing the object and dragging 60 pixels left turns its front to the left
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseDown, 200, 150, 1);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseMove, 170, 150, 0);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseMove, 140, 150, 0);
            RunningWorkbench.mouse(scene.canvas(), SWT.MouseUp, 140, 150, 1);
        });
        assertEquals(azimuth + 30, wb.session().scene().camera().azimuthDegrees(), 1e-9, "60 pixels, 30 degrees");
        wb.ui(() -> {
            Event wheel = new Event();
            wheel.count = 3;
            scene.canvas().notifyListeners(SWT.MouseVerticalWheel, wheel);
        });
        assertTrue(wb.session().scene().camera().distance() < distance, "the wheel zooms in");
        wb.await("the moved view rendered", () -> scene.frames() > frames && !scene.showsPreview());
    }

    @Test
    void theModelInputToggleShowsExactlyTheModelsInput() throws InterruptedException {
        ScenePart scene = wb.show("org.perturber.app.part.scene");
        wb.await("a rendered scene", scene::hasImage);
        predictionsOfCurrentState(wb);
        wb.ui(() -> {
            scene.modelViewToggle().setSelection(true);
            scene.modelViewToggle().notifyListeners(SWT.Selection, new Event());
        });
        wb.await("the 96x96 model input", () -> scene.imageWidth() == 96);
        wb.ui(() -> {
            scene.modelViewToggle().setSelection(false);
            scene.modelViewToggle().notifyListeners(SWT.Selection, new Event());
        });
        wb.await("the full frame again", () -> scene.imageWidth() > 96);
    }

    @Test
    void checkingAModelInTheListAddsItsPredictions() throws InterruptedException {
        ModelsPart models = wb.models();
        List<String[]> rows = wb.ui(() -> {
            List<String[]> r = new java.util.ArrayList<>();
            for (TableItem item : models.table().getItems()) {
                r.add(new String[] { Boolean.toString(item.getChecked()), item.getText(1), item.getText(2), item
                        .getText(0) });
            }
            return r;
        });
        assertTrue(rows.size() >= 4, "built-in models listed: " + rows.size());
        assertEquals(1, rows.stream().filter(r -> r[0].equals("true")).count(), "only the default is active");
        wb.ui(() -> {
            for (TableItem item : models.table().getItems()) {
                if (item.getText(0).startsWith("VGG-style")) {
                    item.setChecked(true);
                    Event check = new Event();
                    check.item = item;
                    check.detail = SWT.CHECK;
                    models.table().notifyListeners(SWT.Selection, check);
                }
            }
        });
        wb.await("a second active model", () -> wb.session().models().size() == 2);
        PredictionsPart predictions = predictionsOfCurrentState(wb);
        List<PredictionsPart.Panel> panels = wb.ui(predictions::panels);
        assertTrue(panels.get(1).title().startsWith("VGG-style"), "panels: " + panels.stream().map(
                PredictionsPart.Panel::title).toList());
    }

    @Test
    void aSliderDragMovesThePredictionsAndEveryViewEndsOnItsLastState() throws InterruptedException {
        PredictionsPart first = predictionsOfCurrentState(wb);
        double clean = mug(wb.ui(() -> first.panels().get(0)));
        ActivationsPart activations = wb.show("org.perturber.app.part.activations");
        Scale amount = addFromMenu(wb, "Image", "Fade to black");
        for (int position = 0; position <= 970; position += 97) { // a drag, one step every 15 ms
            int p = position;
            wb.ui(() -> RunningWorkbench.slide(amount, p));
            Thread.sleep(15);
        }
        long last = wb.session().changedAt();
        PredictionsPart predictions = predictionsOfCurrentState(wb);
        double faded = mug(wb.ui(() -> predictions.panels().get(0)));
        assertTrue(faded < clean - 0.2, "a near-black image: mug " + clean + " -> " + faded);
        assertEquals(0.97, (Double) wb.session().stack().entries().get(0).values().get("amount"), 1e-9);
        // on screen means painted: GTK paints at its next frame, after the view took the predictions
        assertTrue(wb.ui(() -> predictions.readyChange() == last && predictions.shownAt() >= predictions
                .readyAt()));
        wb.await("the activation grid on the drag's last state", () -> activations.shownState() == last);
        assertEquals(16, wb.ui(activations::channels), "the default model's first layer has 16 channels");
    }

    /** Issue 16: Tab did not apply a typed value, and NaN was taken (the perturbation then silently skipped). */
    @Test
    void aTypedValueAppliesOnEnterAndWhenLeavingTheEntryAndNaNIsRefused() throws InterruptedException {
        Scale amount = addFromMenu(wb, "Image", "Fade to black");
        Text entry = wb.ui(() -> {
            List<Text> texts = RunningWorkbench.controls(amount.getParent(), Text.class);
            return texts.get(texts.size() - 1);
        });
        wb.ui(() -> {
            entry.setText("0.25");
            entry.notifyListeners(SWT.FocusOut, new Event()); // Tab, or a click elsewhere
        });
        assertEquals(0.25, amountValue(), 1e-9, "leaving the entry applies what was typed");
        assertEquals(250, (int) wb.ui(amount::getSelection), "and moves the slider");
        wb.ui(() -> {
            entry.setText("NaN");
            entry.notifyListeners(SWT.DefaultSelection, new Event()); // Enter
        });
        assertEquals(0.25, amountValue(), 1e-9, "NaN is refused");
        assertEquals(0.25, Double.parseDouble(wb.ui(() -> entry.getText())), 1e-9, "and the entry shows the value again");
        wb.ui(() -> {
            entry.setText("7");
            entry.notifyListeners(SWT.DefaultSelection, new Event());
        });
        assertEquals(1.0, amountValue(), 1e-9, "a value beyond the range is clamped to it");
    }

    private double amountValue() {
        return ((Number) wb.session().stack().entries().get(0).values().get("amount")).doubleValue();
    }

    @Test
    void theAttributionViewDrawsASaliencyMap() throws InterruptedException {
        AttributionPart attribution = wb.show("org.perturber.app.part.attribution");
        int before = wb.ui(attribution::updates);
        wb.session().setScene(wb.session().scene().withCamera(wb.session().scene().camera().withOrbit(40, 10, wb
                .session().scene().camera().distance())));
        wb.await("a saliency map of the new view", () -> attribution.updates() > before);
    }

    @Test
    void thePredictionsViewExportsAsPng() throws Exception {
        predictionsOfCurrentState(wb);
        Path png = Files.createTempFile("predictions", ".png");
        wb.ui(() -> {
            SessionHandlers.exportControl((Control) wb.part(PREDICTIONS).getWidget(), png);
            return null;
        });
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() > 100);
    }
}
