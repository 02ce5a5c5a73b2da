package org.perturber.core.registry;

import java.util.List;
import java.util.Optional;

import org.perturber.core.model.ModelBackend;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.viz.Visualization;

/**
 * The contributions to Perturber's extension points, offered as an OSGi service. Declarations are read from the
 * extension registry (and re-read when bundles come and go); objects are created lazily. Contributions whose
 * declaration is already broken (no id, no class, duplicate id) are listed too, as failed, so that a lab sees
 * what is wrong with its plugin.
 */
public interface ContributionRegistry {
    List<Contribution<Perturbation>> perturbations();

    List<Contribution<ModelBackend>> modelBackends();

    List<Contribution<Visualization>> visualizations();

    /** Every contribution of every kind, in kind order then bundle and id. */
    List<Contribution<?>> all();

    Optional<Contribution<Perturbation>> perturbation(String id);

    Optional<Contribution<ModelBackend>> modelBackend(String id);

    Optional<Contribution<Visualization>> visualization(String id);

    /**
     * The corruptions of a benchmark suite (declared as {@code <corruption suite="...">} in perturbations), in the
     * suite's rank order; those of failed perturbation declarations and repeated names are left out (and logged).
     */
    List<SuiteCorruption> corruptions(String suite);
}
