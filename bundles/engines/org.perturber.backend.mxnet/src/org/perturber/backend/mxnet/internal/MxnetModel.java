package org.perturber.backend.mxnet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturber.backend.mxnet.DjlRuntime;
import org.perturber.backend.mxnet.ModelDirectory;
import org.perturber.backend.mxnet.export.ParamsFile;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.ModelTensors;
import org.perturber.core.model.StageTimings;

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

/**
 * An MXNet symbolic model loaded through DJL. Predictions run the loaded graph (a cached operator: fast);
 * activations run a copy of the graph with the requested layers as extra outputs; input gradients run a copy whose
 * batch normalisation uses running statistics, in training mode (see {@link SymbolGraph}). All copies share the
 * model's weight arrays. Each call works in its own NDManager, so native memory is freed when it returns. Calls are
 * serialised per model (one MXNet graph is not safe for concurrent use); two models run in parallel.
 */
public final class MxnetModel implements org.perturber.core.model.Model {
    private final ModelDescriptor descriptor;
    private final Model model;
    private final SymbolGraph graph;
    private final Map<List<String>, MxSymbolBlock> activationGraphs = new HashMap<>();
    private final Map<List<List<String>>, MxSymbolBlock> gradientGraphs = new HashMap<>();
    /** Output shapes of probed layers, for the probes' zero offsets. */
    private final Map<String, Shape> layerShapes = new HashMap<>();
    private boolean closed;

    private MxnetModel(ModelDescriptor descriptor, Model model, SymbolGraph graph) {
        this.descriptor = descriptor;
        this.model = model;
        this.graph = graph;
    }

    /** Validates and loads the model; call through {@link DjlRuntime#call}. */
    public static MxnetModel load(ModelDirectory dir, Device device) throws Exception {
        Path symbolFile = dir.symbolFile();
        Path paramsFile = dir.paramsFile();
        SymbolGraph graph = new SymbolGraph(Files.readString(symbolFile));
        Map<String, ParamsFile.Entry> params;
        try {
            params = ParamsFile.inspect(paramsFile);
        } catch (IOException e) {
            throw new ModelLoadException(paramsFile, e.getMessage(), e);
        }
        for (String variable : graph.variables()) {
            if (!variable.equals("data") && !params.containsKey("arg:" + variable)
                    && !params.containsKey("aux:" + variable) && !params.containsKey(variable)) {
                throw new ModelLoadException(paramsFile, "has no values for parameter '" + variable + "' of "
                        + symbolFile.getFileName() + ": the two files do not belong together");
            }
        }
        for (LayerInfo layer : dir.descriptor().layers()) {
            if (graph.node(layer.id()) < 0) {
                throw new ModelLoadException(dir.directory().resolve(ModelDirectory.DESCRIPTOR), "exposes layer '"
                        + layer.id() + "', which " + symbolFile.getFileName() + " does not have");
            }
        }
        Model model = Model.newInstance(dir.descriptor().id(), device, DjlRuntime.ENGINE);
        try {
            // the epoch explicitly: without it DJL loads the highest-numbered params file, not the one checked above
            model.load(dir.directory(), dir.prefix(), Map.of("epoch", Integer.toString(ModelDirectory.EPOCH)));
        } catch (Exception | Error e) {
            model.close();
            throw new ModelLoadException(paramsFile, "MXNet refused the model: " + e.getMessage(), e);
        }
        MxnetModel loaded = new MxnetModel(dir.descriptor(), model, graph);
        loaded.probe(dir);
        return loaded;
    }

    /** One forward pass on a blank image: checks that shapes fit and that the labels match the outputs. */
    private void probe(ModelDirectory dir) throws ModelLoadException {
        int outputs;
        try {
            outputs = predictions(RgbImage.filled(descriptor.inputWidth(), descriptor.inputHeight(), 0.5f, 0.5f,
                    0.5f)).length;
        } catch (RuntimeException e) {
            close();
            throw new ModelLoadException(dir.paramsFile(),
                    "the network does not run on " + descriptor.inputWidth() + "x" + descriptor.inputHeight()
                            + " inputs with these parameters: " + e.getMessage(), e);
        }
        if (outputs != descriptor.labels().size()) {
            close();
            throw new ModelLoadException(dir.labelsFile(), "has " + descriptor.labels().size()
                    + " labels but the network has " + outputs + " outputs");
        }
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        if (request.gradient() != null && request.gradient().kind() == GradientTarget.Kind.OBJECTIVE) {
            return inferBatch(List.of(input), request).get(0);
        }
        descriptor.checkInputSize(input);
        for (String layer : request.activationLayers()) {
            descriptor.layer(layer); // unknown layer: a clear InferenceException
        }
        return DjlRuntime.get(() -> inferSerially(input, request));
    }

