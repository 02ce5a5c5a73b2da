package org.perturber.core.registry;

import org.perturber.core.model.ModelBackend;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.viz.Visualization;

/** The three extension points of Perturber: their ids, element names and the type their classes implement. */
public enum ContributionKind {
    PERTURBATION("org.perturber.core.perturbations", "perturbation", Perturbation.class),
    MODEL_BACKEND("org.perturber.core.modelBackends", "backend", ModelBackend.class),
    VISUALIZATION("org.perturber.core.visualizations", "visualization", Visualization.class);

    private final String extensionPointId;
    private final String elementName;
    private final Class<?> type;

    ContributionKind(String extensionPointId, String elementName, Class<?> type) {
        this.extensionPointId = extensionPointId;
        this.elementName = elementName;
        this.type = type;
    }

    public String extensionPointId() {
        return extensionPointId;
    }

    public String elementName() {
        return elementName;
    }

    public Class<?> type() {
        return type;
    }
}
