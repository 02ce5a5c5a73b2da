package org.perturber.viz.predictions;

import java.util.ArrayList;
import java.util.List;

import org.perturber.core.model.ClassScore;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/**
 * The top classes as bars. With a baseline, each bar carries its change, and a class that was in the baseline's
 * top list but dropped out is appended, so that "what the model stopped seeing" stays visible.
 */
public class TopPredictions implements Visualization {
    public static final int TOP_K = 5;

    @Override
    public ResultNeeds needs() {
        return ResultNeeds.predictions(TOP_K);
    }

    @Override
    public VisualizationFrame compute(VisualizationInput input) {
        float[] now = input.result().probabilities();
        float[] before = input.baseline() == null ? null : input.baseline().probabilities();
        List<VisualizationFrame.Bar> bars = new ArrayList<>();
        List<Integer> shown = new ArrayList<>();
        for (ClassScore s : input.result().top()) {
            bars.add(bar(s.label(), now[s.index()], before, s.index()));
            shown.add(s.index());
        }
        if (input.baseline() != null && !input.baseline().top().isEmpty()) {
            ClassScore previousBest = input.baseline().top().get(0);
            if (!shown.contains(previousBest.index())) {
                bars.add(bar(previousBest.label(), now[previousBest.index()], before, previousBest.index()));
            }
        }
        return new VisualizationFrame.Bars(input.model().name() + ": top predictions", bars);
    }

    private static VisualizationFrame.Bar bar(String label, float p, float[] before, int index) {
        return new VisualizationFrame.Bar(label, p, before == null ? Double.NaN : p - before[index]);
    }
}
