package org.perturber.core.viz;

/**
 * A visualization, contributed to the {@code org.perturber.core.visualizations} extension point. It turns one
 * model's inference results into a {@link VisualizationFrame}; the workbench draws frames, so a visualization
 * needs no UI toolkit and can be tested and used headless (for example to export figures from a sweep).
 * Implementations are stateless and are called off the UI thread.
 */
public interface Visualization {
    /** What the inference request must contain for {@link #compute}. */
    ResultNeeds needs();

    VisualizationFrame compute(VisualizationInput input);
}
