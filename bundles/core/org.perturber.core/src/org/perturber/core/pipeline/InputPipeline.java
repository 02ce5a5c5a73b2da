package org.perturber.core.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.core.runtime.IProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.perturbation.AttackContext;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.Scene;

/**
 * The one way a state (a scene and a perturbation stack) becomes what each model is given: scene perturbations,
 * the render at the model's input size, image perturbations, then model-aware ones (attacks) made against that
 * model. The live explore pipeline, sweeps and the headless tools all use it, so the same state gives the same
 * pixels everywhere. Renders are kept (least recently used first out) by perturbed scene and size: while only image
 * perturbations change, nothing is rendered again. Thread-safe; renders are serialised by the renderer itself.
 */
public final class InputPipeline {
    /** Renders kept across states: a sweep's chunk of views, a drag's recent frames. */
    private static final int RENDERS_KEPT = 256;

    private final ContributionRegistry registry;
    private final SceneRenderer renderer;
    private final InferenceService inference;

    private record RenderKey(Scene scene, int width, int height) {
    }

    private final Map<RenderKey, RgbImage> renders = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<RenderKey, RgbImage> eldest) {
            return size() > RENDERS_KEPT;
        }
    };

    public InputPipeline(ContributionRegistry registry, SceneRenderer renderer, InferenceService inference) {
        this.registry = Objects.requireNonNull(registry);
        this.renderer = Objects.requireNonNull(renderer);
        this.inference = Objects.requireNonNull(inference);
    }

    public SceneRenderer renderer() {
        return renderer;
    }

    public ContributionRegistry registry() {
        return registry;
    }

    /** Starts one state: its scene stage runs now; renders and the later stages run when asked for. */
    public State state(Scene scene, PerturbationStack stack) {
        return new State(scene, stack);
    }

    /** The scene rendered at a size, from the cache when the same scene was rendered at that size before. */
    public RgbImage render(Scene scene, int width, int height) {
        RenderKey key = new RenderKey(scene, width, height);
        synchronized (renders) {
            RgbImage cached = renders.get(key);
            if (cached != null) {
                return cached;
            }
        }
        RgbImage image = renderer.render(scene, width, height);
        synchronized (renders) {
            renders.put(key, image);
        }
        return image;
    }

    /** Whether any enabled entry of the stack is a model-aware perturbation (an attack). */
    public boolean modelAware(PerturbationStack stack) {
        return stack.entries().stream().anyMatch(e -> e.enabled() && registry.perturbation(e.perturbation()).flatMap(
                c -> c.instance()).map(Perturbation::stage).orElse(Stage.SCENE) == Stage.MODEL_AWARE);
    }

    /**
     * One state's images. The image stage runs once per input size, shared by the models of that size; the
     * model-aware stage runs per model. Perturbations that fail are skipped and reported in {@link #problems()}.
     */
    public final class State {
        private final Scene scene;
        private final PerturbationStack stack;
        private final Scene perturbed;
        private final boolean modelAware;
        private final Map<Integer, RgbImage> images = new HashMap<>();
        /** The scene stage's problems, each image size's and each model's last model-aware stage's. */
        private final List<StackApplier.Problem> sceneProblems;
        private final Map<Integer, List<StackApplier.Problem>> imageProblems = new HashMap<>();
        private final Map<String, List<StackApplier.Problem>> modelProblems = new HashMap<>();
        /** Every problem, in the order they happened. */
        private final List<StackApplier.Problem> problems = new ArrayList<>();

        private State(Scene scene, PerturbationStack stack) {
            this.scene = Objects.requireNonNull(scene);
            this.stack = Objects.requireNonNull(stack);
            StackApplier applier = new StackApplier(registry);
            this.perturbed = applier.applySceneStage(stack, scene);
            this.sceneProblems = applier.problems();
            this.problems.addAll(sceneProblems);
            this.modelAware = InputPipeline.this.modelAware(stack);
        }

        public Scene scene() {
            return scene;
        }

        public PerturbationStack stack() {
            return stack;
        }

        /** The scene after the scene stage: what is rendered. */
        public Scene perturbedScene() {
            return perturbed;
        }

        /** Whether the inputs differ per model (an attack is in the stack). */
        public boolean modelAware() {
            return modelAware;
        }

        /** The render at a square size after the image stage, before any attack. */
        public synchronized RgbImage image(int size) {
            RgbImage image = images.get(size);
            if (image == null) {
                StackApplier applier = new StackApplier(registry);
                image = applier.applyImageStage(stack, render(perturbed, size, size));
                images.put(size, image);
                imageProblems.put(size, applier.problems());
                problems.addAll(applier.problems());
            }
            return image;
        }

        /** The render at any size after the image stage (the scene view's own frame). */
        public RgbImage image(int width, int height) {
            if (width == height) {
                return image(width);
            }
            StackApplier applier = new StackApplier(registry);
            RgbImage image = applier.applyImageStage(stack, render(perturbed, width, height));
            synchronized (this) {
                problems.addAll(applier.problems());
            }
            return image;
        }

        /**
         * What the model is given: {@link #image(int)} at its input size, then the model-aware stage against it
         * (told the clean scene's true class: untargeted attacks move away from it, or from the model's top-1 on the
         * clean scene when it does not know that class).
         */
        public RgbImage input(LoadedModel model, IProgressMonitor monitor) {
            RgbImage image = image(model.descriptor().inputWidth());
            if (!modelAware) {
                return image;
            }
            StackApplier applier = new StackApplier(registry);
            RgbImage attacked = applier.applyModelStage(stack, image, new ServiceModel(inference, model), AttackContext
                    .of(scene).withCleanImage(() -> baseline(model.descriptor().inputWidth())), monitor);
            synchronized (this) {
                modelProblems.put(model.key(), applier.problems());
                problems.addAll(applier.problems());
            }
            return attacked;
        }

        /** The unperturbed scene at a model's input size: the baseline perturbations are measured against. */
        public RgbImage baseline(int size) {
            return render(scene, size, size);
        }

        /** Perturbations skipped so far in this state (unknown, broken, failing), in the order they happened. */
        public synchronized List<StackApplier.Problem> problems() {
            return new ArrayList<>(problems);
        }

        /**
         * The problems behind what {@link #input} gave this model: the scene stage's, the image stage's at its input
         * size and its own last model-aware stage's (empty before {@link #input} was asked for it).
         */
        public synchronized List<StackApplier.Problem> problems(LoadedModel model) {
            List<StackApplier.Problem> all = new ArrayList<>(sceneProblems);
            all.addAll(imageProblems.getOrDefault(model.descriptor().inputWidth(), List.of()));
            all.addAll(modelProblems.getOrDefault(model.key(), List.of()));
            all.sort(java.util.Comparator.comparingInt(StackApplier.Problem::entry));
            return all;
        }
    }
}
