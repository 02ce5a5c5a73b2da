package org.perturber.core.tests.contributions;

import java.util.List;

import org.perturber.core.model.ClassScore;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/** Top classes as bars, with the change against the baseline where there is one. */
public class TopClassesVisualization implements Visualization {
    @Override
    public ResultNeeds needs() {
        return ResultNeeds.predictions(3);
    }

    @Override
    public VisualizationFrame compute(VisualizationInput input) {
        List<VisualizationFrame.Bar> bars = input.result().top().stream().map(s -> new VisualizationFrame.Bar(
                s.label(), s.probability(), change(input, s))).toList();
        return new VisualizationFrame.Bars("Top classes", bars);
    }

    private static double change(VisualizationInput input, ClassScore s) {
        return input.baseline() == null ? Double.NaN : s.probability() - input.baseline().probabilities()[s.index()];
    }
}
