package org.perturber.core.perturbation;

import org.eclipse.core.runtime.IProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.core.param.ParameterValues;

/**
 * A perturbation computed against a model, such as an adversarial attack. It may take many forward and
 * backward passes: it reports progress and stops early when the monitor is cancelled.
 */
public interface ModelAwarePerturbation extends Perturbation {
    RgbImage apply(RgbImage image, ParameterValues values, Model model, IProgressMonitor monitor);

    /**
     * The same, told what is known about the scene (its true class). The pipeline calls this one; contributions
     * that have no use for the context keep implementing only the method above.
     */
    default RgbImage apply(RgbImage image, ParameterValues values, Model model, AttackContext context,
            IProgressMonitor monitor) {
        return apply(image, values, model, monitor);
    }

    @Override
    default Stage stage() {
        return Stage.MODEL_AWARE;
    }
}
