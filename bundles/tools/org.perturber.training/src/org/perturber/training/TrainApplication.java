package org.perturber.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Model;
import org.perturber.core.service.Services;
import org.perturber.core.render.SceneRenderer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code releng/perturber train}: trains, installs and evaluates the built-in models (see {@link Recipes}). */
public class TrainApplication implements IApplication {
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = { "Trains Perturber's built-in models on renders of the built-in objects, installs them in "
                    + "the models folder and writes each model card (README.md, evaluation.json) from a held-out "
                    + "evaluation.", "",
                    "Everything is seeded: the same command gives the same data, batch order and weights. Training "
                            + "checkpoints after every epoch; after an interruption, the same command resumes at the "
                            + "last finished epoch.", "",
                    "Fine-tuned models (adversarial, texture-debiased) start from 'standard', so train it first "
                            + "(the default order does).", "" },
            footer = { "", "Examples:", "  releng/perturber train                      all models, in order (~1 h on 2 cores)",
                    "  releng/perturber train standard",
                    "  releng/perturber train --evaluate-only standard   re-measure a model card's numbers",
                    "  releng/perturber train --export-set ~/sets/standard standard   the training set, for PyTorch",
                    "  releng/perturber train --evaluate-model ~/models/mine   a model folder's held-out accuracy" })
    static final class Arguments {
        @Parameters(paramLabel = "MODEL", description = "models to train, of: ${COMPLETION-CANDIDATES} (default: "
                + "all)", completionCandidates = RecipeIds.class)
        List<String> models = new ArrayList<>();

        @Option(names = "--models", paramLabel = "DIR", description = "where models are installed (default: the "
                + "repository's models/)")
        Path modelsDir;

        @Option(names = "--work", paramLabel = "DIR", description = "checkpoints and scratch files (default: "
                + "~/.perturber/training)")
        Path workDir = Path.of(System.getProperty("user.home"), ".perturber", "training");

        @Option(names = "--fresh", description = "discard existing checkpoints and start from scratch")
        boolean fresh;

        @Option(names = "--evaluate-only", description = "do not train: evaluate installed models and rewrite their "
                + "cards")
        boolean evaluateOnly;

        @Option(names = "--eval-samples", paramLabel = "N", description = "held-out renders per condition (default: "
                + "${DEFAULT-VALUE})")
        int evalSamples = 1200;

        @Option(names = "--attack-samples", paramLabel = "N", description = "renders attacked with PGD for the card "
                + "(default: ${DEFAULT-VALUE})")
        int attackSamples = 300;

        @Option(names = "--epochs", paramLabel = "N", description = "override the recipes' epochs (quick trials; the "
                + "shipped models use the recipes)")
        Integer epochs;

        @Option(names = "--train-size", paramLabel = "N", description = "override the recipes' training samples "
                + "(quick trials)")
        Integer trainSize;

        @Option(names = "--preview", paramLabel = "FILE", description = "write the first 48 training samples of "
                + "the first model as a PNG sheet and exit")
        Path preview;

        @Option(names = "--list", description = "print the recipes and exit")
        boolean list;

        @Option(names = "--export-set", paramLabel = "DIR", description = "do not train: write the first model's "
                + "training set (--train-size samples of --seed, the recipe's sampler) and a held-out set "
                + "(--eval-samples samples of --held-out-seed) to DIR as raw 8-bit pixels, labels and set.json, "
                + "for other tools (releng/examples/train_small_cnn.py)")
        Path exportSet;

        @Option(names = "--seed", paramLabel = "N", description = "with --export-set: the training set's seed "
                + "(default: the recipe's)")
        Long seed;

        @Option(names = "--held-out-seed", paramLabel = "N", description = "the held-out set's seed for "
                + "--export-set and --evaluate-model (default: the model cards' ${DEFAULT-VALUE})")
        long heldOutSeed = Recipes.HELD_OUT_SEED;

        @Option(names = "--evaluate-model", paramLabel = "DIR", description = "do not train: open any model folder "
                + "(MXNet, TorchScript, ONNX) and print its clean top-1 accuracy on --eval-samples held-out renders "
                + "(own textures) of --held-out-seed at its input size")
        List<Path> evaluateModels = new ArrayList<>();
    }

    /** The recipe ids, for help and validation. */
    static final class RecipeIds extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        RecipeIds() {
            Recipes.ALL.forEach(r -> add(r.id()));
        }
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        Arguments a = new Arguments();
        CommandLine cli = new CommandLine(a);
        cli.setCommandName("releng/perturber train");
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("train: " + e.getMessage());
            cli.usage(System.err);
            return 2;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return EXIT_OK;
        }
        if (cli.isVersionHelpRequested()) {
            System.out.println("perturber train 0.1.0");
            return EXIT_OK;
        }
        return run(a);
    }

    private int run(Arguments a) throws Exception {
        if (a.list) {
            Recipes.ALL.forEach(r -> System.out.println(r.id() + ": " + r.describe()));
            return EXIT_OK;
        }
        List<Recipe> recipes = new ArrayList<>();
        for (String id : a.models) {
            recipes.add(Recipes.find(id).orElse(null));
            if (recipes.get(recipes.size() - 1) == null) {
                System.err.println("train: unknown model '" + id + "'; known: " + new RecipeIds());
                return 2;
            }
        }
        if (recipes.isEmpty()) {
            recipes.addAll(Recipes.ALL);
        }
        recipes.replaceAll(r -> new Recipe(r.id(), r.name(), r.architecture(), r.variant(), r.base(), r.seed(),
                a.trainSize != null ? a.trainSize : r.trainSize(), r.inputSize(), a.epochs != null ? a.epochs
                        : r.epochs(), r.batchSize(), r.learningRate(), r.shuffledFraction(), r.attack()));
        if (a.preview != null) {
            Recipe r = recipes.get(0);
            RenderedSet set = RenderedSet.render(Services.await(SceneRenderer.class, Duration.ofSeconds(30)), r.seed(),
                    48, r.inputSize(), SceneSampler.TextureMode.OWN);
            int side = r.inputSize();
            java.awt.image.BufferedImage sheet = new java.awt.image.BufferedImage(12 * side, 4 * side,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < set.size(); i++) {
                sheet.setRGB((i % 12) * side, (i / 12) * side, side, side, set.image(i).toPackedRgb(), 0, side);
            }
            javax.imageio.ImageIO.write(sheet, "png", a.preview.toFile());
            System.out.println("train: wrote " + a.preview + " (the first 48 training samples of " + r.id()
                    + "; columns are the 12 classes)");
            return EXIT_OK;
        }
        if (a.seed != null && a.exportSet == null) {
            System.err.println("train: --seed only applies with --export-set (the recipes fix their seeds)");
            return 2;
        }
        if (a.exportSet != null && !a.evaluateModels.isEmpty()) {
            System.err.println("train: give --export-set or --evaluate-model, not both");
            return 2;
        }
        if (a.exportSet != null) {
            return exportSet(recipes.get(0), a);
        }
        if (!a.evaluateModels.isEmpty()) {
            return evaluateModels(a);
        }
        Path models = a.modelsDir != null ? a.modelsDir : Path.of(System.getProperty("perturber.models", "models"));
        Files.createDirectories(models);
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        System.out.println("train: models in " + models.toAbsolutePath() + ", checkpoints in " + a.workDir);
        ModelTraining training = new ModelTraining(renderer, new ModelTraining.Options(models, a.workDir,
                a.evalSamples, a.attackSamples), line -> {
                    System.out.println(line);
                    System.out.flush();
                });
        long t0 = System.nanoTime();
        for (Recipe r : recipes) {
            if (a.evaluateOnly) {
                evaluate(renderer, models.resolve(r.id()), r, a);
                continue;
            }
            if (a.fresh) {
                deleteTree(a.workDir.resolve(r.id()));
            }
            if (!training.run(r, stopped::get)) {
                return 1;
            }
        }
        System.out.println(String.format(Locale.ROOT, "train: done in %.1f min", (System.nanoTime() - t0) / 60e9));
        return EXIT_OK;
    }

    private static int exportSet(Recipe r, Arguments a) throws Exception {
        long seed = a.seed != null ? a.seed : r.seed();
        if (seed == a.heldOutSeed) {
            System.err.println("train: --seed and --held-out-seed are both " + seed + "; a held-out set needs "
                    + "another seed");
            return 2;
        }
        SetExport.Request request = new SetExport.Request(r, r.inputSize(), List.of(new SetExport.Part(
                SetExport.TRAIN, seed, r.trainSize(), r.shuffledFraction()), new SetExport.Part(SetExport.HELD_OUT,
                        a.heldOutSeed, a.evalSamples, 0)));
        List<String> problems = SetExport.problems(request, a.exportSet);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("train: --export-set: " + p));
            return 2;
        }
        System.out.println(String.format(Locale.ROOT, "train: exporting %s's sampler to %s: %d training samples "
                + "(seed %d), %d held-out (seed %d), %dx%d", r.id(), a.exportSet, r.trainSize(), seed,
                a.evalSamples, a.heldOutSeed, r.inputSize(), r.inputSize()));
        long t0 = System.nanoTime();
        SetExport.write(Services.await(SceneRenderer.class, Duration.ofSeconds(30)), request, a.exportSet, line -> {
            System.out.println(line);
            System.out.flush();
        });
        System.out.println(String.format(Locale.ROOT, "train: wrote %s in %.1f min", a.exportSet, (System.nanoTime()
                - t0) / 60e9));
        return EXIT_OK;
    }

    /** Clean top-1 accuracy of each folder, opened as the workbench opens it; exit 1 if one fails. */
    private static int evaluateModels(Arguments a) throws Exception {
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Map<Integer, RenderedSet> sets = new HashMap<>();
        int failed = 0;
        for (Path dir : a.evaluateModels) {
            LoadedModel model;
            try {
                model = inference.load(dir).get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                System.err.println("train: cannot open " + dir + ": " + cause.getMessage());
                failed++;
                continue;
            }
            try {
                int size = model.descriptor().inputWidth();
                RenderedSet set = sets.computeIfAbsent(size, s -> RenderedSet.render(renderer, a.heldOutSeed,
                        a.evalSamples, s, SceneSampler.TextureMode.OWN));
                int correct = ModelEvaluation.correct(inference, model, set);
                System.out.println(String.format(Locale.ROOT, "%s (%s, %s): clean top-1 %.2f%% (%d/%d) on held-out "
                        + "renders, seed %d, %dx%d", dir, model.descriptor().id(), model.backend(), 100.0 * correct
                                / set.size(), correct, set.size(), a.heldOutSeed, size, size));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                System.err.println("train: " + dir + " failed: " + cause.getMessage());
                failed++;
            } finally {
                inference.unload(model);
            }
        }
        return failed == 0 ? EXIT_OK : 1;
    }

    private static void evaluate(SceneRenderer renderer, Path dir, Recipe recipe, Arguments a) throws Exception {
        System.out.println("== evaluating " + dir);
        double seconds = Files.exists(dir.resolve(ModelCard.EVALUATION)) ? ModelCard.read(dir).trainingSeconds() : 0;
        try (Model model = new MxnetModelBackend().open(dir)) {
            ModelEvaluation.Result result = ModelEvaluation.evaluate(model, renderer, Recipes.HELD_OUT_SEED,
                    a.evalSamples, Recipes.EVALUATION_ATTACK, a.attackSamples, System.out::println);
            ModelCard.write(dir, recipe, result, seconds);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    public void stop() {
        stopped.set(true);
    }
}
