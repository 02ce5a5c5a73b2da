package org.perturber.viz.attribution;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/** A map made from the gradient of the top class's score with respect to the input image. */
abstract class InputGradientMap implements Visualization {
    @Override
    public ResultNeeds needs() {
        return new ResultNeeds(1, false, GradientTarget.Kind.CLASS_SCORE);
    }

    @Override
    public VisualizationFrame compute(VisualizationInput input) {
        RgbImage g = input.result().inputGradient();
        return g == null ? new VisualizationFrame.Picture("No gradient", input.modelInput(), "") : map(input, g);
    }

    abstract VisualizationFrame.Picture map(VisualizationInput input, RgbImage gradient);
}
