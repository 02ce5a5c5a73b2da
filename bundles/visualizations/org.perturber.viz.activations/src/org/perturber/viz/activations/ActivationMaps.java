package org.perturber.viz.activations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/**
 * Every channel of the selected layer as a heat map. All channels share one colour scale (0 to the layer's largest
 * activation, square-root compressed), so that a bright tile is a strongly active neuron and tiles can be compared
 * with each other.
 */
public class ActivationMaps implements Visualization {
    /** Dark blue (none) through magenta and orange to pale yellow (the layer's maximum). */
    private static final float[][] SCALE = { { 0.0f, 0.0f, 0.05f }, { 0.3f, 0.05f, 0.45f }, { 0.75f, 0.2f, 0.4f },
            { 0.98f, 0.55f, 0.1f }, { 0.99f, 0.99f, 0.75f } };

    @Override
    public ResultNeeds needs() {
        return new ResultNeeds(0, true, null);
    }

    @Override
    public VisualizationFrame compute(VisualizationInput input) {
        String layer = input.selectedLayer();
        Activation a = layer == null ? null : input.result().activations().get(layer);
        if (a == null) {
            return new VisualizationFrame.Tiles("No layer selected", List.of(), List.of());
        }
        float max = 0;
        for (float v : a.values()) {
            max = Math.max(max, v);
        }
        List<RgbImage> tiles = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < a.channels(); c++) {
            float[] rgb = new float[a.width() * a.height() * 3];
            for (int y = 0; y < a.height(); y++) {
                for (int x = 0; x < a.width(); x++) {
                    // square root: weak activations stay visible next to the layer's strongest
                    float t = max > 0 ? (float) Math.sqrt(Math.max(0, a.value(c, y, x)) / max) : 0;
                    color(t, rgb, (y * a.width() + x) * 3);
                }
            }
            tiles.add(new RgbImage(a.width(), a.height(), rgb));
            labels.add(String.format(Locale.ROOT, "%d: %.2f", c, a.channelMean(c)));
        }
        String name = input.model().layer(layer).displayName();
        return new VisualizationFrame.Tiles(String.format(Locale.ROOT, "%s, %s: %d channels, %dx%d, max %.2f", input
                .model().name(), name, a.channels(), a.width(), a.height(), max), tiles, labels);
    }

    /** The colour of t in [0, 1] on the scale, linearly between its stops. */
    static void color(float t, float[] out, int at) {
        float s = Math.min(0.9999f, Math.max(0, t)) * (SCALE.length - 1);
        int i = (int) s;
        float f = s - i;
        for (int k = 0; k < 3; k++) {
            out[at + k] = SCALE[i][k] + (SCALE[i + 1][k] - SCALE[i][k]) * f;
        }
    }
}
