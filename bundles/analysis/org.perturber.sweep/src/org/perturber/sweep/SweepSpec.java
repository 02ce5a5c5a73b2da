package org.perturber.sweep;

import java.nio.file.Path;
import java.util.List;

import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.MeshRef;

/**
 * A sweep, as read from its JSON file (see {@link SweepSpecReader} and the examples in releng/sweeps): which objects
 * seen from how many views, which models, a base perturbation stack, the factors to vary and how (the design), the
 * metrics, where results go.
 *
 * @param text the file's text, kept so that results can be traced to it and resumed only by the same spec
 */
public record SweepSpec(String name, String description, long seed, List<SweepObject> objects, int views,
        List<SweepModel> models, PerturbationStack stack, List<Factor> factors, Design design, List<Metric> metrics,
        Path output, String text) {

    /** An object to render: a built-in class or a mesh file, and the class a model should see in it. */
    public record SweepObject(String name, MeshRef mesh, String label) {
    }

    /** A model: a folder with model.json, named by its id in models/ or by its path. */
    public record SweepModel(String id, Path directory) {
    }

    /**
     * A varied parameter of one perturbation: numeric levels from {@code from} to {@code to} in {@code steps}
     * ({@code range}: a random design draws anywhere in between), or the listed {@code values} (any type the
     * parameter takes; {@code numeric} when all are numbers).
     */
    public record Factor(String perturbation, String parameter, List<Object> levels, double from, double to,
            boolean numeric, boolean range) {
        /** The CSV column: the perturbation's last id segment and the parameter. */
        public String column() {
            return perturbation.substring(perturbation.lastIndexOf('.') + 1) + "." + parameter;
        }
    }

    /** How factor levels combine into sample points. */
    public record Design(Type type, int samples) {
        public enum Type {
            /** every combination of every factor's levels */
            GRID,
            /** {@code samples} points, each factor drawn uniformly (seeded) */
            RANDOM,
            /** each factor through its levels while the others stay at their defaults */
            ONE_AT_A_TIME
        }
    }
}
