package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.eclipse.swt.SWT;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.ComparePart;
import org.perturber.app.parts.FeatureVisPanel;
import org.perturber.app.parts.LayerSheetDialog;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.service.Services;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.testing.ExportedModels;

/**
 * Feature visualizations in the workbench (issue 19): the Activations view's panel for the channel under the mouse
 * or clicked, the cache on the second request, the layer sheet and its PNG, a model that cannot, and the same channel
 * across the Compare view's variants. Each test has its own cache folder and optimises with 16 steps (the system
 * properties the views read), so a first request always optimises and the tests take seconds.
 */
class FeatureVisualizationViewsTest extends WorkbenchTest {
    static final String ACTIVATIONS = "org.perturber.app.part.activations";
    private static final int STEPS = 16;
    private Path cache;

    @BeforeEach
    void smallStepsAndAnEmptyCache() throws Exception {
        cache = Files.createTempDirectory("perturber-featurevis-cache");
        System.setProperty("perturber.featurevis.steps", Integer.toString(STEPS));
        System.setProperty("perturber.featurevis.cache", cache.toString());
    }

    @AfterEach
    void defaults() {
        System.clearProperty("perturber.featurevis.steps");
        System.clearProperty("perturber.featurevis.cache");
        wb.ui(() -> { // the panel as a user first sees it, whatever a failed test left
            if (wb.part(ACTIVATIONS) != null) {
                FeatureVisPanel panel = ((ActivationsPart) wb.part(ACTIVATIONS).getObject()).featureVisualization();
                panel.fullQualityButton().setSelection(false);
                if (panel.lastSheet() != null && !panel.lastSheet().shell().isDisposed()) {
                    panel.lastSheet().shell().close();
                }
            }
        });
    }

    /** The Activations view on the default model's first layer (16 channels), and its panel. */
    private ActivationsPart grid() throws InterruptedException {
        ActivationsPart a = wb.show(ACTIVATIONS);
        wb.await("the default model's first layer", () -> a.channels() == 16);
        return a;
    }

    /** UI thread: the mouse moves onto a channel's tile, as a user points at it. */
    private static void pointAt(ActivationsPart a, int channel) {
        Point p = a.tileCentre(channel);
        RunningWorkbench.mouse(a.tilesCanvas(), SWT.MouseMove, p.x, p.y, 0);
    }

    private FeatureVisResult awaitChannel(FeatureVisPanel panel, int channel) throws InterruptedException {
        wb.await("channel " + channel + "'s visualization", () -> panel.shown() != null && panel.shown().objective()
                .index() == channel);
        return wb.ui(panel::shown);
    }

    private long cachedFiles() throws Exception {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }

    @Test
    void pointingAtAChannelShowsItsVisualizationAndTheSecondTimeItComesFromTheCache() throws Exception {
        if (Screenshots.enabled()) {
            RunningWorkbench.pointer(1270, 1010); // no tool tip under the X pointer in the pictures
        }
        ActivationsPart a = grid();
        FeatureVisPanel panel = wb.ui(a::featureVisualization);
        // channels 5 and 12 of block 1 respond to the grey start; several others stay at 0 (their ReLU is off on
        // grey, so the gradient is 0: a limit of the optimisation, not of the view)
        wb.ui(() -> pointAt(a, 12));
        FeatureVisResult first = awaitChannel(panel, 12);
        assertFalse(first.fromCache(), "a new cache: optimised");
        assertEquals(STEPS, first.settings().steps());
        assertEquals("block1_relu", first.objective().layer());
        assertEquals(1, wb.ui(panel::optimisedCount));
        assertEquals(1, cachedFiles(), "stored in the cache");
        assertTrue(first.objectiveValue() > first.startValue(), "the optimisation raised channel 12 from "
                + first.startValue() + " to " + first.objectiveValue());
        assertTrue(wb.ui(panel::status).contains("optimised in"), wb.ui(panel::status));
        wb.await("the most and least exciting renders", () -> panel.examplesShown() > 0);
        Screenshots.take("feature-visualization-panel");

        // a click pins channel 5 and shows it; it stays when the mouse leaves the grid
        wb.ui(() -> {
            Point p = a.tileCentre(5);
            RunningWorkbench.mouse(a.tilesCanvas(), SWT.MouseMove, p.x, p.y, 0);
            RunningWorkbench.mouse(a.tilesCanvas(), SWT.MouseDown, p.x, p.y, 1);
            RunningWorkbench.mouse(a.tilesCanvas(), SWT.MouseExit, -1, -1, 0);
        });
        assertEquals(java.util.Set.of(5), wb.ui(a::pinned));
        FeatureVisResult pinned = awaitChannel(panel, 5);
        assertFalse(pinned.fromCache());
        assertEquals(2, wb.ui(panel::optimisedCount));

        // channel 12 again: read back, nothing optimised, the same picture
        wb.ui(() -> pointAt(a, 12));
        FeatureVisResult again = awaitChannel(panel, 12);
        assertTrue(again.fromCache(), "the second time from the cache");
        assertEquals(2, wb.ui(panel::optimisedCount), "no optimisation for a cached channel");
        assertArrayEquals(first.image().data(), again.image().data(), "the cached picture is the one optimised");
        assertEquals(first.objectiveValue(), again.objectiveValue());
        assertTrue(wb.ui(panel::status).contains("from the cache"), wb.ui(panel::status));
        // leaving the grid goes back to the pinned channel (cached now too)
        wb.ui(() -> RunningWorkbench.mouse(a.tilesCanvas(), SWT.MouseExit, -1, -1, 0));
        assertTrue(awaitChannel(panel, 5).fromCache());
        assertEquals(2, wb.ui(panel::optimisedCount));
        readmeScreenshot(a, panel);
    }

