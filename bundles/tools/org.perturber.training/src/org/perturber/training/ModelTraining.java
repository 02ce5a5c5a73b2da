package org.perturber.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.backend.mxnet.export.ModelWriter;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.model.Model;
import org.perturber.core.model.Normalization;
import org.perturber.core.render.SceneRenderer;
import org.perturber.training.internal.MxnetTrainer;

/**
 * Makes one built-in model from its {@link Recipe}: renders the training data, writes the network (or copies the
 * base model's weights for a fine-tune), trains with checkpoints, installs the result in the models folder,
 * evaluates it on a held-out set and writes its model card.
 */
public final class ModelTraining {
    /** The normalisation of all built-in models: inputs in [0, 1] mapped to [-2, 2]. */
    public static final Normalization NORMALIZATION = new Normalization(new float[] { 0.5f, 0.5f, 0.5f },
            new float[] { 0.25f, 0.25f, 0.25f });

    /**
     * @param modelsDir       where models are installed (models/ of the repository)
     * @param workDir         checkpoints and scratch files, one sub-folder per model
     * @param evalSamples     held-out samples per condition for the model card
     * @param attackedSamples samples attacked for the card's PGD figure
     */
    public record Options(Path modelsDir, Path workDir, int evalSamples, int attackedSamples) {
    }

    private final SceneRenderer renderer;
    private final Options options;
    private final Consumer<String> log;

    public ModelTraining(SceneRenderer renderer, Options options, Consumer<String> log) {
        this.renderer = renderer;
        this.options = options;
        this.log = log;
    }

    /** Trains, installs and evaluates; returns false when cancelled (resumable from the last checkpoint). */
    public boolean run(Recipe recipe, BooleanSupplier cancelled) throws Exception {
        log.accept("== " + recipe.id() + ": " + recipe.describe());
        Path work = options.workDir().resolve(recipe.id());
        Path modelDir = work.resolve("model");
        prepare(recipe, modelDir);
        long t0 = System.nanoTime();
        RenderedSet data = RenderedSet.render(renderer, recipe.seed(), recipe.trainSize(), recipe.inputSize(),
                SceneSampler.TextureMode.OWN, i -> shuffledDraw(recipe.seed(), i) < recipe.shuffledFraction(),
                done -> log.accept(String.format(Locale.ROOT, "  rendered %d/%d training samples", done, recipe
                        .trainSize())));
        // a small validation set from its own seed, to watch training; the model card uses a separate held-out set
        RenderedSet validation = RenderedSet.render(renderer, recipe.seed() + 500_000, 600, recipe.inputSize(),
                SceneSampler.TextureMode.OWN);
        double renderSeconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "  rendering took %.0f s", renderSeconds));
        MxnetTrainer trainer = new MxnetTrainer(recipe, modelDir, work.resolve("checkpoints"), NORMALIZATION, log);
        boolean done = trainer.train(data, validation, cancelled, r -> log.accept(String.format(Locale.ROOT,
                "  epoch %d/%d done: loss %.3f, train acc %.1f%%, validation acc %.1f%%, %.0f s", r.epoch(), recipe
                        .epochs(), r.loss(), 100 * r.trainAccuracy(), 100 * r.validationAccuracy(), r.seconds())));
        if (!done) {
            log.accept("  cancelled; run again to resume from the last finished epoch");
            return false;
        }
        Path installed = install(recipe, modelDir);
        log.accept("  installed " + installed);
        ModelEvaluation.Result result;
        try (Model model = new MxnetModelBackend().open(installed)) {
            result = ModelEvaluation.evaluate(model, renderer, Recipes.HELD_OUT_SEED, options.evalSamples(),
                    Recipes.EVALUATION_ATTACK, options.attackedSamples(), log);
        }
        ModelCard.write(installed, recipe, result, renderSeconds + trainer.trainingSeconds());
        log.accept("  model card " + installed.resolve("README.md"));
        return true;
    }

    /** Sample i's share draw: which samples get shuffled textures (a fixed subset per seed). */
    static double shuffledDraw(long seed, int i) {
        return new java.util.SplittableRandom(seed * 1_000_003L + i).nextDouble();
    }

    /** Writes the network with its initial weights (random, or the base model's). */
    private void prepare(Recipe recipe, Path modelDir) throws IOException {
        int classes = SceneSampler.classes().size();
        Networks.Network net = switch (recipe.architecture()) {
        case "resnet-small" -> Networks.smallCnn(classes, recipe.seed());
        case "vgg-small" -> Networks.vggSmall(classes, recipe.inputSize(), recipe.seed());
        default -> throw new IllegalArgumentException("unknown architecture " + recipe.architecture());
        };
        ModelWriter.write(modelDir, new ModelWriter.Card(recipe.id(), recipe.name(), net.architecture(), recipe
                .variant(), description(recipe), recipe.inputSize(), NORMALIZATION, SceneSampler.classes(), net
                        .layers()), net.builder(), net.head());
        if (recipe.fineTuned()) {
            Path base = options.modelsDir().resolve(recipe.base()).resolve(recipe.base() + "-0000.params");
            if (!Files.isRegularFile(base)) {
                throw new IOException("'" + recipe.id() + "' is fine-tuned from '" + recipe.base() + "', but " + base
                        + " does not exist: train '" + recipe.base() + "' first");
            }
            Files.copy(base, modelDir.resolve(recipe.id() + "-0000.params"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String description(Recipe recipe) {
        return switch (recipe.variant()) {
        case "adversarial" -> "Fine-tuned from '" + recipe.base() + "' on batches half clean, half attacked with "
                + recipe.attack() + ".";
        case "texture-debiased" -> "Fine-tuned from '" + recipe.base() + "' on renders whose textures are shuffled "
                + "across classes, so that it relies less on texture and more on shape.";
        default -> "Trained from scratch on domain-randomised renders of Perturber's " + SceneSampler.classes().size()
                + " built-in objects.";
        };
    }

    /** Copies the model files into models/ID, replacing an older version only once the new files are complete. */
    private Path install(Recipe recipe, Path modelDir) throws IOException {
        Path target = options.modelsDir().resolve(recipe.id());
        Path staging = options.modelsDir().resolve("." + recipe.id() + ".new");
        Files.createDirectories(staging);
        for (String name : new String[] { "model.json", "labels.txt", recipe.id() + "-symbol.json", recipe.id()
                + "-0000.params" }) {
            Files.copy(modelDir.resolve(name), staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(target);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
