package org.perturber.training.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.perturber.backend.mxnet.DjlRuntime;
import org.perturber.backend.mxnet.export.ParamsFile;
import org.perturber.backend.mxnet.internal.SymbolGraph;
import org.perturber.core.model.Normalization;
import org.perturber.training.Recipe;
import org.perturber.training.RenderedSet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.mxnet.engine.Symbol;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

/**
 * Trains an MXNet symbolic model in place with DJL: the model directory's graph runs as a cached operator in
 * training mode under autograd, Adam updates the weights, and batch normalisation keeps its running statistics up
 * to date. After every epoch the weights and the optimiser state go to a checkpoint, so an interrupted run resumes
 * at the last finished epoch and ends with the same weights as an uninterrupted one (same data, same batch order,
 * same optimiser state).
 *
 * <p>
 * For adversarial fine-tuning, the second half of every batch is replaced by its PGD attack, computed on a copy of
 * the graph whose batch normalisation uses the running statistics (the network as it is used for inference),
 * sharing the weights being trained.
 */
public final class MxnetTrainer {
    /** What the caller learns after each epoch. */
    public record EpochReport(int epoch, double loss, double trainAccuracy, double validationAccuracy,
            double seconds) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final String STATE = "state.json";

    private final Recipe recipe;
    private final Path modelDir;
    private final Path workDir;
    private final Normalization normalization;
    private final Consumer<String> log;
    private double seconds;

    /**
     * @param modelDir a model directory with the network and its starting weights (prefix = recipe id); the
     *                 trained weights are written back into it at the end
     * @param workDir  where checkpoints live (resumed from when they belong to the same recipe)
     */
    public MxnetTrainer(Recipe recipe, Path modelDir, Path workDir, Normalization normalization,
            Consumer<String> log) {
        this.recipe = recipe;
        this.modelDir = modelDir;
        this.workDir = workDir;
        this.normalization = normalization;
        this.log = log;
    }

    /** Seconds spent in training epochs so far, over all resumed runs. */
    public double trainingSeconds() {
        return seconds;
    }

    /**
     * Trains to the recipe's last epoch, resuming from a checkpoint when there is one.
     *
     * @return true when finished, false when cancelled (the last finished epoch is checkpointed)
     */
    public boolean train(RenderedSet data, RenderedSet validation, BooleanSupplier cancelled,
            Consumer<EpochReport> reports) throws Exception {
        return DjlRuntime.call(() -> trainOnEngine(data, validation, cancelled, reports));
    }

