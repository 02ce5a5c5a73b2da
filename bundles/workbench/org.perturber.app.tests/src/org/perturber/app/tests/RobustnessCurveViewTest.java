package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Scale;
import org.junit.jupiter.api.Test;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.RobustnessCurvePart;
import org.perturber.explore.RobustnessCurve;

/**
 * The live robustness curve, driven through the stack editor's slider: it grows during a drag, carries pinned
 * channels as a second series, fills in the range through the sweep path with exactly the numbers of the live view,
 * and exports as PNG and CSV.
 */
class RobustnessCurveViewTest extends WorkbenchTest {
    private static final String CURVE = "org.perturber.app.part.curve";

    private static List<RobustnessCurve.Point> live(RobustnessCurve curve) {
        return curve.points().stream().filter(p -> !p.filled()).toList();
    }

    @Test
    void theCurveGrowsWhileASliderIsDragged() throws InterruptedException {
        RobustnessCurvePart view = wb.show(CURVE);
        Scale amount = ExploreViewsTest.addFromMenu(wb, "Image", "Fade to black");
        for (int position = 0; position <= 900; position += 100) {
            int p = position;
            wb.ui(() -> RunningWorkbench.slide(amount, p));
            ExploreViewsTest.predictionsOfCurrentState(wb); // a slow drag: every step computed
        }
        RobustnessCurve curve = view.curve();
        List<RobustnessCurve.Point> points = live(curve);
        assertEquals(10, points.size(), "one point per step and model: " + points.size());
        assertEquals("org.perturber.perturbation.image.fadeToBlack", curve.axis().perturbation());
        assertEquals("amount", curve.axis().parameter());
        assertEquals("mug", curve.trueClass());
        for (int i = 0; i < points.size(); i++) {
            assertEquals(i / 10.0, points.get(i).x(), 1e-9, "the slider's values, in the drag's order");
        }
        assertEquals("mug", points.get(0).top1());
        assertTrue(points.get(9).probability() < points.get(0).probability() - 0.2, "fading lowers P(mug): "
                + points.get(0).probability() + " -> " + points.get(9).probability());
        // the chart is redrawn with every point of the drag (its line says how many it drew)
        wb.await("the chart redrawn with the 10 points", () -> view.drawn() > 0 && view.status().startsWith(
                "10 points over "));
    }

    @Test
    void pinnedChannelsBecomeASecondSeries() throws InterruptedException {
        RobustnessCurvePart view = wb.show(CURVE);
        ActivationsPart activations = wb.show("org.perturber.app.part.activations");
        wb.await("the activation grid", () -> activations.channels() > 0);
        wb.ui(() -> activations.togglePin(3));
        Scale amount = ExploreViewsTest.addFromMenu(wb, "Image", "Fade to black");
        for (int position = 100; position <= 500; position += 200) {
            int p = position;
            wb.ui(() -> RunningWorkbench.slide(amount, p));
            ExploreViewsTest.predictionsOfCurrentState(wb);
        }
        wb.await("points with the pinned channel", () -> live(view.curve()).size() >= 3);
        assertEquals(List.of(3), view.curve().pinnedChannels());
        List<Double> means = new java.util.ArrayList<>();
        for (RobustnessCurve.Point p : live(view.curve())) {
            assertEquals(1, p.pinnedMeans().length, "each point carries the pinned channel's mean");
            means.add(p.pinnedMeans()[0]);
        }
        // a mean that is really measured: finite, not negative (a ReLU layer), and moving with the fade (a constant
        // such as the 0 of a mean never computed would pass a bound alone)
        assertTrue(means.stream().allMatch(m -> Double.isFinite(m) && m >= 0), "" + means);
        assertTrue(means.stream().distinct().count() > 1, "the pinned channel's mean changes with the fade: " + means);
        wb.ui(() -> activations.togglePin(3));
    }

    /**
     * The session replayed as a sweep: "fill in the range" runs the sweep path from the session as it is, and its
     * level at the slider's value gives exactly the probability the live view computed for that state.
     */
    @Test
    void fillingInTheRangeAgreesWithTheLiveView() throws Exception {
        RobustnessCurvePart view = wb.show(CURVE);
        // a session with its own camera: the sweep must keep it (and lighting, background) to agree
        wb.session().setScene(wb.session().scene().withCamera(wb.session().scene().camera().withOrbit(70, 20, 2.6)));
        Scale amount = ExploreViewsTest.addFromMenu(wb, "Image", "Fade to black");
        wb.ui(() -> RunningWorkbench.slide(amount, 400)); // 0.4: a level of a 21-step range from 0 to 1
        ExploreViewsTest.predictionsOfCurrentState(wb);
        wb.await("the live point", () -> !live(view.curve()).isEmpty());
        RobustnessCurve.Point onScreen = live(view.curve()).get(0);
        assertEquals(0.4, onScreen.x(), 0);
        wb.ui(() -> view.fillButton().notifyListeners(SWT.Selection, new Event()));
        wb.await("the filled range", () -> view.filling() == null && view.curve().points().stream().filter(
                RobustnessCurve.Point::filled).count() == RobustnessCurvePart.FILL_STEPS);
        RobustnessCurve.Point filled = view.curve().points().stream().filter(p -> p.filled() && p.x() == 0.4)
                .findFirst().orElseThrow(() -> new AssertionError("no filled level at 0.4"));
        assertEquals(onScreen.probability(), filled.probability(), 1e-6, "the sweep's level at the current value "
                + "gives the live view's probability");
        assertEquals(onScreen.top1(), filled.top1());
        RobustnessCurve.Point end = view.curve().points().stream().filter(p -> p.filled() && p.x() == 1.0)
                .findFirst().orElseThrow();
        assertTrue(end.probability() < filled.probability(), "a black image is less a mug than a faded one");
    }

    @Test
    void theCurveExportsAsPngAndCsv() throws Exception {
        RobustnessCurvePart view = wb.show(CURVE);
        Scale amount = ExploreViewsTest.addFromMenu(wb, "Image", "Fade to black");
        for (int position : new int[] { 200, 600 }) {
            wb.ui(() -> RunningWorkbench.slide(amount, position));
            ExploreViewsTest.predictionsOfCurrentState(wb);
        }
        wb.await("two points", () -> live(view.curve()).size() == 2);
        Path dir = Files.createTempDirectory("curve");
        Path csv = dir.resolve("curve.csv");
        Path png = dir.resolve("curve.png");
        wb.ui(() -> {
            view.exportTo(csv);
            view.exportTo(png);
            return null;
        });
        List<String> lines = Files.readAllLines(csv);
        assertEquals("org.perturber.perturbation.image.fadeToBlack.amount,model,true_class,true_class_probability,"
                + "top1,source", lines.get(0));
        assertEquals(3, lines.size(), "a header and one row per point: " + lines);
        assertTrue(lines.get(1).startsWith("0.200000,\"ResNet-style, standard\",mug,"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",drag"), lines.get(2));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 480 && image.getHeight() >= 320, image.getWidth() + "x" + image.getHeight());
    }
}
