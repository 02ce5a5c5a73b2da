package org.perturber.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.core.render.SceneRenderer;

/**
 * The image each model is given for one state of the session: scene perturbations, the render at the model's input
 * size, image perturbations, then model-aware ones (attacks) made against that model. Renders are shared between
 * models of the same input size. One instance per update, off the UI thread.
 */
public final class ModelInputs {
    private final Scene scene;
    private final PerturbationStack stack;
    private final StackApplier applier;
    private final SceneRenderer renderer;
    private final InferenceService inference;
    private final Scene perturbed;
    private final Map<Object, CompletableFuture<RgbImage>> rendered;

    /** What one cached input is: the same scene and stack at the same size give the same pixels. */
    private record Key(Scene scene, PerturbationStack stack, int size) {
    }

    public ModelInputs(Scene scene, PerturbationStack stack) {
        this(scene, stack, new HashMap<>());
    }

    /** With a cache shared by the views of one session ({@link ExploreSession#inputCache()}). */
    public ModelInputs(Scene scene, PerturbationStack stack, Map<Object, CompletableFuture<RgbImage>> cache) {
        this.rendered = cache;
        this.scene = scene;
        this.stack = stack;
        this.applier = new StackApplier(Services.await(ContributionRegistry.class, Duration.ofSeconds(30)));
        this.renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        this.inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        this.perturbed = applier.applySceneStage(stack, scene);
    }

    public RgbImage input(LoadedModel model, IProgressMonitor monitor) {
        return applier.applyModelStage(stack, rendered(model), new ServiceModel(inference, model), monitor);
    }

    /** The render at the model's input size after the image perturbations, before any attack (shared, cached). */
    public RgbImage rendered(LoadedModel model) {
        int size = model.descriptor().inputWidth();
        Key key = new Key(scene, stack, size);
        // the first view to ask renders; views asking meanwhile wait for that render instead of making their own
        CompletableFuture<RgbImage> mine = new CompletableFuture<>();
        CompletableFuture<RgbImage> existing = rendered.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            mine.complete(applier.applyImageStage(stack, renderer.render(perturbed, size, size)));
        } catch (RuntimeException e) {
            rendered.remove(key);
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    /** The unperturbed scene's image for a model: the baseline views compare against. */
    public RgbImage baseline(LoadedModel model) {
        int size = model.descriptor().inputWidth();
        return renderer.render(scene, size, size);
    }

    /** Perturbations skipped so far (unknown, broken, failing), for the status line. */
    public List<StackApplier.Problem> problems() {
        return applier.problems();
    }
}
