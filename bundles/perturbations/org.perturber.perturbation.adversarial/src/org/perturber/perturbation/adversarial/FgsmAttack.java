package org.perturber.perturbation.adversarial;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ClassParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.AttackContext;
import org.perturber.core.perturbation.ModelAwarePerturbation;

/** The fast gradient sign method: one step of size epsilon along the sign of the loss gradient. */
public class FgsmAttack implements ModelAwarePerturbation {
    public static final NumberParameter EPSILON = new NumberParameter("epsilon", "Epsilon", "", 0, 0.25, 0.0, 0.001);
    public static final ClassParameter TARGET = new ClassParameter("target", "Target class", "");
    public static final ChoiceParameter SHOW = ChoiceParameter.of("show", "Show", "image", "image",
            "perturbation x10");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(EPSILON, TARGET, SHOW);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v, Model model, IProgressMonitor monitor) {
        return apply(image, v, model, AttackContext.NONE, monitor);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v, Model model, AttackContext context,
            IProgressMonitor monitor) {
        double eps = v.getDouble(EPSILON.id());
        int target = TARGET.resolve(v.getChoice(TARGET.id()), model.descriptor().labels());
        RgbImage attacked = Attacks.attack(image, model, new Attacks.Settings(false, eps, 1, eps, false, target, 0),
                context, monitor);
        return v.getChoice(SHOW.id()).equals("image") ? attacked : Attacks.amplified(image, attacked, 10);
    }
}