    @Override
    public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        if (request.gradient() != null && request.gradient().kind() == GradientTarget.Kind.OBJECTIVE) {
            inputs.forEach(descriptor::checkInputSize);
            request.activationLayers().forEach(descriptor::layer);
            if (!request.gradientLayers().isEmpty()) {
                throw new InferenceException("layer gradients of an objective are not computed; ask for input"
                        + " gradients only");
            }
            LayerObjective objective = request.gradient().objective();
            if (!objective.logits()) {
                descriptor.layer(objective.layer());
            }
            objective.weightsFor(inputs.size()); // rows that do not fit the batch: a clear InferenceException
            return DjlRuntime.get(() -> objectiveSerially(inputs, request));
        }
        if (!request.activationLayers().isEmpty() || request.gradient() != null || inputs.size() <= 1) {
            return org.perturber.core.model.Model.super.inferBatch(inputs, request);
        }
        inputs.forEach(descriptor::checkInputSize);
        return DjlRuntime.get(() -> batchSerially(inputs, request.topK()));
    }


    private synchronized InferenceResult inferSerially(RgbImage input, InferenceRequest request) {
        ensureOpen();
        long t0 = System.nanoTime();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(ModelTensors.toNormalizedChw(input, descriptor.normalization()),
                    new Shape(1, 3, input.height(), input.width()));
            long t1 = System.nanoTime();
            List<String> layers = request.activationLayers().stream().sorted().toList();
            NDList out;
            RgbImage gradient = null;
            Map<String, Activation> layerGradients = new LinkedHashMap<>();
            if (request.gradient() == null) {
                MxSymbolBlock block = layers.isEmpty() ? null : activationGraph(layers);
                out = block == null ? model.getBlock().forward(new ParameterStore(manager, false), new NDList(x),
                        false) : block.forward(new ParameterStore(manager, false), new NDList(x), false);
            } else {
                // one pass: the gradient graph computes the same function, so its outputs serve as predictions
                // and activations too
                NDList[] outputs = new NDList[1];
                List<String> probes = request.gradientLayers().stream().sorted().toList();
                probes.forEach(descriptor::layer); // unknown layer: a clear InferenceException
                gradient = gradient(manager, x, request.gradient(), layers, probes, outputs, layerGradients);
                out = outputs[0];
            }
            float[] logits = out.get(0).toFloatArray();
            // all outputs: the load probe compares them to the labels
            float[] p = ModelTensors.softmax(logits, 0, logits.length);
            long t2 = System.nanoTime();
            Map<String, Activation> activations = new LinkedHashMap<>();
            for (int i = 0; i < layers.size(); i++) {
                activations.put(layers.get(i), activation(layers.get(i), out.get(i + 1)));
            }
            InferenceResult result = new InferenceResult(p, InferenceResult.topK(p, descriptor.labels(),
                    request.topK()), activations, gradient, null, layerGradients, logits);
            long t3 = System.nanoTime();
            return result.withTimings(new StageTimings(0, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6));
        }
    }

    private synchronized List<InferenceResult> batchSerially(List<RgbImage> inputs, int topK) {
        ensureOpen();
        long t0 = System.nanoTime();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            float[] all = ModelTensors.toNormalizedBatch(inputs, descriptor.normalization());
            NDArray x = manager.create(all, new Shape(inputs.size(), 3, descriptor.inputHeight(),
                    descriptor.inputWidth()));
            long t1 = System.nanoTime();
            float[] logits = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .get(0).toFloatArray();
            int n = logits.length / inputs.size();
            float[] p = new float[logits.length];
            for (int i = 0; i < inputs.size(); i++) {
                System.arraycopy(ModelTensors.softmax(logits, i * n, n), 0, p, i * n, n);
            }
            long t2 = System.nanoTime();
            int classes = p.length / inputs.size();
            List<InferenceResult> results = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                float[] one = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                results.add(new InferenceResult(one, InferenceResult.topK(one, descriptor.labels(), topK), Map.of(),
                        null, null, Map.of(), java.util.Arrays.copyOfRange(logits, i * classes, (i + 1) * classes)));
            }
            long t3 = System.nanoTime();
            StageTimings each = new StageTimings(0, (t1 - t0) / 1e6 / inputs.size(), (t2 - t1) / 1e6 / inputs.size(),
                    (t3 - t2) / 1e6 / inputs.size());
            return results.stream().map(r -> r.withTimings(each)).toList();
        }
    }

    /**
     * A batch's input gradients of a {@link LayerObjective} in one forward and one backward pass. The gradient graph
     * normalises with running statistics, so batch items do not interact and each item's gradient is that of its own
     * row of the objective.
     */
    private synchronized List<InferenceResult> objectiveSerially(List<RgbImage> inputs, InferenceRequest request) {
        ensureOpen();
        LayerObjective objective = request.gradient().objective();
        int n = inputs.size();
        int w = descriptor.inputWidth();
        int h = descriptor.inputHeight();
        java.util.SortedSet<String> wanted = new java.util.TreeSet<>(request.activationLayers());
        if (!objective.logits()) {
            wanted.add(objective.layer());
        }
        List<String> layers = List.copyOf(wanted);
        long t0 = System.nanoTime();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(ModelTensors.toNormalizedBatch(inputs, descriptor.normalization()), new Shape(
                    n, 3, h, w));
            x.setName("data");
            x.setRequiresGradient(true);
            long t1 = System.nanoTime();
            NDList out;
            float[] g;
            try (GradientCollector collector = Engine.getEngine(DjlRuntime.ENGINE).newGradientCollector()) {
                out = gradientGraph(layers, List.of()).forward(new ParameterStore(manager, false), new NDList(x),
                        true);
                NDArray target = objective.logits() ? out.get(0) : out.get(1 + layers.indexOf(objective.layer()));
                long[] shape = target.getShape().getShape();
                if (shape[1] != objective.channels()) {
                    throw new InferenceException("objective on " + objective.layer() + " has weights for "
                            + objective.channels() + " channels; the layer has " + shape[1]);
                }
                NDArray pooled = shape.length == 2 ? target
                        : objective.pooling() == LayerObjective.Pooling.MEAN ? target.mean(new int[] { 2, 3 })
                                : target.get(":, :, " + shape[2] / 2 + ", " + shape[3] / 2);
                NDArray weights = manager.create(objective.weightsFor(n), new Shape(n, objective.channels()));
                collector.backward(pooled.mul(weights).sum());
                g = x.getGradient().toFloatArray();
            }
            float[] logits = out.get(0).toFloatArray();
            int classes = logits.length / n;
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (String layer : request.activationLayers()) {
                NDArray a = out.get(1 + layers.indexOf(layer));
                values.put(layer, a.toFloatArray());
                shapes.put(layer, a.getShape().getShape());
            }
            long t2 = System.nanoTime();
            List<InferenceResult> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(ModelTensors.result(descriptor, request.topK(), logits, classes, i, ModelTensors
                        .activations(values, shapes, i), ModelTensors.inputGradient(g, i * 3 * w * h, w, h,
                                descriptor.normalization()), Map.of()));
            }
            long t3 = System.nanoTime();
            StageTimings each = new StageTimings(0, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
            return results.stream().map(r -> r.withTimings(each)).toList();
        }
    }

    /** Probabilities only: what the load-time probe needs. */
    private float[] predictions(RgbImage input) {
        return DjlRuntime.get(() -> inferSerially(input, InferenceRequest.predictions(0))).probabilities();
    }

    private RgbImage gradient(NDManager manager, NDArray normalised, GradientTarget target, List<String> layers,
            List<String> probes, NDList[] outputs, Map<String, Activation> layerGradients) {
        int classes = descriptor.labels().size();
        if (target.classIndex() < 0 || target.classIndex() >= classes) {
            throw new InferenceException("class index " + target.classIndex() + " outside 0.." + (classes - 1));
        }
        NDArray x = normalised.duplicate();
        x.setName("data");
        x.setRequiresGradient(true);
        NDList inputs = new NDList(x);
        List<NDArray> offsets = new java.util.ArrayList<>();
        for (String layer : probes) {
            NDArray offset = manager.zeros(layerShape(manager, normalised, layer));
            offset.setName(SymbolGraph.probeOffset(layer));
            offset.setRequiresGradient(true);
            offsets.add(offset);
            inputs.add(offset);
        }
        float[] g;
        try (GradientCollector collector = Engine.getEngine(DjlRuntime.ENGINE).newGradientCollector()) {
            NDList out = gradientGraph(layers, probes).forward(new ParameterStore(manager, false), inputs, true);
            outputs[0] = out;
            NDArray logits = out.get(0);
            NDArray objective = target.kind() == GradientTarget.Kind.CLASS_SCORE
                    ? logits.get(0, target.classIndex())
                    : logits.logSoftmax(-1).get(0, target.classIndex()).neg();
            collector.backward(objective);
            g = x.getGradient().toFloatArray();
            for (int i = 0; i < probes.size(); i++) {
                layerGradients.put(probes.get(i), activation(probes.get(i), offsets.get(i).getGradient()));
            }
        }
        return ModelTensors.inputGradient(g, 0, descriptor.inputWidth(), descriptor.inputHeight(),
                descriptor.normalization());
    }

    private Activation activation(String layer, NDArray a) {
        long[] s = a.getShape().getShape();
        float[] v = a.toFloatArray();
        return switch (s.length) {
        case 4 -> new Activation(layer, (int) s[1], (int) s[2], (int) s[3], v);
        case 2 -> new Activation(layer, (int) s[1], 1, 1, v);
        default -> throw new InferenceException("layer " + layer + " has an output of shape " + a.getShape());
        };
    }

    private MxSymbolBlock activationGraph(List<String> layers) {
        return activationGraphs.computeIfAbsent(layers, l -> sharing(graph.withOutputs(l)));
    }

    private MxSymbolBlock gradientGraph(List<String> layers, List<String> probes) {
        return gradientGraphs.computeIfAbsent(List.of(layers, probes), k -> {
            SymbolGraph g = new SymbolGraph(graph.withGlobalBatchNormStatistics());
            if (!probes.isEmpty()) {
                g = g.withProbes(probes);
            }
            MxSymbolBlock block = sharing(g.withOutputs(layers), probes.stream().map(SymbolGraph::probeOffset)
                    .toList());
            block.freezeParameters(true); // gradients with respect to the inputs only
            return block;
        });
    }

    /** A layer's output shape for one input (from one forward pass, then remembered). */
    private Shape layerShape(NDManager manager, NDArray x, String layer) {
        return layerShapes.computeIfAbsent(layer, l -> activationGraph(List.of(l)).forward(new ParameterStore(
                manager, false), new NDList(x), false).get(1).getShape());
    }

    /** A block for an edited copy of the graph that uses the loaded model's weight arrays. */
    private MxSymbolBlock sharing(String json) {
        return sharing(json, List.of());
    }

    /** As {@link #sharing(String)}, with more data inputs than "data" (the probes' offsets). */
    private MxSymbolBlock sharing(String json, List<String> extraInputs) {
        MxNDManager manager = (MxNDManager) model.getNDManager();
        MxSymbolBlock block = new MxSymbolBlock(manager, Symbol.loadJson(manager, json));
        List<String> inputs = new java.util.ArrayList<>(List.of("data"));
        inputs.addAll(extraInputs);
        block.setInputNames(inputs);
        Map<String, Parameter> loaded = new HashMap<>();
        for (var p : model.getBlock().getParameters()) {
            loaded.put(p.getKey(), p.getValue());
        }
        for (var p : block.getParameters()) {
            Parameter source = loaded.get(p.getKey());
            if (source == null) {
                throw new InferenceException("edited graph has parameter " + p.getKey() + " the model lacks");
            }
            p.getValue().setArray(source.getArray());
        }
        return block;
    }

    private void ensureOpen() {
        if (closed) {
            throw new InferenceException("model " + descriptor.id() + " has been unloaded");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            DjlRuntime.get(() -> {
                model.close();
                return null;
            });
        }
    }
}
