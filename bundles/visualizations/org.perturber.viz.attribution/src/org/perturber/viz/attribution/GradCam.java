package org.perturber.viz.attribution;

import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/**
 * Grad-CAM (Selvaraju et al.): the selected layer's channels weighed by the mean gradient of the top class's score
 * with respect to each, summed, rectified, scaled to the input (bilinear) and laid over it. Coarse (the layer's
 * resolution) but class-specific: where the evidence for the class is.
 */
public class GradCam implements Visualization {
    @Override
    public ResultNeeds needs() {
        return new ResultNeeds(1, true, GradientTarget.Kind.CLASS_SCORE, true);
    }

    @Override
    public VisualizationFrame compute(VisualizationInput input) {
        String layer = input.selectedLayer();
        Activation a = layer == null ? null : input.result().activations().get(layer);
        Activation g = layer == null ? null : input.result().layerGradients().get(layer);
        if (a == null || g == null || a.height() * a.width() <= 1) {
            return new VisualizationFrame.Picture("Grad-CAM needs a convolutional layer", input.modelInput(), "");
        }
        int h = a.height();
        int w = a.width();
        float[] cam = new float[h * w];
        for (int c = 0; c < a.channels(); c++) {
            float weight = g.channelMean(c);
            for (int i = 0; i < h * w; i++) {
                cam[i] += weight * a.values()[c * h * w + i];
            }
        }
        float max = 0;
        for (int i = 0; i < cam.length; i++) {
            cam[i] = Math.max(0, cam[i]);
            max = Math.max(max, cam[i]);
        }
        int outW = input.modelInput().width();
        int outH = input.modelInput().height();
        float[] heat = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            // pixel centres mapped onto the layer's grid
            double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / outH - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(h - 1, y0 + 1);
            double ty = fy - y0;
            for (int x = 0; x < outW; x++) {
                double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / outW - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(w - 1, x0 + 1);
                double tx = fx - x0;
                double v = (1 - ty) * ((1 - tx) * cam[y0 * w + x0] + tx * cam[y0 * w + x1])
                        + ty * ((1 - tx) * cam[y1 * w + x0] + tx * cam[y1 * w + x1]);
                heat[y * outW + x] = max > 0 ? (float) (v / max) : 0;
            }
        }
        String name = input.model().layer(layer).displayName();
        return new VisualizationFrame.Picture(input.model().name() + ": Grad-CAM of '" + input.result().best().label()
                + "' at " + name, Overlays.unsigned(input.modelInput(), heat), "brighter: more evidence for the class");
    }
}
