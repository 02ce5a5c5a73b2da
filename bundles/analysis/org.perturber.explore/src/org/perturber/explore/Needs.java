package org.perturber.explore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.perturber.core.model.GradientTarget;

/**
 * What one subscriber of the {@link ExplorePipeline} needs from each state: how many top classes, the activations of
 * which layers of which model, which gradients, and the scene rendered at a view's size. The pipeline merges the
 * needs of all subscribers into one forward pass per model.
 *
 * @param activations layer ids by model key
 * @param gradients gradient maps to compute after the predictions
 * @param sceneWidth width of a scene frame to render after the predictions (0: none)
 * @param paced the activations are wanted at most every {@link ExplorePipeline#SECONDARY_MS} ms during a drag (a
 *        view refreshing at its own pace): copying a layer out of every forward pass costs the predictions time
 */
public record Needs(int topK, Map<String, Set<String>> activations, List<Gradient> gradients, int sceneWidth,
        int sceneHeight, boolean paced) {
    public static final Needs NOTHING = new Needs(0, Map.of(), List.of(), 0, 0, false);

    /**
     * A gradient of one model's class score (or its loss for that class) with respect to the input and, for
     * {@code gradientLayers}, those layers' outputs; with the activations of {@code activationLayers} from the same
     * pass (what Grad-CAM weighs). The class is {@code classIndex} in the model's labels, or the state's top class
     * when it is {@link #TOP_CLASS}.
     */
    public record Gradient(String modelKey, GradientTarget.Kind kind, Set<String> activationLayers,
            Set<String> gradientLayers, int classIndex) {
        /** The class index meaning "the model's top class for the state". */
        public static final int TOP_CLASS = -1;

        public Gradient {
            activationLayers = Set.copyOf(activationLayers);
            gradientLayers = Set.copyOf(gradientLayers);
        }

        /** For the top class. */
        public Gradient(String modelKey, GradientTarget.Kind kind, Set<String> activationLayers,
                Set<String> gradientLayers) {
            this(modelKey, kind, activationLayers, gradientLayers, TOP_CLASS);
        }

        /** The input gradient only (saliency maps), for the top class. */
        public Gradient(String modelKey, GradientTarget.Kind kind) {
            this(modelKey, kind, Set.of(), Set.of());
        }

        /** The class whose gradient this is for a state whose top class is {@code top}. */
        public int classFor(int top) {
            return classIndex == TOP_CLASS ? top : classIndex;
        }
    }

    public Needs {
        activations = Map.copyOf(activations);
        gradients = List.copyOf(gradients);
    }

    public static Needs predictions(int topK) {
        return new Needs(topK, Map.of(), List.of(), 0, 0, false);
    }

    public Needs withActivations(String modelKey, Set<String> layers) {
        Map<String, Set<String>> a = new HashMap<>(activations);
        a.put(modelKey, Set.copyOf(layers));
        return new Needs(topK, a, gradients, sceneWidth, sceneHeight, paced);
    }

    public Needs withGradients(List<Gradient> wanted) {
        return new Needs(topK, activations, wanted, sceneWidth, sceneHeight, paced);
    }

    public Needs withSceneFrame(int width, int height) {
        return new Needs(topK, activations, gradients, width, height, paced);
    }

    /** The activations at most every {@link ExplorePipeline#SECONDARY_MS} ms during a drag (always otherwise). */
    public Needs pacedDuringDrags() {
        return new Needs(topK, activations, gradients, sceneWidth, sceneHeight, true);
    }

    /** The layers any subscriber wants with a model's predictions. */
    static Set<String> layers(List<Needs> all, String modelKey) {
        Set<String> layers = new TreeSet<>();
        all.forEach(n -> layers.addAll(n.activations().getOrDefault(modelKey, Set.of())));
        return layers;
    }
}
