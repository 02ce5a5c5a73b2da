package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;
import org.perturber.app.handlers.SessionHandlers;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.AttributionPart;
import org.perturber.app.EmbeddedWorkbench;
import org.perturber.explore.ExploreSession;
import org.perturber.app.parts.ComparePart;
import org.perturber.app.parts.ContributionsPart;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.app.parts.ModelsPart;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.app.parts.SweepPart;
import org.perturber.app.parts.ScenePart;

/**
 * Opens the real workbench (the product's application model, renderers and parts) on an SWT display under Xvfb
 * and checks what the user sees: the main window, the Explore perspective with its parts, the scene rendered by
 * JOGL, and the Contributions part listing the contributions with their status.
 */
class WorkbenchTest {
    private static final long TIMEOUT_MS = 120_000;

    /** What the test saw from inside the running workbench. */
    private static final class Observed {
        String windowTitle;
        String perspective;
        List<String> partIds = new ArrayList<>();
        boolean sceneRendered;
        String summary;
        List<String[]> rows = new ArrayList<>();
        String failure;
        int phase;
        int framesBefore;
        double azimuthBefore;
        double azimuthAfterDrag = Double.NaN;
        double distanceBefore;
        double distanceAfterWheel = Double.NaN;
        int modelViewWidth;
        List<String[]> modelRows = new ArrayList<>();
        List<String> topPredictions = new ArrayList<>();
        List<String> panelTitles = new ArrayList<>();
        int modelInputSize;
        double mugBefore = Double.NaN;
        double mugAfter = Double.NaN;
        int predictionUpdates;
        int channels;
        long finalState;
        boolean activationsEndOnFinalState;
        boolean paintedAfterTaken;
        String statusLine;
        boolean attributionShown;
        int exportedWidth;
        List<String> compareColumns = new ArrayList<>();
        int compareUpdates;
        boolean transferredToAll;
        float[] cleanInput;
        String standardAttackedTop;
        String sweepStatus;
        int sweepPlots;
        int sweepTables;
    }

