package org.perturber.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;

/**
 * A contributed perturbation run the way the workbench and sweeps run it: as an entry of a stack, through
 * Perturber's own pipeline (scene stage, render, image stage, model-aware stage), so that a lab's test sees what
 * its users will see, including the entry being skipped when it throws or returns an image no model can take.
 *
 * <pre>
 * PerturbationRun.Outcome o = PerturbationRun.of("org.mylab.perturbation.fog").with("density", 0.6)
 *         .render(LabScenes.standard("mug"), 96);
 * assertTrue(o.problems().isEmpty(), o.problems().toString());
 * assertTrue(PixelMeasures.meanAbsoluteDifference(o.before(), o.after()) &gt; 0.05);
 * </pre>
 */
public final class PerturbationRun {
    /**
     * What a run gave: the image without the perturbation, the image with it, and the entries the stack skipped
     * (one line each, naming the contribution and its bundle; empty when all went well).
     */
    public record Outcome(RgbImage before, RgbImage after, List<String> problems) {
    }

    private final String id;
    private final Map<String, Object> values;

    private PerturbationRun(String id, Map<String, Object> values) {
        this.id = id;
        this.values = values;
    }

    /** A run of the perturbation with this contribution id, at its defaults. */
    public static PerturbationRun of(String perturbationId) {
        return new PerturbationRun(perturbationId, Map.of());
    }

    /** The same run with one parameter set (numbers, booleans, strings, colours as the parameter takes them). */
    public PerturbationRun with(String parameter, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(parameter, value);
        return new PerturbationRun(id, Map.copyOf(v));
    }

    /** The stack this run applies: one entry. */
    public PerturbationStack stack() {
        StackEntry entry = StackEntry.of(id);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            entry = entry.with(e.getKey(), e.getValue());
        }
        return PerturbationStack.EMPTY.add(entry);
    }

    /**
     * The contributed perturbation, checked to be installed and loaded; an AssertionError says why not (not
     * contributed, its class failed to load, its constructor threw).
     */
    public Perturbation perturbation() {
        Contribution<Perturbation> c = registry().perturbation(id).orElseThrow(() -> new AssertionError(
                "no perturbation '" + id + "' is contributed (is its bundle in the test runtime, its plugin.xml in "
                        + "build.properties' bin.includes?)"));
        Perturbation p = c.instance().orElseThrow(() -> new AssertionError("perturbation '" + id + "' of bundle "
                + c.bundle() + " did not load: " + c.failure().orElse("no reason given")));
        if (c.status() != ContributionStatus.LOADED) {
            throw new AssertionError("perturbation '" + id + "' of bundle " + c.bundle() + " is " + c.status());
        }
        return p;
    }

    /** The scene rendered at a square size, without and with the perturbation (for scene and image stages). */
    public Outcome render(Scene scene, int size) {
        perturbation();
        InputPipeline pipeline = pipeline();
        InputPipeline.State state = pipeline.state(scene, stack());
        RgbImage after = state.image(size);
        return new Outcome(state.baseline(size), after, lines(state.problems()));
    }

    /** An image through the image stage (for image perturbations): the input is never changed. */
    public Outcome apply(RgbImage image) {
        perturbation();
        StackApplier applier = new StackApplier(registry());
        RgbImage after = applier.applyImageStage(stack(), image);
        return new Outcome(image, after, lines(applier.problems()));
    }

    /**
     * What a model is given and what it predicts, without and with the perturbation (every stage, the model-aware
     * one too).
     */
    public Predicted predict(LoadedModel model, Scene scene) {
        perturbation();
        InputPipeline pipeline = pipeline();
        InputPipeline.State state = pipeline.state(scene, stack());
        int size = model.descriptor().inputWidth();
        RgbImage clean = state.baseline(size);
        RgbImage input = state.input(model, null);
        return new Predicted(new Outcome(clean, input, lines(state.problems())), BuiltinModel.predict(model, clean),
                BuiltinModel.predict(model, input));
    }

    /** A run's images and the model's results on them. */
    public record Predicted(Outcome images, InferenceResult clean, InferenceResult perturbed) {
        /** Whether the top-1 class changed. */
        public boolean flipped() {
            return clean.best().index() != perturbed.best().index();
        }
    }

    private static List<String> lines(List<StackApplier.Problem> problems) {
        return problems.stream().map(StackApplier.Problem::toString).toList();
    }

    private static ContributionRegistry registry() {
        return Services.await(ContributionRegistry.class, LabScenes.SERVICE_WAIT);
    }

    private static InputPipeline pipeline() {
        return new InputPipeline(registry(), Services.await(SceneRenderer.class, LabScenes.SERVICE_WAIT),
                BuiltinModel.inference());
    }

    @Override
    public String toString() {
        return id + values;
    }
}
