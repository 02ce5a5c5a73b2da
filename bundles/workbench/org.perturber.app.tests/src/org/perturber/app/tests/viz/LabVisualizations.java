package org.perturber.app.tests.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.ClassScore;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/**
 * Visualizations as a lab writes them, contributed by this test bundle's plugin.xml: nothing in the workbench
 * names them, so the views must find them by category.
 */
public final class LabVisualizations {
    private LabVisualizations() {
    }

    /** Title prefixes the tests look for. */
    public static final String CHANNEL_MEANS = "Lab channel means";
    public static final String GREEN_CHANNEL = "Lab green channel";
    public static final String CLASS_MARGINS = "Lab class margins";

    /**
     * Category "activations": each channel of the selected layer as one flat grey tile, as bright as the channel's
     * mean over the layer's largest mean (a lab's coarser view of the layer).
     */
    public static class ChannelMeans implements Visualization {
        @Override
        public ResultNeeds needs() {
            return new ResultNeeds(0, true, null);
        }

        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            Activation a = input.selectedLayer() == null ? null : input.result().activations().get(input
                    .selectedLayer());
            if (a == null) {
                return new VisualizationFrame.Tiles(CHANNEL_MEANS + ": no layer", List.of(), List.of());
            }
            float max = 1e-12f;
            for (int c = 0; c < a.channels(); c++) {
                max = Math.max(max, a.channelMean(c));
            }
            List<RgbImage> tiles = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int c = 0; c < a.channels(); c++) {
                float v = Math.max(0, a.channelMean(c)) / max;
                tiles.add(RgbImage.filled(4, 4, v, v, v));
                labels.add(String.format(Locale.ROOT, "%d", c));
            }
            return new VisualizationFrame.Tiles(CHANNEL_MEANS + ": " + a.channels() + " channels of " + input
                    .selectedLayer(), tiles, labels);
        }
    }

    /**
     * Category "lab.inspection", which no view of Perturber knows: the model input's luminance in the green
     * channel only (red and blue are 0), over the model input.
     */
    public static class GreenChannel implements Visualization {
        @Override
        public ResultNeeds needs() {
            return ResultNeeds.predictions(1);
        }

        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            RgbImage in = input.modelInput();
            float[] out = new float[in.width() * in.height() * 3];
            for (int y = 0; y < in.height(); y++) {
                for (int x = 0; x < in.width(); x++) {
                    out[(y * in.width() + x) * 3 + 1] = in.luminance(x, y);
                }
            }
            return new VisualizationFrame.Picture(GREEN_CHANNEL + " of " + input.model().name(), new RgbImage(in
                    .width(), in.height(), out), "green: luminance");
        }
    }

    /** Category "lab.inspection" too: the top three classes' probabilities as bars. */
    public static class ClassMargins implements Visualization {
        @Override
        public ResultNeeds needs() {
            return ResultNeeds.predictions(3);
        }

        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            List<VisualizationFrame.Bar> bars = new ArrayList<>();
            // the forward pass carries as many top classes as any view asked for: at least ours
            for (ClassScore s : input.result().top().subList(0, Math.min(3, input.result().top().size()))) {
                bars.add(new VisualizationFrame.Bar(s.label(), s.probability(), Double.NaN));
            }
            return new VisualizationFrame.Bars(CLASS_MARGINS, bars);
        }
    }
}