    @Test
    void workbenchOpensOnTheExplorePerspectiveWithSceneAndContributions() {
        Display display = Display.getDefault();
        E4Application application = new E4Application();
        E4Workbench workbench = application.createE4Workbench(EmbeddedWorkbench.productContext(), display);
        MApplication model = workbench.getApplication();
        Observed seen = new Observed();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        display.timerExec(500, new Runnable() {
            @Override
            public void run() {
                try {
                    if (inspect(model, seen) || System.currentTimeMillis() > deadline) {
                        workbench.close();
                        return;
                    }
                } catch (RuntimeException e) {
                    seen.failure = e.toString();
                    workbench.close();
                    return;
                }
                display.timerExec(250, this);
            }
        });
        workbench.createAndRunUI(model); // runs the event loop until close()
        if (!display.isDisposed()) {
            display.dispose();
        }

        assertNull(seen.failure);
        assertEquals("Perturber", seen.windowTitle);
        assertEquals("org.perturber.app.perspective.explore", seen.perspective);
        for (String part : List.of("scene", "models", "perturbations", "predictions", "activations", "sweeps",
                "contributions")) {
            assertTrue(seen.partIds.contains("org.perturber.app.part." + part), "part " + part + ": " + seen.partIds);
        }
        assertTrue(seen.sceneRendered, "the scene part shows the rendered scene");
        // grabbing the object and dragging left turns its front to the left: the camera orbits the other way
        assertEquals(seen.azimuthBefore + 30, seen.azimuthAfterDrag, 1e-9, "60 pixels left orbit by 30 degrees");
        assertTrue(seen.distanceAfterWheel < seen.distanceBefore, "the wheel zooms in");
        // the built-in standard model is active from the start, and the others are listed one click away
        assertTrue(seen.modelRows.size() >= 4, "built-in models listed: " + seen.modelRows.size());
        assertEquals("true", seen.modelRows.stream().filter(r -> r[1].equals("standard") && r[2].contains("residual"))
                .findFirst().orElseThrow(() -> new AssertionError("no standard residual-CNN row"))[0]);
        assertEquals(1, seen.modelRows.stream().filter(r -> r[0].equals("true")).count(), "only the default active");
        // a new user sees predictions for the default scene, and they are right
        assertEquals("mug", seen.topPredictions.get(0), "top predictions: " + seen.topPredictions);
        assertEquals(96, seen.modelInputSize);
        assertEquals(seen.modelInputSize, seen.modelViewWidth, "model view shows the model's input size");
        // one click activates a second model, and the Predictions view shows both
        assertEquals(2, seen.panelTitles.size(), "panels: " + seen.panelTitles);
        assertTrue(seen.panelTitles.get(1).startsWith("VGG-style"), "panels: " + seen.panelTitles);
        // a perturbation from the stack editor changes what the models see, and their predictions follow
        assertTrue(seen.mugAfter < seen.mugBefore - 0.2, "mug probability " + seen.mugBefore + " -> "
                + seen.mugAfter);
        // the activations of the default model's first exposed layer: 16 channels; a pinned one is plotted
        assertEquals(16, seen.channels);
        assertTrue(seen.activationsEndOnFinalState, "the activation grid ends on the state a drag ended on");
        assertTrue(seen.paintedAfterTaken, "the predictions on screen are the drag's last, painted after taken");
        assertTrue(seen.statusLine.matches(".+last change to updated predictions: \\d+ ms"), seen.statusLine);
        assertTrue(seen.attributionShown, "the Attribution view drew a saliency map");
        assertTrue(seen.exportedWidth > 100, "the Predictions view exported as PNG: " + seen.exportedWidth);
        // a sweep started from the workbench runs as a job and plots its summary
        assertTrue(seen.sweepStatus.contains("done"), seen.sweepStatus);
        assertTrue(seen.sweepPlots >= 1, "plots drawn: " + seen.sweepPlots);
        assertEquals(2, seen.sweepTables, "top-1 and true-class probability against the fade");
        // the Compare perspective shows the three built-in variants (and the VGG activated earlier) side by side
        assertTrue(seen.compareColumns.size() >= 3, "columns: " + seen.compareColumns);
        assertTrue(seen.compareColumns.stream().anyMatch(c -> c.contains("adversarially")), "" + seen.compareColumns);
        assertTrue(seen.compareColumns.stream().anyMatch(c -> c.contains("texture-debiased")), ""
                + seen.compareColumns);
        // an attack made against one model is shown, the same image, to all of them
        assertTrue(seen.transferredToAll);
        assertTrue(!seen.standardAttackedTop.equals("mug"), "PGD at 0.03 fools the model it was made against: "
                + seen.standardAttackedTop);
        assertTrue(seen.summary != null && seen.summary.matches("\\d+ contributions?, 0 failed"), seen.summary);
        assertTrue(seen.rows.stream().anyMatch(r -> r[1].equals("org.perturber.backend.mxnet")
                && r[5].equals("loaded")), "the MXNet backend is listed as loaded");
        for (String kind : List.of("perturbation", "model backend", "visualization")) {
            assertTrue(seen.rows.stream().anyMatch(r -> r[0].equals(kind)), "a contribution of kind " + kind);
        }
    }

