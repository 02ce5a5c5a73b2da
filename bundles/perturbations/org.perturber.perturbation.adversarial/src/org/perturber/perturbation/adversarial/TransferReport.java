package org.perturber.perturbation.adversarial;

import java.util.ArrayList;
import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;

/**
 * How an adversarial image made against one model affects other models (transfer): for each, the top class on the
 * clean and on the attacked image, and how much probability the clean top class lost.
 */
public record TransferReport(List<Row> rows) {
    /** One model's answer to the clean and the attacked image. */
    public record Row(String model, ClassScore clean, ClassScore attacked, float cleanClassProbabilityAfter) {
        /** Whether the attack changed this model's prediction. */
        public boolean flipped() {
            return clean.index() != attacked.index();
        }

        /** Probability of the clean top class lost to the attack (negative if it gained). */
        public float drop() {
            return clean.probability() - cleanClassProbabilityAfter;
        }
    }

    public TransferReport {
        rows = List.copyOf(rows);
    }

    /** Asks each model about both images (models whose input size differs from the images are skipped). */
    public static TransferReport of(RgbImage clean, RgbImage attacked, List<Model> models) {
        List<Row> rows = new ArrayList<>();
        for (Model m : models) {
            if (m.descriptor().inputWidth() != clean.width() || m.descriptor().inputHeight() != clean.height()) {
                continue;
            }
            ClassScore before = m.infer(clean, InferenceRequest.predictions(1)).best();
            var after = m.infer(attacked, InferenceRequest.predictions(1));
            rows.add(new Row(m.descriptor().name(), before, after.best(), after.probabilities()[before.index()]));
        }
        return new TransferReport(rows);
    }

    /** Fraction of the models whose prediction the attack flipped. */
    public double flipRate() {
        return rows.isEmpty() ? 0 : rows.stream().filter(Row::flipped).count() / (double) rows.size();
    }
}