    /**
     * With -Dperturber.screenshots=DIR only: the README's picture. The Activations view gets most of the window, the
     * real pointer rests on channel 12 and the panel shows its full-quality visualization; then all is put back.
     */
    private void readmeScreenshot(ActivationsPart a, FeatureVisPanel panel) throws Exception {
        if (!Screenshots.enabled()) {
            return;
        }
        EModelService models = wb.application().getContext().get(EModelService.class);
        List<MUIElement> sashes = wb.ui(() -> Stream.of("org.perturber.app.explore.columns",
                "org.perturber.app.explore.bottomRow", "org.perturber.app.explore.bottom",
                "org.perturber.app.explore.curve").map(id -> models.find(id, wb.window())).toList());
        List<String> was = wb.ui(() -> sashes.stream().map(MUIElement::getContainerData).toList());
        List<String> shares = List.of("36", "64", "76", "24");
        Shell shell = wb.ui(() -> (Shell) wb.window().getWidget());
        Rectangle before = wb.ui(shell::getBounds);
        Rectangle shot = new Rectangle(0, 0, 1254, 860);
        try {
            wb.ui(() -> {
                shell.setBounds(shot);
                for (int i = 0; i < sashes.size(); i++) {
                    sashes.get(i).setContainerData(shares.get(i));
                }
                shell.layout(true, true);
                panel.fullQualityButton().setSelection(true);
                panel.fullQualityButton().notifyListeners(SWT.Selection, new Event());
            });
            Thread.sleep(1000);
            Point onScreen = wb.ui(() -> a.tilesCanvas().toDisplay(a.tileCentre(12)));
            RunningWorkbench.pointer(onScreen.x, onScreen.y);
            wb.ui(() -> pointAt(a, 12)); // where the pointer is (its own events may come before the layout settled)
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (!wb.ui(() -> panel.shown() != null && panel.shown().objective().index() == 12 && panel.shown()
                    .settings().steps() == 256 && panel.examplesShown() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.println("README screenshot: the panel says " + wb.ui(panel::status));
            Screenshots.take("feature-visualization", shot);
        } finally {
            RunningWorkbench.pointer(1270, 1010);
            wb.ui(() -> {
                panel.fullQualityButton().setSelection(false);
                panel.fullQualityButton().notifyListeners(SWT.Selection, new Event());
                for (int i = 0; i < sashes.size(); i++) {
                    sashes.get(i).setContainerData(was.get(i));
                }
                shell.setBounds(before);
            });
        }
    }

    @Test
    void sweepingTheMouseAcrossTheGridOptimisesOnlyWhereItRests() throws Exception {
        ActivationsPart a = grid();
        FeatureVisPanel panel = wb.ui(a::featureVisualization);
        for (int channel = 0; channel < 16; channel++) { // a sweep across every tile, 5 ms a tile
            int c = channel;
            wb.ui(() -> pointAt(a, c));
            Thread.sleep(5);
        }
        FeatureVisResult rested = awaitChannel(panel, 15);
        assertFalse(rested.fromCache());
        Thread.sleep(1000); // what was still queued would have run by now
        // each request waits 150 ms before its optimisation starts, and a newer one replaces it meanwhile; on a busy
        // machine one on the way may start before the next hover arrives
        long optimised = wb.ui(panel::optimisedCount);
        assertTrue(optimised >= 1 && optimised <= 2, "tiles passed over optimised: " + optimised + " of 16");
        assertEquals(optimised, cachedFiles());
    }

    @Test
    void theLayerSheetIsOptimisedAsOneBatchAndExportsAPngOfTheSheetsSize() throws Exception {
        ActivationsPart a = grid();
        FeatureVisPanel panel = wb.ui(a::featureVisualization);
        wb.ui(() -> RunningWorkbench.click(panel.sheetButton()));
        LayerSheetDialog sheet = wb.ui(panel::lastSheet);
        assertNotNull(sheet, "the Layer sheet button opens a sheet");
        wb.await("the whole layer's sheet", () -> sheet.done() || sheet.status().startsWith("Failed"));
        assertTrue(wb.ui(sheet::done), wb.ui(sheet::status));
        assertEquals(16, wb.ui(sheet::channels));
        assertEquals("16 channels, 16 optimised", wb.ui(sheet::status));
        assertEquals(16, wb.ui(panel::optimisedCount));
        assertEquals("Layer sheet: ResNet-style, standard, block 1", wb.ui(() -> sheet.shell().getText()));

        Path png = Files.createTempDirectory("perturber-sheet").resolve("block1.png");
        wb.ui(() -> wb.display().asyncExec(() -> RunningWorkbench.click(sheet.exportButton())));
        RunningWorkbench.saveInFileDialog("Export layer sheet", png);
        wb.await("the exported PNG", () -> sheet.exported() != null);
        assertEquals(png.toAbsolutePath(), sheet.exported().toAbsolutePath());
        BufferedImage written = ImageIO.read(png.toFile());
        assertNotNull(written, "a PNG");
        // LayerSheet's layout: 8 cells a row of a 96 px picture, two text lines and 3 thumbnails of 30 px with a
        // line under them, 8 px margins, a two-line title: 8 + 8 * 104 by 28 + 8 + 2 rows * 176
        assertEquals(8 + LayerSheetDialog.COLUMNS * (96 + 8), written.getWidth());
        assertEquals(2 * 14 + 8 + 2 * (96 + 2 * 14 + 30 + 14 + 8), written.getHeight());
        assertEquals(written.getWidth(), wb.ui(() -> sheet.sheetSize().width));
        assertEquals(written.getHeight(), wb.ui(() -> sheet.sheetSize().height));

        // every channel is in the cache now: pointing at one optimises nothing, and the sheet holds its picture
        wb.ui(() -> pointAt(a, 9));
        FeatureVisResult nine = awaitChannel(panel, 9);
        assertTrue(nine.fromCache());
        assertEquals(16, wb.ui(panel::optimisedCount));
        int x0 = 8 + 1 * (96 + 8);
        int y0 = 2 * 14 + (96 + 2 * 14 + 30 + 14 + 8); // channel 9: row 1, column 1
        int[] packed = nine.image().toPackedRgb();
        int differing = 0;
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                if ((written.getRGB(x0 + x, y0 + y) & 0xffffff) != (packed[y * 96 + x] & 0xffffff)) {
                    differing++;
                }
            }
        }
        assertEquals(0, differing, "the sheet's cell of channel 9 is channel 9's visualization");
        wb.ui(() -> sheet.shell().close());
        if (Screenshots.enabled()) { // the README's: the sheet as the workbench makes it (64 steps)
            System.clearProperty("perturber.featurevis.steps");
            wb.ui(() -> RunningWorkbench.click(panel.sheetButton()));
            LayerSheetDialog full = wb.ui(panel::lastSheet);
            wb.await("the sheet at 64 steps", full::done);
            Screenshots.take("feature-visualization-sheet", wb.ui(() -> full.shell().getBounds()));
            wb.ui(() -> full.shell().close());
        }
    }