    private boolean trainOnEngine(RenderedSet data, RenderedSet validation, BooleanSupplier cancelled,
            Consumer<EpochReport> reports) throws Exception {
        Files.createDirectories(workDir);
        try (Model model = Model.newInstance(recipe.id(), Device.cpu(), DjlRuntime.ENGINE)) {
            model.load(modelDir, recipe.id(), Map.of("trainParam", "true"));
            MxSymbolBlock block = (MxSymbolBlock) model.getBlock();
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            for (var p : block.getParameters()) {
                parameters.put(p.getKey(), p.getValue());
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            NDManager optimizerManager = model.getNDManager().newSubManager();
            AdamState adam = new AdamState(optimizerManager);
            int startEpoch = resume(parameters, adam, model.getNDManager());
            MxSymbolBlock attackGraph = recipe.attack() == null ? null : attackGraph(model, parameters);
            int stepsPerEpoch = data.size() / recipe.batchSize();
            long totalSteps = (long) stepsPerEpoch * recipe.epochs();
            Engine engine = Engine.getEngine(DjlRuntime.ENGINE);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            int h = data.resolution();
            for (int epoch = startEpoch; epoch < recipe.epochs(); epoch++) {
                long t0 = System.nanoTime();
                int[] order = permutation(data.size(), recipe.seed() * 31 + epoch);
                double lossSum = 0;
                int correct = 0;
                int seen = 0;
                for (int s = 0; s < stepsPerEpoch; s++) {
                    if (cancelled.getAsBoolean()) {
                        return false;
                    }
                    int[] indices = java.util.Arrays.copyOfRange(order, s * recipe.batchSize(), (s + 1)
                            * recipe.batchSize());
                    float progress = (float) (adam.step()) / totalSteps;
                    float lr = (float) (recipe.learningRate() * 0.5 * (1 + Math.cos(Math.PI * progress)));
                    try (NDManager step = model.getNDManager().newSubManager()) {
                        NDArray x = step.create(data.batch(indices, normalization), new Shape(indices.length, 3, h,
                                h));
                        float[] labelValues = new float[indices.length];
                        for (int i = 0; i < indices.length; i++) {
                            labelValues[i] = data.label(indices[i]);
                        }
                        NDArray y = step.create(labelValues);
                        if (attackGraph != null) {
                            x = withAttackedHalf(engine, attackGraph, step, x, y, loss, adam.step());
                        }
                        NDArray logits;
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            logits = block.forward(new ParameterStore(step, false), new NDList(x), true).head();
                            NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                            collector.backward(l);
                            lossSum += l.getFloat() * indices.length;
                        }
                        adam.nextStep();
                        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
                            if (p.getValue().requiresGradient()) {
                                NDArray w = p.getValue().getArray();
                                try (NDArray g = w.getGradient()) {
                                    adam.update(p.getKey(), w, g, lr);
                                }
                            }
                        }
                        float[] predicted = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                .toFloatArray();
                        for (int i = 0; i < indices.length; i++) {
                            correct += predicted[i] == labelValues[i] ? 1 : 0;
                        }
                        seen += indices.length;
                    }
                    if ((s + 1) % 25 == 0) {
                        double elapsed = (System.nanoTime() - t0) / 1e9;
                        log.accept(String.format(Locale.ROOT, "  epoch %d/%d  step %d/%d  loss %.3f  train acc %.1f%%"
                                + "  %.0f samples/s", epoch + 1, recipe.epochs(), s + 1, stepsPerEpoch, lossSum / seen,
                                100.0 * correct / seen, seen / elapsed));
                    }
                }
                double validationAccuracy = accuracy(block, model.getNDManager(), validation);
                seconds += (System.nanoTime() - t0) / 1e9;
                checkpoint(epoch + 1, parameters, adam);
                reports.accept(new EpochReport(epoch + 1, lossSum / seen, (double) correct / seen, validationAccuracy,
                        (System.nanoTime() - t0) / 1e9));
            }
            writeWeights(modelDir.resolve(recipe.id() + "-0000.params"), parameters);
            optimizerManager.close();
            return true;
        }
    }

    /** Replaces the second half of the batch by its PGD attack (the first half stays clean). */
    private NDArray withAttackedHalf(Engine engine, MxSymbolBlock attackGraph, NDManager step, NDArray x, NDArray y,
            Loss loss, long stepNumber) {
        int n = (int) x.getShape().get(0);
        int half = n / 2;
        NDArray clean = x.get("0:" + half);
        NDArray target = x.get(half + ":");
        NDArray targetLabels = y.get(half + ":");
        Recipe.Pgd pgd = recipe.attack();
        // pixel units to the normalised input: divide by each channel's std (all equal for the built-in models)
        float std = normalization.std()[0];
        float eps = (float) (pgd.epsilon() / std);
        float alpha = (float) (pgd.stepSize() / std);
        NDArray lo = target.sub(eps).maximum((0 - normalization.mean()[0]) / std);
        NDArray hi = target.add(eps).minimum((1 - normalization.mean()[0]) / std);
        // the random start comes from Java, seeded: MXNet's generator is not seeded, and runs must repeat
        SplittableRandom r = new SplittableRandom(recipe.seed() * 7919 + stepNumber);
        float[] start = new float[(int) target.size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) ((r.nextDouble() * 2 - 1) * eps);
        }
        NDArray adv = target.add(step.create(start, target.getShape())).maximum(lo).minimum(hi);
        for (int k = 0; k < pgd.steps(); k++) {
            adv = adv.duplicate();
            adv.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray logits = attackGraph.forward(new ParameterStore(step, false), new NDList(adv), true).head();
                collector.backward(loss.evaluate(new NDList(targetLabels), new NDList(logits)));
            }
            NDArray g = adv.getGradient();
            adv = adv.add(g.sign().mul(alpha)).maximum(lo).minimum(hi);
        }
        return clean.concat(adv.stopGradient(), 0);
    }

    private MxSymbolBlock attackGraph(Model model, Map<String, Parameter> parameters) throws IOException {
        MxNDManager manager = (MxNDManager) model.getNDManager();
        String json = new SymbolGraph(Files.readString(modelDir.resolve(recipe.id() + "-symbol.json")))
                .withGlobalBatchNormStatistics();
        MxSymbolBlock block = new MxSymbolBlock(manager, Symbol.loadJson(manager, json));
        block.setInputNames(List.of("data"));
        for (var p : block.getParameters()) {
            p.getValue().setArray(parameters.get(p.getKey()).getArray());
        }
        return block;
    }

    /** Top-1 accuracy with batch normalisation in inference mode. */
    private double accuracy(MxSymbolBlock block, NDManager parent, RenderedSet set) {
        if (set == null || set.size() == 0) {
            return Double.NaN;
        }
        int correct = 0;
        int batch = 100;
        for (int start = 0; start < set.size(); start += batch) {
            int[] indices = java.util.stream.IntStream.range(start, Math.min(set.size(), start + batch)).toArray();
            try (NDManager m = parent.newSubManager()) {
                NDArray x = m.create(set.batch(indices, normalization), new Shape(indices.length, 3, set.resolution(), set
                        .resolution()));
                float[] p = block.forward(new ParameterStore(m, false), new NDList(x), false).head().argMax(1)
                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < indices.length; i++) {
                    correct += p[i] == set.label(indices[i]) ? 1 : 0;
                }
            }
        }
        return (double) correct / set.size();
    }

    private static int[] permutation(int n, long seed) {
        int[] p = java.util.stream.IntStream.range(0, n).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Restores the newest checkpoint of this recipe, if any; returns the number of finished epochs. */
    private int resume(Map<String, Parameter> parameters, AdamState adam, NDManager manager) throws IOException {
        Path stateFile = workDir.resolve(STATE);
        if (!Files.exists(stateFile)) {
            return 0;
        }
        JsonObject state = GSON.fromJson(Files.readString(stateFile), JsonObject.class);
        if (!state.get("recipe").getAsString().equals(recipe.toString())) {
            log.accept("  checkpoint in " + workDir + " belongs to another recipe; starting afresh");
            return 0;
        }
        int epoch = state.get("epoch").getAsInt();
        seconds = state.get("seconds").getAsDouble();
        Path dir = workDir.resolve(state.get("directory").getAsString());
        Map<String, NDArray> saved = new HashMap<>();
        for (NDArray a : manager.load(dir.resolve("weights.params"))) {
            saved.put(a.getName().split(":", 2)[1], a);
        }
        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            NDArray value = saved.get(p.getKey());
            if (value == null) {
                throw new IOException(dir.resolve("weights.params") + " lacks parameter " + p.getKey());
            }
            value.copyTo(p.getValue().getArray());
            value.close();
        }
        adam.restore(dir.resolve("optimizer.params"), state.get("step").getAsLong());
        log.accept("  resumed from " + dir + " (" + epoch + " of " + recipe.epochs() + " epochs done)");
        return epoch;
    }

    /**
     * Writes weights and optimiser state into a new epoch directory, then switches state.json to it with an atomic
     * rename: a crash at any point leaves the previous checkpoint valid.
     */
    private void checkpoint(int epoch, Map<String, Parameter> parameters, AdamState adam) throws IOException {
        Path dir = workDir.resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
        Files.createDirectories(dir);
        writeWeights(dir.resolve("weights.params"), parameters);
        adam.save(dir.resolve("optimizer.params"));
        JsonObject state = new JsonObject();
        state.addProperty("recipe", recipe.toString());
        state.addProperty("epoch", epoch);
        state.addProperty("step", adam.step());
        state.addProperty("seconds", seconds);
        state.addProperty("directory", dir.getFileName().toString());
        Path tmp = workDir.resolve(STATE + ".tmp");
        Files.writeString(tmp, GSON.toJson(state));
        Files.move(tmp, workDir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path previous = workDir.resolve(String.format(Locale.ROOT, "epoch-%03d", epoch - 1));
        if (Files.isDirectory(previous)) {
            try (var files = Files.list(previous)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(previous);
        }
    }

    /** Weights in MXNet's format: trained parameters as "arg:", running statistics as "aux:". */
    private static void writeWeights(Path file, Map<String, Parameter> parameters) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            String key = (p.getValue().requiresGradient() ? "arg:" : "aux:") + p.getKey();
            NDArray a = p.getValue().getArray();
            shapes.put(key, a.getShape().getShape());
            values.put(key, a.toFloatArray());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ParamsFile.write(tmp, shapes, values);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
