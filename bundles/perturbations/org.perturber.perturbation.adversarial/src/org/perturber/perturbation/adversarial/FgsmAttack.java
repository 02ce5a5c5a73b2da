package org.perturber.perturbation.adversarial;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ModelAwarePerturbation;

/** The fast gradient sign method: one step of size epsilon along the sign of the loss gradient. */
public class FgsmAttack implements ModelAwarePerturbation {
    public static final NumberParameter EPSILON = new NumberParameter("epsilon", "Epsilon", "", 0, 0.25, 0.0, 0.001);
    public static final IntegerParameter TARGET = new IntegerParameter("target", "Target class (-1: none)", "", -1,
            100_000, -1);
    public static final ChoiceParameter SHOW = ChoiceParameter.of("show", "Show", "image", "image",
            "perturbation x10");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(EPSILON, TARGET, SHOW);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v, Model model, IProgressMonitor monitor) {
        double eps = v.getDouble(EPSILON.id());
        RgbImage attacked = Attacks.attack(image, model, new Attacks.Settings(false, eps, 1, eps, false,
                v.getInt(TARGET.id()), 0), monitor);
        return v.getChoice(SHOW.id()).equals("image") ? attacked : Attacks.amplified(image, attacked, 10);
    }
}
