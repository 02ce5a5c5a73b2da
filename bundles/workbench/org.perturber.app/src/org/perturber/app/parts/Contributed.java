package org.perturber.app.parts;

import java.time.Duration;

import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.viz.Visualization;

/** The contributed visualizations the views draw, looked up in the registry (off the UI thread). */
final class Contributed {
    private Contributed() {
    }

    /** @throws IllegalStateException saying whether it is missing or failed to load (the view shows it) */
    static Visualization visualization(String id) {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        Contribution<Visualization> c = registry.visualization(id).orElseThrow(
                () -> new IllegalStateException("the visualization " + id + " is not installed"));
        return c.instance().orElseThrow(() -> new IllegalStateException(c.failure().orElse("not created")));
    }
}
