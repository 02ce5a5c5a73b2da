package org.perturber.perturbation.adversarial;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Model;
import org.perturber.core.param.BooleanParameter;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ClassParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.AttackContext;
import org.perturber.core.perturbation.ModelAwarePerturbation;

/**
 * Projected gradient descent in the L-infinity or L2 norm: many small steps, each projected back into the epsilon
 * ball; optionally from a random start. Step size 0 means 2.5 epsilon / steps (the usual choice).
 */
public class PgdAttack implements ModelAwarePerturbation {
    public static final ChoiceParameter NORM = ChoiceParameter.of("norm", "Norm", "linf", "linf", "l2");
    public static final NumberParameter EPSILON = new NumberParameter("epsilon", "Epsilon", "", 0, 20, 0.0, 0.001);
    public static final IntegerParameter STEPS = new IntegerParameter("steps", "Steps", "", 1, 500, 10);
    public static final NumberParameter STEP_SIZE = new NumberParameter("step", "Step size (0: automatic)", "", 0, 5,
            0.0, 0.0005);
    public static final BooleanParameter RANDOM_START = new BooleanParameter("randomStart", "Random start", false);
    public static final ClassParameter TARGET = new ClassParameter("target", "Target class", "");
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 100_000, 0);
    public static final ChoiceParameter SHOW = ChoiceParameter.of("show", "Show", "image", "image",
            "perturbation x10");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(NORM, EPSILON, STEPS, STEP_SIZE, RANDOM_START, TARGET, SEED, SHOW);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v, Model model, IProgressMonitor monitor) {
        return apply(image, v, model, AttackContext.NONE, monitor);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v, Model model, AttackContext context,
            IProgressMonitor monitor) {
        double eps = v.getDouble(EPSILON.id());
        int steps = v.getInt(STEPS.id());
        double step = v.getDouble(STEP_SIZE.id());
        int target = TARGET.resolve(v.getChoice(TARGET.id()), model.descriptor().labels());
        RgbImage attacked = Attacks.attack(image, model, new Attacks.Settings(v.getChoice(NORM.id()).equals("l2"), eps,
                steps, step > 0 ? step : 2.5 * eps / steps, v.getBoolean(RANDOM_START.id()), target, v.getInt(SEED
                        .id())), context, monitor);
        return v.getChoice(SHOW.id()).equals("image") ? attacked : Attacks.amplified(image, attacked, 10);
    }
}
