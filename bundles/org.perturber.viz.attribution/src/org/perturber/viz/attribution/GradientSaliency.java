package org.perturber.viz.attribution;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/** Gradient saliency (Simonyan et al.): per pixel, the largest absolute gradient of the top class's score. */
public class GradientSaliency implements Visualization {
    @Override
    public ResultNeeds needs() {
        return new ResultNeeds(1, false, GradientTarget.Kind.CLASS_SCORE);
    }

    @Override
    public VisualizationFrame compute(VisualizationInput input) {
        RgbImage g = input.result().inputGradient();
        if (g == null) {
            return new VisualizationFrame.Picture("No gradient", input.modelInput(), "");
        }
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
