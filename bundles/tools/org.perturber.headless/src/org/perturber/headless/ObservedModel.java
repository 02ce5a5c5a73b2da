package org.perturber.headless;

import java.util.List;
import java.util.function.Consumer;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelDescriptor;

/**
 * A model that passes every request on and reports each batch of objective gradients it answered (one optimisation
 * step of a feature visualization): the objective each batch item reached on that step, from the layer's
 * activations the optimiser asks along. How the headless command shows progress, which the optimiser's progress
 * monitor (work done, no values) cannot.
 */
final class ObservedModel implements Model {
    /** One answered gradient batch: each item's objective on it (NaN where the answer holds no activations). */
    record Step(int items, float[] objective) {
    }

    private final Model model;
    private final Consumer<Step> steps;

    ObservedModel(Model model, Consumer<Step> steps) {
        this.model = model;
        this.steps = steps;
    }

    @Override
    public ModelDescriptor descriptor() {
        return model.descriptor();
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        return inferBatch(List.of(input), request).get(0);
    }

    @Override
    public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        List<InferenceResult> answers = model.inferBatch(inputs, request);
        GradientTarget gradient = request.gradient();
        if (gradient != null && gradient.kind() == GradientTarget.Kind.OBJECTIVE) {
            float[] values = new float[answers.size()];
            for (int b = 0; b < values.length; b++) {
                values[b] = objective(answers.get(b), gradient.objective(), b);
            }
            steps.accept(new Step(values.length, values));
        }
        return answers;
    }

    /** Item {@code b}'s objective: its row of weights over the layer's pooled channels. */
    static float objective(InferenceResult answer, LayerObjective objective, int b) {
        if (objective.logits()) {
            float[] logits = answer.logits();
            return logits == null ? Float.NaN : dot(objective.row(b), logits);
        }
        Activation a = answer.activations().get(objective.layer());
        if (a == null || a.channels() != objective.channels()) {
            return Float.NaN;
        }
        float[] pooled = new float[a.channels()];
        float[] w = objective.row(b);
        for (int c = 0; c < pooled.length; c++) {
            if (w[c] != 0) {
                pooled[c] = objective.pooling() == LayerObjective.Pooling.MEAN ? a.channelMean(c)
                        : a.value(c, a.height() / 2, a.width() / 2);
            }
        }
        return dot(w, pooled);
    }

    private static float dot(float[] w, float[] v) {
        double sum = 0;
        for (int i = 0; i < Math.min(w.length, v.length); i++) {
            sum += (double) w[i] * v[i];
        }
        return (float) sum;
    }

    @Override
    public void close() {
        // the wrapped model's owner closes it
    }
}
