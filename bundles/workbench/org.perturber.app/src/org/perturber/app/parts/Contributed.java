package org.perturber.app.parts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.perturber.core.perturbation.TimeBudgets;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.Visualization;

/**
 * The contributed visualizations the views draw, by category, and how long a view waits for one call into a
 * visualization.
 */
final class Contributed {
    static final String PREDICTIONS = "predictions";
    static final String ACTIVATIONS = "activations";
    static final String ATTRIBUTION = "attribution";
    /** The categories our own views draw; any other goes to the Contributed visualizations view. */
    static final Set<String> VIEW_CATEGORIES = Set.of(PREDICTIONS, ACTIVATIONS, ATTRIBUTION);

    private Contributed() {
    }

    /**
     * How long a view waits for a visualization's call (its creation, needs or compute) before it abandons it and
     * reports it: the budget of image perturbations (preference {@code timeBudget}, default
     * {@link VisualizationGuard#DEFAULT_BUDGET}), whose work is of the same size; zero there means no limit.
     */
    static Duration budget() {
        Duration image = TimeBudgets.current().image();
        return image.isZero() ? Duration.ofSeconds((long) TimeBudgets.MAX_SECONDS) : image;
    }

    /**
     * The preference (node {@code org.perturber.app}) that remembers which visualization of a category a view
     * shows: its contribution id.
     */
    static String preferenceKey(String category) {
        return "visualization." + category;
    }

    /** The bundles of Perturber's own visualizations: listed before a lab's. */
    static final String OUR_BUNDLES = "org.perturber.viz.";

    /**
     * The visualizations of a category, declared ones that failed included (choosing one says why): the default
     * first, then ours, then a lab's, each by name. No contribution's code runs here (nothing is created).
     */
    static List<Contribution<Visualization>> ofCategory(ContributionRegistry registry, String category,
            String defaultId) {
        List<Contribution<Visualization>> found = new ArrayList<>(registry.visualizations().stream().filter(
                c -> c.category().equals(category)).toList());
        found.sort(Comparator.comparing((Contribution<Visualization> c) -> !c.id().equals(defaultId)).thenComparing(
                c -> !c.bundle().startsWith(OUR_BUNDLES)).thenComparing(Contribution::name).thenComparing(
                        Contribution::id));
        return found;
    }

    /** The visualizations of categories no view of ours draws (and of none), by category, then name. */
    static List<Contribution<Visualization>> ofOtherCategories(ContributionRegistry registry) {
        List<Contribution<Visualization>> found = new ArrayList<>(registry.visualizations().stream().filter(
                c -> !VIEW_CATEGORIES.contains(c.category())).toList());
        found.sort(Comparator.comparing((Contribution<Visualization> c) -> c.category()).thenComparing(
                Contribution::name).thenComparing(Contribution::id));
        return found;
    }
}
