package org.perturber.viz.attribution;

import org.perturber.core.image.RgbImage;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/**
 * Gradient times input: each pixel's first-order contribution to the top class's score (gradient and input summed
 * over the colour channels), scaled by the largest magnitude; red raises the score, blue lowers it.
 */
public class GradientTimesInput extends InputGradientMap {
    @Override
    VisualizationFrame.Picture map(VisualizationInput input, RgbImage g) {
        int n = g.width() * g.height();
        float[] value = new float[n];
        float max = 0;
        float[] x = input.modelInput().data();
        for (int p = 0; p < n; p++) {
            float v = 0;
            for (int c = 0; c < 3; c++) {
                v += g.data()[p * 3 + c] * x[p * 3 + c];
            }
            value[p] = v;
            max = Math.max(max, Math.abs(v));
        }
        for (int p = 0; p < n; p++) {
            value[p] = max > 0 ? value[p] / max : 0;
        }
        return new VisualizationFrame.Picture(input.model().name() + ": gradient x input for '" + input.result()
                .best().label() + "'", Overlays.signed(input.modelInput(), value), "red raises the score, blue lowers it");
    }
}
