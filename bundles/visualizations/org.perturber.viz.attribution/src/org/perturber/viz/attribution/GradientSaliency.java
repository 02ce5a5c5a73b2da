package org.perturber.viz.attribution;

import org.perturber.core.image.RgbImage;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/** Gradient saliency (Simonyan et al.): per pixel, the largest absolute gradient of the top class's score. */
public class GradientSaliency extends InputGradientMap {
    @Override
    VisualizationFrame.Picture map(VisualizationInput input, RgbImage g) {
        int n = g.width() * g.height();
        float[] heat = new float[n];
        float max = 0;
        for (int p = 0; p < n; p++) {
            float v = Math.max(Math.abs(g.data()[p * 3]), Math.max(Math.abs(g.data()[p * 3 + 1]), Math.abs(g
                    .data()[p * 3 + 2])));
            heat[p] = v;
            max = Math.max(max, v);
        }
        for (int p = 0; p < n; p++) {
            heat[p] = max > 0 ? heat[p] / max : 0;
        }
        return new VisualizationFrame.Picture(input.model().name() + ": saliency of '" + input.result().best()
                .label() + "'", Overlays.unsigned(input.modelInput(), heat), "brighter: the score reacts more");
    }
}
