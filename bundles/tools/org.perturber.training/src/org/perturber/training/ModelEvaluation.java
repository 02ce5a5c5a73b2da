package org.perturber.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.param.ParameterValues;
import org.perturber.perturbation.adversarial.PgdAttack;
import org.perturber.core.render.SceneRenderer;
import org.perturber.training.SceneSampler.TextureMode;

/**
 * Measures a model the way its model card reports it, through the same {@link Model} interface the workbench uses:
 * top-1 accuracy on a held-out set rendered from a seed (own textures, textures removed, textures swapped between
 * classes), and accuracy under the PGD attack that Perturber's adversarial perturbation runs.
 */
public final class ModelEvaluation {
    /** A model card's measurements. */
    public record Result(long seed, int samples, double clean, double textureRemoved, double textureSwapped,
            Recipe.Pgd attack, int attackedSamples, double underAttack) {
    }

    private ModelEvaluation() {
    }

    /**
     * @param samples         held-out samples per condition
     * @param attackedSamples how many of the clean samples are attacked (PGD is ~10 forward-backward passes each)
     */
    public static Result evaluate(Model model, SceneRenderer renderer, long seed, int samples, Recipe.Pgd attack,
            int attackedSamples, Consumer<String> log) {
        int size = model.descriptor().inputWidth();
        RenderedSet clean = RenderedSet.render(renderer, seed, samples, size, TextureMode.OWN);
        double cleanAccuracy = accuracy(model, clean);
        log.accept(String.format(java.util.Locale.ROOT, "  clean %.1f%%", 100 * cleanAccuracy));
        double removed = accuracy(model, RenderedSet.render(renderer, seed, samples, size, TextureMode.REMOVED));
        log.accept(String.format(java.util.Locale.ROOT, "  textures removed %.1f%%", 100 * removed));
        double swapped = accuracy(model, RenderedSet.render(renderer, seed, samples, size, TextureMode.SWAPPED));
        log.accept(String.format(java.util.Locale.ROOT, "  textures swapped %.1f%%", 100 * swapped));
        double attacked = attackAccuracy(model, clean, attack, attackedSamples);
        log.accept(String.format(java.util.Locale.ROOT, "  under %s: %.1f%%", attack, 100 * attacked));
        return new Result(seed, samples, cleanAccuracy, removed, swapped, attack, attackedSamples, attacked);
    }

    /** Top-1 accuracy, batched. */
    public static double accuracy(Model model, RenderedSet set) {
        int correct = 0;
        int batch = 64;
        for (int start = 0; start < set.size(); start += batch) {
            List<RgbImage> images = new ArrayList<>();
            for (int i = start; i < Math.min(set.size(), start + batch); i++) {
                images.add(set.image(i));
            }
            List<InferenceResult> results = model.inferBatch(images, InferenceRequest.predictions(1));
            for (int i = 0; i < results.size(); i++) {
                correct += results.get(i).best().index() == set.label(start + i) ? 1 : 0;
            }
        }
        return (double) correct / set.size();
    }

    /**
     * How many samples a model opened by the inference service (any backend: MXNet, TorchScript, ONNX) classifies
     * correctly (top-1), in the service's batches: what {@code train --evaluate-model} reports.
     *
     * @throws ExecutionException with the cause the inference failed with
     */
    public static int correct(InferenceService inference, LoadedModel model, RenderedSet set)
            throws InterruptedException, ExecutionException {
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            images.add(set.image(i));
        }
        List<InferenceResult> results = inference.submitBatch(model, images, InferenceRequest.predictions(1)).get();
        int correct = 0;
        for (int i = 0; i < results.size(); i++) {
            correct += results.get(i).best().index() == set.label(i) ? 1 : 0;
        }
        return correct;
    }

    /**
     * Accuracy under an untargeted L-infinity PGD attack (no random start, so the number repeats) on the first
     * {@code n} samples: a sample counts when the model is right before and after the attack.
     */
    public static double attackAccuracy(Model model, RenderedSet set, Recipe.Pgd attack, int n) {
        PgdAttack pgd = new PgdAttack();
        ParameterValues values = ParameterValues.defaults(pgd.parameters()).with(PgdAttack.EPSILON.id(), attack
                .epsilon()).with(PgdAttack.STEPS.id(), attack.steps()).with(PgdAttack.STEP_SIZE.id(), attack
                        .stepSize());
        int correct = 0;
        for (int i = 0; i < n; i++) {
            RgbImage image = set.image(i);
            if (model.infer(image, InferenceRequest.predictions(1)).best().index() != set.label(i)) {
                continue;
            }
            RgbImage attacked = pgd.apply(image, values, model, new NullProgressMonitor());
            correct += model.infer(attacked, InferenceRequest.predictions(1)).best().index() == set.label(i) ? 1 : 0;
        }
        return (double) correct / n;
    }
}
