package org.perturber.core.perturbation;

import java.util.List;

import org.perturber.core.param.ParameterDescriptor;

/**
 * A perturbation contributed to the {@code org.perturber.core.perturbations} extension point. Implement one of
 * {@link ScenePerturbation}, {@link ImagePerturbation} or {@link ModelAwarePerturbation}. Instances must be
 * stateless (the same instance serves every stack entry and thread); parameter values come with each call.
 */
public interface Perturbation {
    /** The parameters a user can set; UIs and sweeps are generated from these. */
    List<ParameterDescriptor> parameters();

    Stage stage();
}
