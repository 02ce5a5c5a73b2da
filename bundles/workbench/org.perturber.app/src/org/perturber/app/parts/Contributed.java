package org.perturber.app.parts;

import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.Visualization;

/** The contributed visualizations the views draw, from the registry the view was given. */
final class Contributed {
    private Contributed() {
    }

    /** @throws IllegalStateException saying whether it is missing or failed to load (the view shows it) */
    static Visualization visualization(ContributionRegistry registry, String id) {
        Contribution<Visualization> c = registry.visualization(id).orElseThrow(
                () -> new IllegalStateException("the visualization " + id + " is not installed"));
        return c.instance().orElseThrow(() -> new IllegalStateException(c.failure().orElse("not created")));
    }
}