    @Test
    void aModelWithoutObjectiveGradientsSaysSoInThePanel() throws Exception {
        Path onnx = ExportedModels.testNetwork("good-onnx");
        LoadedModel model = Services.await(InferenceService.class, Duration.ofSeconds(30)).load(onnx).get();
        assertFalse(model.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS), "ONNX Runtime gives no gradients");
        wb.session().addModel(model);
        ActivationsPart a = wb.show(ACTIVATIONS);
        Control root = wb.ui(() -> (Control) wb.part(ACTIVATIONS).getWidget());
        wb.await("the ONNX model in the model list", () -> Arrays.asList(RunningWorkbench.controls(root, Combo.class)
                .get(1).getItems()).contains(model.descriptor().name()));
        wb.ui(() -> {
            Combo models = RunningWorkbench.controls(root, Combo.class).get(1);
            models.select(Arrays.asList(models.getItems()).indexOf(model.descriptor().name()));
            models.notifyListeners(SWT.Selection, new Event());
        });
        FeatureVisPanel panel = wb.ui(a::featureVisualization);
        String expected = "No feature visualization: " + model.descriptor().cannot(ModelCapability.OBJECTIVE_GRADIENTS)
                + ".";
        wb.await("the capability message", () -> panel.status().equals(expected));
        wb.await("the ONNX model's activations", () -> a.channels() > 0);
        wb.ui(() -> pointAt(a, 0));
        Thread.sleep(500); // a request would have been made by now
        assertEquals(expected, wb.ui(panel::status), "pointing at a channel asks for nothing");
        assertEquals(null, wb.ui(panel::shown));
        assertFalse(wb.ui(panel::pictureShown));
        assertFalse(wb.ui(() -> panel.sheetButton().isEnabled()));
        assertEquals(0, cachedFiles());
        // back on the standard model, the panel works again
        wb.ui(() -> {
            Combo models = RunningWorkbench.controls(root, Combo.class).get(1);
            models.select(Arrays.asList(models.getItems()).indexOf("ResNet-style, standard"));
            models.notifyListeners(SWT.Selection, new Event());
        });
        wb.await("the picture back", panel::pictureShown);
        assertTrue(wb.ui(() -> panel.sheetButton().isEnabled()));
    }

    @Test
    void compareShowsTheSameChannelOfEveryVariantSideBySide() throws Exception {
        wb.ui(() -> wb.parts().switchPerspective("org.perturber.app.perspective.compare"));
        ComparePart compare = wb.show("org.perturber.app.part.compare");
        wb.await("the three built-in variants", () -> wb.session().models().size() >= 3);
        try {
            wb.ui(() -> {
                compare.featureLayer().select(2); // block 3, channel 1: active on every start the optimiser tries
                compare.featureLayer().notifyListeners(SWT.Selection, new Event());
                compare.featureChannel().setSelection(1);
                compare.featureChannel().notifyListeners(SWT.Selection, new Event());
                compare.featureToggle().setSelection(true);
                compare.featureToggle().notifyListeners(SWT.Selection, new Event());
            });
            wb.await("the standard and the adversarial model's channel 1", () -> compare.featureResults().keySet()
                    .stream().filter(n -> n.startsWith("ResNet-style, standard") || n.startsWith(
                            "ResNet-style, adversarially")).count() == 2);
            Map<String, FeatureVisResult> shown = wb.ui(compare::featureResults);
            FeatureVisResult standard = shown.entrySet().stream().filter(e -> e.getKey().startsWith(
                    "ResNet-style, standard")).findFirst().orElseThrow().getValue();
            FeatureVisResult adversarial = shown.entrySet().stream().filter(e -> e.getKey().startsWith(
                    "ResNet-style, adversarially")).findFirst().orElseThrow().getValue();
            for (FeatureVisResult r : List.of(standard, adversarial)) {
                assertEquals("block3_relu", r.objective().layer());
                assertEquals(1, r.objective().index());
                assertTrue(r.objectiveValue() > r.startValue(), r.objectiveValue() + " from " + r.startValue());
            }
            assertFalse(Arrays.equals(standard.image().data(), adversarial.image().data()),
                    "other weights, another picture");
            if (Screenshots.enabled()) { // the README's: the workbench's own steps (64), the window only
                System.clearProperty("perturber.featurevis.steps");
                wb.ui(() -> compare.featureChannel().notifyListeners(SWT.Selection, new Event()));
                wb.await("every variant's channel 1 at 64 steps", () -> compare.featureResults().size() >= 3 && compare
                        .featureResults().values().stream().allMatch(r -> r.settings().steps() == 64));
                Screenshots.take("feature-visualization-compare", wb.ui(() -> ((Shell) wb.window().getWidget())
                        .getBounds()));
            }
        } finally {
            wb.ui(() -> {
                compare.featureToggle().setSelection(false);
                compare.featureToggle().notifyListeners(SWT.Selection, new Event());
            });
        }
    }
}