    /** Reads and drives the UI step by step; true once every step is done. */
    private static boolean inspect(MApplication model, Observed seen) {
        EModelService models = model.getContext().get(EModelService.class);
        MWindow window = model.getChildren().get(0);
        if (!(window.getWidget() instanceof Shell shell) || !shell.isVisible()) {
            return false;
        }
        MPart scenePart = models.findElements(window, "org.perturber.app.part.scene", MPart.class).get(0);
        MPart contributions = models.findElements(window, "org.perturber.app.part.contributions", MPart.class)
                .get(0);
        MPart predictionsPart = models.findElements(window, "org.perturber.app.part.predictions", MPart.class)
                .get(0);
        MPart modelsPart = models.findElements(window, "org.perturber.app.part.models", MPart.class).get(0);
        EPartService parts = window.getContext().get(EPartService.class);
        if (seen.phase == 0 && contributions.getObject() == null) {
            parts.showPart(contributions, EPartService.PartState.VISIBLE); // behind the Activations tab
        }
        if (!(scenePart.getObject() instanceof ScenePart scene)
                || !(contributions.getObject() instanceof ContributionsPart c)
                || !(predictionsPart.getObject() instanceof PredictionsPart predictions)
                || !(modelsPart.getObject() instanceof ModelsPart modelList)) {
            return false;
        }
        switch (seen.phase) {
        case 0 -> {
            seen.windowTitle = shell.getText();
            MPerspectiveStack perspectives = models.findElements(window, "org.perturber.app.perspectives",
                    MPerspectiveStack.class).get(0);
            seen.perspective = perspectives.getSelectedElement().getElementId();
            seen.partIds = models.findElements(window, null, MPart.class).stream().map(MPart::getElementId)
                    .toList();
            seen.sceneRendered = scene.hasImage();
            if (!seen.sceneRendered || c.summary().startsWith("Loading")) {
                return false;
            }
            seen.summary = c.summary();
            Table table = c.table();
            for (TableItem item : table.getItems()) {
                String[] row = new String[table.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = item.getText(i);
                }
                seen.rows.add(row);
            }
            // drag 60 pixels to the left, through the canvas's own listeners
            seen.azimuthBefore = scene.scene().camera().azimuthDegrees();
            seen.framesBefore = scene.frames();
            mouse(scene.canvas(), SWT.MouseDown, 200, 150, 1);
            mouse(scene.canvas(), SWT.MouseMove, 170, 150, 0);
            mouse(scene.canvas(), SWT.MouseMove, 140, 150, 0);
            mouse(scene.canvas(), SWT.MouseUp, 140, 150, 1);
            seen.azimuthAfterDrag = scene.scene().camera().azimuthDegrees();
            seen.distanceBefore = scene.scene().camera().distance();
            Event wheel = new Event();
            wheel.count = 3;
            scene.canvas().notifyListeners(SWT.MouseVerticalWheel, wheel);
            seen.distanceAfterWheel = scene.scene().camera().distance();
            seen.phase = 1;
            return false;
        }
        case 1 -> {
            if (scene.frames() <= seen.framesBefore) {
                return false; // the dragged view has not been rendered yet
            }
            List<PredictionsPart.Panel> panels = predictions.panels();
            if (panels.isEmpty() || panels.get(0).problem() != null || panels.get(0).bars().isEmpty()) {
                return false; // the default model is still loading
            }
            panels.get(0).bars().forEach(b -> seen.topPredictions.add(b.label()));
            for (TableItem item : modelList.table().getItems()) {
                seen.modelRows.add(new String[] { Boolean.toString(item.getChecked()), item.getText(1),
                        item.getText(2), item.getText(0) });
            }
            seen.modelInputSize = Integer.parseInt(modelList.table().getItem(0).getText(3).split("\u00d7")[0]);
            scene.modelViewToggle().setSelection(true);
            scene.modelViewToggle().notifyListeners(SWT.Selection, new Event());
            seen.framesBefore = scene.frames();
            seen.phase = 2;
            return false;
        }
        case 2 -> {
            if (scene.frames() <= seen.framesBefore || scene.imageWidth() != seen.modelInputSize) {
                return false;
            }
            seen.modelViewWidth = scene.imageWidth();
            // activate the VGG-style model with its check box, as a user would
            for (TableItem item : modelList.table().getItems()) {
                if (item.getText(0).startsWith("VGG-style")) {
                    item.setChecked(true);
                    Event check = new Event();
                    check.item = item;
                    check.detail = SWT.CHECK;
                    modelList.table().notifyListeners(SWT.Selection, check);
                }
            }
            seen.phase = 3;
            return false;
        }
        case 3 -> {
            List<PredictionsPart.Panel> panels = predictions.panels();
            if (panels.size() < 2 || panels.stream().anyMatch(p -> p.bars().isEmpty())) {
                return false;
            }
            panels.forEach(p -> seen.panelTitles.add(p.title()));
            seen.mugBefore = mugProbability(panels.get(0));
            ActivationsPart activations = (ActivationsPart) parts.showPart("org.perturber.app.part.activations",
                    EPartService.PartState.ACTIVATE).getObject();
            if (activations.channels() == 0) {
                seen.panelTitles.clear();
                return false; // the activations have not arrived yet
            }
            seen.channels = activations.channels();
            AttributionPart attribution = (AttributionPart) parts.showPart("org.perturber.app.part.attribution",
                    EPartService.PartState.CREATE).getObject();
            if (attribution.updates() == 0) {
                seen.panelTitles.clear();
                return false; // the saliency map has not arrived yet
            }
            seen.attributionShown = true;
            try {
                java.nio.file.Path png = java.nio.file.Files.createTempFile("predictions", ".png");
                SessionHandlers.exportControl((org.eclipse.swt.widgets.Control) predictionsPart.getWidget(), png);
                seen.exportedWidth = javax.imageio.ImageIO.read(png.toFile()).getWidth();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            activations.togglePin(3);
            // add a perturbation from the stack editor and drag it almost all the way: a near-black image
            MPart stackPart = models.findElements(window, "org.perturber.app.part.perturbations", MPart.class).get(0);
            PerturbationsPart editor = (PerturbationsPart) stackPart.getObject();
            editor.add("org.perturber.perturbation.image.fadeToBlack");
            editor.set(0, "amount", 0.97);
            seen.predictionUpdates = predictions.updates();
            seen.phase = 4;
            return false;
        }
        case 4 -> {
            List<PredictionsPart.Panel> panels = predictions.panels();
            if (predictions.updates() <= seen.predictionUpdates || panels.size() < 2 || panels.get(0).bars()
                    .isEmpty()) {
                return false;
            }
            double mug = mugProbability(panels.get(0));
            if (mug == seen.mugBefore) {
                return false; // an update for the scene before the change
            }
            seen.mugAfter = mug;
            ActivationsPart activations = (ActivationsPart) models.findElements(window,
                    "org.perturber.app.part.activations", MPart.class).get(0).getObject();
            MPart stackPart = models.findElements(window, "org.perturber.app.part.perturbations", MPart.class).get(0);
            // a quick drag with nothing pinned: the grid refreshes at its own pace and must end on the last state
            activations.togglePin(3);
            for (int i = 20; i >= 0; i--) {
                ((PerturbationsPart) stackPart.getObject()).set(0, "amount", i / 40.0);
            }
            seen.finalState = model.getContext().get(ExploreSession.class).changedAt();
            // run a small sweep from the Sweeps view
            MPart sweepPart = parts.showPart("org.perturber.app.part.sweeps", EPartService.PartState.ACTIVATE);
            SweepPart sweeps = (SweepPart) sweepPart.getObject();
            sweeps.addSpec(smallSweep());
            sweeps.start();
            seen.phase = 5;
            return false;
        }
        case 5 -> {
            MPart sweepPart = models.findElements(window, "org.perturber.app.part.sweeps", MPart.class).get(0);
            SweepPart sweeps = (SweepPart) sweepPart.getObject();
            if (!sweeps.status().contains("done") && !sweeps.status().contains("fail")) {
                return false;
            }
            ActivationsPart activations = (ActivationsPart) models.findElements(window,
                    "org.perturber.app.part.activations", MPart.class).get(0).getObject();
            if (activations.shownState() != seen.finalState) {
                return false; // the activation grid has not caught up with the end of the drag yet
            }
            seen.activationsEndOnFinalState = true;
            PredictionsPart predictionsView = (PredictionsPart) models.findElements(window,
                    "org.perturber.app.part.predictions", MPart.class).get(0).getObject();
            if (predictionsView.shownChange() != seen.finalState) {
                return false; // the drag's last predictions are not painted yet
            }
            // on screen means painted: GTK paints at its next frame, after the view took the predictions
            seen.paintedAfterTaken = predictionsView.readyChange() == seen.finalState
                    && predictionsView.shownAt() >= predictionsView.readyAt();
            seen.statusLine = model.getContext().get(org.perturber.app.StatusLine.class).text();
            seen.sweepStatus = sweeps.status();
            seen.sweepPlots = sweeps.plotsDrawn();
            seen.sweepTables = sweeps.summary() == null ? 0 : sweeps.summary().tables().size();
            parts.switchPerspective("org.perturber.app.perspective.compare");
            seen.phase = 6;
            return false;
        }
        case 6 -> {
            MPart comparePart = models.findElements(window, "org.perturber.app.part.compare", MPart.class).get(0);
            if (!(comparePart.getObject() instanceof ComparePart compare) || compare.columns().stream().noneMatch(
                    col -> col.model().contains("texture-debiased")) || compare.columns().stream().noneMatch(
                            col -> col.model().contains("adversarially"))) {
                return false; // the built-in variants are still loading, one after the other
            }
            compare.columns().forEach(col -> seen.compareColumns.add(col.model()));
            seen.cleanInput = compare.columns().get(0).input().data();
            // transfer: a PGD attack made against the standard model, shown to every model
            ExploreSession session = model.getContext().get(ExploreSession.class);
            session.setStack(PerturbationStack.EMPTY.add(StackEntry.of("org.perturber.perturbation.adversarial.pgd")
                    .with("epsilon", 0.03)));
            LoadedModel standard = session.models().stream().filter(m -> m.descriptor().id().equals("standard"))
                    .findFirst().orElseThrow();
            compare.setAttackSource(standard.key());
            seen.compareUpdates = compare.updates();
            seen.phase = 7;
            return false;
        }
        default -> {
            ComparePart compare = (ComparePart) models.findElements(window, "org.perturber.app.part.compare",
                    MPart.class).get(0).getObject();
            List<ComparePart.Column> columns = compare.columns();
            if (compare.updates() <= seen.compareUpdates || columns.size() < 3) {
                return false;
            }
            float[] first = columns.get(0).input().data();
            boolean same = columns.stream().allMatch(col -> java.util.Arrays.equals(col.input().data(), first));
            if (!same || java.util.Arrays.equals(first, seen.cleanInput)) {
                return false; // an update from before the attack
            }
            seen.transferredToAll = true;
            seen.standardAttackedTop = columns.stream().filter(col -> col.model().startsWith(
                    "ResNet-style, standard")).map(col -> col.top().get(0).label()).findFirst().orElse("");
            return true;
        }
        }
    }

    /** The probability the panel shows for "mug" (0 when it is not among the top classes). */
    private static double mugProbability(PredictionsPart.Panel panel) {
        return panel.bars().stream().filter(b -> b.label().equals("mug")).mapToDouble(b -> b.value()).findFirst()
                .orElse(0);
    }

    /** A sweep of 2 objects x 4 fade levels on the standard model, written to a temporary folder. */
    private static java.nio.file.Path smallSweep() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("perturber-ui-sweep");
            java.nio.file.Path spec = dir.resolve("small.json");
            java.nio.file.Files.writeString(spec, """
                    {"name": "small", "objects": ["mug", "bowl"], "models": ["standard"],
                     "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.9,
                               "steps": 4}],
                     "output": "out"}
                    """);
            return spec;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void mouse(org.eclipse.swt.widgets.Control control, int type, int x, int y, int button) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = button;
        control.notifyListeners(type, e);
    }
}
