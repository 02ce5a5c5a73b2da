package org.perturber.backend.pytorch.internal;

import static org.perturber.core.model.ModelLoadException.firstLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.ModelTensors;
import org.perturber.core.model.StageTimings;
import org.perturber.djl.Djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A TorchScript network loaded through DJL's PyTorch engine. Its {@code forward(x)} returns the tuple that
 * model.json's {@code outputs} names (the logits and the exposed layers' activations). Gradients come from the
 * module's own {@code gradients(x, classes, loss)} method, which releng/export-model scripts into it: it enables
 * autograd itself and runs the network in eval mode (BatchNorm's running statistics, no dropout), so gradients are
 * those of the function the predictions come from; DJL's own training path would switch the module to train mode.
 * A network without that method gives predictions and activations only. Input gradients of a {@link LayerObjective}
 * (feature visualization) come from {@code objective_gradients(x, layer, weights, centre)}, which exports since
 * then hold; an older network.pt lacks it and so the capability. Calls are serialised per model; each call works in
 * its own NDManager, so native memory is freed when it returns.
 */
public final class TorchScriptModel implements org.perturber.core.model.Model {
    /** The exporter's gradient method: gradients(x, classes, loss) -> [outputs..., d/dx, d/d layers...]. */
    static final String GRADIENTS = "gradients";
    /**
     * The exporter's objective method: objective_gradients(x, layer, weights, centre) -> [outputs..., d/dx], layer
     * the index of the pooled output in forward's tuple.
     */
    static final String OBJECTIVE_GRADIENTS = "objective_gradients";

    private final ModelFolder folder;
    private final Model model;
    private final PtSymbolBlock block;
    private final ModelDescriptor descriptor;
    private final int logitsIndex;
    /** Each output's channel count (classes for the logits), from the load probe: objectives are checked on it. */
    private final Map<String, Integer> channels = new LinkedHashMap<>();
    private boolean closed;

    private TorchScriptModel(ModelFolder folder, Model model, boolean gradients, boolean objectives) {
        this.folder = folder;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        Set<ModelCapability> can = EnumSet.of(ModelCapability.PREDICTIONS, ModelCapability.ACTIVATIONS);
        if (gradients) {
            can.add(ModelCapability.INPUT_GRADIENTS);
            can.add(ModelCapability.LAYER_GRADIENTS);
        }
        if (objectives) {
            can.add(ModelCapability.OBJECTIVE_GRADIENTS);
        }
        this.descriptor = folder.descriptor().withCapabilities(can);
        this.logitsIndex = folder.outputs().indexOf(folder.logits());
    }

    /** Loads and probes the network; call through {@link Djl#call}. */
    public static TorchScriptModel load(ModelFolder folder, Path network, Device device) throws Exception {
        checkArchive(network);
        Model model = Model.newInstance(folder.descriptor().id(), device, "PyTorch");
        boolean gradients;
        boolean objectives;
        try {
            // trainParam: parameters are loaded as ordinary tensors, not inference tensors, so that the gradient
            // method can differentiate through them
            model.load(network.getParent(), network.getFileName().toString(), Map.of("trainParam", "true"));
            List<String> methods = Arrays.asList(JniUtils.getMethodNames((PtSymbolBlock) model.getBlock()));
            gradients = methods.contains(GRADIENTS);
            // objective gradients answer requests for input gradients, so they need gradients() beside them
            objectives = gradients && methods.contains(OBJECTIVE_GRADIENTS);
        } catch (Exception | Error e) {
            model.close();
            throw new ModelLoadException(network, "not a TorchScript network libtorch can load: "
                    + firstLine(e.getMessage()), e);
        }
        TorchScriptModel loaded = new TorchScriptModel(folder, model, gradients, objectives);
        try {
            loaded.probe(network);
        } catch (ModelLoadException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    /** TorchScript files are zip archives: anything else is refused before libtorch parses it. */
    private static void checkArchive(Path network) throws ModelLoadException {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(network)) {
            if (in.readNBytes(magic, 0, 4) < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3
                    || magic[3] != 4) {
                throw new ModelLoadException(network, "not a TorchScript file (TorchScript files are zip archives "
                        + "saved by torch.jit.save)");
            }
        } catch (IOException e) {
            throw new ModelLoadException(network, "unreadable: " + e.getMessage(), e);
        }
    }

    /** One forward pass (and one gradient pass) on a grey image: shapes, outputs and labels must fit model.json. */
    private void probe(Path network) throws ModelLoadException {
        RgbImage grey = RgbImage.filled(descriptor.inputWidth(), descriptor.inputHeight(), 0.5f, 0.5f, 0.5f);
        InferenceRequest request = InferenceRequest.predictions(1).withActivations(
                descriptor.layers().stream().map(l -> l.id()).collect(java.util.stream.Collectors.toSet()));
        InferenceResult result;
        try {
            result = infer(grey, request);
            channels.put(LayerObjective.LOGITS, result.logits().length);
            result.activations().forEach((layer, a) -> channels.put(layer, a.channels()));
            if (descriptor.can(ModelCapability.INPUT_GRADIENTS)) {
                infer(grey, request.withGradient(GradientTarget.classScore(0)).withGradientLayers(request
                        .activationLayers()));
            }
            if (descriptor.can(ModelCapability.OBJECTIVE_GRADIENTS)) {
                String last = descriptor.layers().isEmpty() ? LayerObjective.LOGITS : descriptor.layers().get(
                        descriptor.layers().size() - 1).id();
                infer(grey, InferenceRequest.predictions(0).withGradient(GradientTarget.objective(LayerObjective
                        .channel(last, channels.get(last), 0, LayerObjective.Pooling.CENTRE))));
            }
        } catch (RuntimeException e) {
            throw new ModelLoadException(network, "does not run as model.json describes it (" + descriptor
                    .inputWidth() + "x" + descriptor.inputHeight() + " input, outputs " + folder.outputs() + "): "
                    + firstLine(e.getMessage()), e);
        }
        folder.checkClassCount(result.probabilities().length);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        return inferBatch(List.of(input), request).get(0);
    }

    @Override
    public List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        descriptor.checkCanAnswer(request);
        inputs.forEach(descriptor::checkInputSize);
        request.activationLayers().forEach(descriptor::layer); // unknown layer: a clear InferenceException
        request.gradientLayers().forEach(descriptor::layer);
        if (request.gradient() != null && request.gradient().kind() == GradientTarget.Kind.OBJECTIVE) {
            checkObjective(request, inputs.size());
        } else if (request.gradient() != null) {
            int classes = descriptor.labels().size();
            int c = request.gradient().classIndex();
            if (c < 0 || c >= classes) {
                throw new InferenceException("class index " + c + " outside 0.." + (classes - 1));
            }
        }
        return Djl.get(() -> run(inputs, request));
    }

    /** Refuses, in words, an objective this model cannot take for a batch of {@code n}. */
    private void checkObjective(InferenceRequest request, int n) {
        if (!request.gradientLayers().isEmpty()) {
            throw new InferenceException("layer gradients of an objective are not computed; ask for input gradients"
                    + " only");
        }
        LayerObjective objective = request.gradient().objective();
        if (!objective.logits()) {
            descriptor.layer(objective.layer()); // unknown layer: a clear InferenceException
        }
        Integer has = channels.get(objective.layer());
        if (has != null && has != objective.channels()) { // null: during the probe, which asks for known counts
            throw new InferenceException("objective on " + objective.layer() + " has weights for " + objective
                    .channels() + " channels; the layer has " + has);
        }
        objective.weightsFor(n); // rows that do not fit the batch: a clear InferenceException
    }

    private synchronized List<InferenceResult> run(List<RgbImage> inputs, InferenceRequest request) {
        if (closed) {
            throw new InferenceException("model " + descriptor.id() + " has been unloaded");
        }
        int n = inputs.size();
        int w = descriptor.inputWidth();
        int h = descriptor.inputHeight();
        long t0 = System.nanoTime();
        try (PtNDManager manager = (PtNDManager) model.getNDManager().newSubManager()) {
            PtNDArray x = (PtNDArray) manager.create(ModelTensors.toNormalizedBatch(inputs, descriptor
                    .normalization()), new Shape(n, 3, h, w));
            long t1 = System.nanoTime();
            List<PtNDArray> outputs;
            List<PtNDArray> gradients = List.of();
            if (request.gradient() == null) {
                outputs = forward(manager, x);
            } else if (request.gradient().kind() == GradientTarget.Kind.OBJECTIVE) {
                List<PtNDArray> all = objectiveGradients(manager, x, request.gradient().objective());
                outputs = all.subList(0, folder.outputs().size());
                gradients = all.subList(folder.outputs().size(), all.size());
            } else {
                long[] classes = new long[n];
                Arrays.fill(classes, request.gradient().classIndex());
                List<PtNDArray> all = gradients(manager, x, manager.create(classes), request.gradient()
                        .kind() == GradientTarget.Kind.LOSS);
                outputs = all.subList(0, folder.outputs().size());
                gradients = all.subList(folder.outputs().size(), all.size());
            }
            // copy out only what was asked for: a large layer's values are a noticeable part of a small network's time
            float[] logits = outputs.get(logitsIndex).toFloatArray();
            long[] logitsShape = outputs.get(logitsIndex).getShape().getShape();
            if (logitsShape.length != 2 || logitsShape[0] != n) {
                throw new InferenceException("output '" + folder.logits() + "' has shape " + Arrays.toString(
                        logitsShape) + "; logits must be [batch, classes]");
            }
            Map<String, float[]> layerValues = new LinkedHashMap<>();
            Map<String, long[]> layerShapes = new LinkedHashMap<>();
            for (String layer : request.activationLayers()) {
                PtNDArray a = outputs.get(folder.outputs().indexOf(layer));
                layerValues.put(layer, a.toFloatArray());
                layerShapes.put(layer, a.getShape().getShape());
            }
            float[] inputGradient = gradients.isEmpty() ? null : gradients.get(0).toFloatArray();
            Map<String, float[]> layerGradientValues = new LinkedHashMap<>();
            for (String layer : request.gradientLayers()) {
                // d/d layers follow d/dx in the order of the non-logits outputs
                int index = 1 + nonLogitsIndex(layer);
                layerGradientValues.put(layer, gradients.get(index).toFloatArray());
                layerShapes.putIfAbsent(layer, outputs.get(folder.outputs().indexOf(layer)).getShape().getShape());
            }
            long t2 = System.nanoTime();
            int classes = (int) logitsShape[1];
            int plane = 3 * w * h;
            List<InferenceResult> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                RgbImage gradient = inputGradient == null ? null : ModelTensors.inputGradient(inputGradient,
                        i * plane, w, h, descriptor.normalization());
                results.add(ModelTensors.result(descriptor, request.topK(), logits, classes, i, ModelTensors
                        .activations(layerValues, layerShapes, i), gradient, ModelTensors.activations(
                                layerGradientValues, layerShapes, i)));
            }
            long t3 = System.nanoTime();
            StageTimings each = new StageTimings(0, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
            return results.stream().map(r -> r.withTimings(each)).toList();
        }
    }

    private int nonLogitsIndex(String layer) {
        int index = 0;
        for (String output : folder.outputs()) {
            if (output.equals(layer)) {
                return index;
            }
            if (!output.equals(folder.logits())) {
                index++;
            }
        }
        throw new InferenceException("no output '" + layer + "'");
    }

    /** forward(x): a tuple of the outputs model.json names (or one tensor when it names one). */
    private List<PtNDArray> forward(PtNDManager manager, PtNDArray x) {
        try (IValue in = IValue.from(x); IValue out = block.forward(in)) {
            List<PtNDArray> tensors = new ArrayList<>();
            if (out.isTensor() && folder.outputs().size() == 1) {
                tensors.add(out.toTensor(manager));
            } else if (out.isTuple()) {
                IValue[] items = out.toIValueTuple();
                try {
                    for (IValue item : items) {
                        if (!item.isTensor()) {
                            throw new InferenceException("forward returns a tuple holding a " + item.getType()
                                    + "; every output must be a tensor");
                        }
                        tensors.add(item.toTensor(manager));
                    }
                } finally {
                    Arrays.stream(items).forEach(IValue::close);
                }
            } else {
                throw new InferenceException("forward returns " + out.getType() + ", not the tuple of "
                        + folder.outputs().size() + " tensors that model.json's \"outputs\" names");
            }
            checkCount(tensors.size(), folder.outputs().size(), "forward");
            return tensors;
        }
    }

    /**
     * gradients(x, classes, loss): [outputs..., d objective / d x, d objective / d each layer output].
     */
    private List<PtNDArray> gradients(PtNDManager manager, PtNDArray x, ai.djl.ndarray.NDArray classes,
            boolean loss) {
        List<PtNDArray> tensors = withAutograd(manager, GRADIENTS, x, classes, manager.create(new float[] { loss
                ? 1f : 0f }));
        checkCount(tensors.size(), 2 * folder.outputs().size(), GRADIENTS);
        return tensors;
    }

    /**
     * objective_gradients(x, layer, weights, centre): [outputs..., d objective / d x] for the whole batch in one
     * forward and one backward pass. The module runs in eval mode, so samples do not interact and each sample's
     * gradient is that of its own row of weights.
     */
    private List<PtNDArray> objectiveGradients(PtNDManager manager, PtNDArray x, LayerObjective objective) {
        int n = (int) x.getShape().get(0);
        // the index in forward's tuple, which is how the method finds the pooled output
        int output = objective.logits() ? logitsIndex : folder.outputs().indexOf(objective.layer());
        if (output < 0) {
            throw new InferenceException("no output '" + objective.layer() + "' in model.json's \"outputs\" "
                    + folder.outputs());
        }
        List<PtNDArray> tensors = withAutograd(manager, OBJECTIVE_GRADIENTS, x, manager.create(new long[] {
            output }), manager.create(objective.weightsFor(n), new Shape(n, objective.channels())), manager.create(
                    new float[] { objective.pooling() == LayerObjective.Pooling.CENTRE ? 1f : 0f }));
        checkCount(tensors.size(), folder.outputs().size() + 1, OBJECTIVE_GRADIENTS);
        return tensors;
    }

    /**
     * Calls one of the module's methods through DJL's NDList path with training=true, the one public route that
     * runs a method with autograd on (the IValue path runs in inference mode, where nothing can be differentiated);
     * unlike DJL's Block.forward it does not switch the module to train mode, so BatchNorm and Dropout keep their
     * inference behaviour. An array named "module_method:NAME" selects the method.
     */
    private List<PtNDArray> withAutograd(PtNDManager manager, String name, ai.djl.ndarray.NDArray... arguments) {
        ai.djl.ndarray.NDArray method = manager.create(0f);
        method.setName("module_method:" + name);
        ai.djl.ndarray.NDList in = new ai.djl.ndarray.NDList(arguments);
        in.add(method);
        ai.djl.ndarray.NDList out;
        // libtorch 2.7's graph executor optimiser, once it has profiled the method, gives gradients that depend on
        // the rest of the batch and miss central finite differences (measured: TorchScriptGradientTest); the
        // setting is per thread, so it is switched off around this call only
        JniUtils.setGraphExecutorOptimize(false);
        try {
            out = IValueUtils.forward(block, in, true);
        } finally {
            JniUtils.setGraphExecutorOptimize(!"false".equals(System.getProperty("ai.djl.pytorch.graph_optimizer")));
        }
        return out.stream().map(a -> (PtNDArray) a).toList();
    }

    private void checkCount(int got, int expected, String method) {
        if (got != expected) {
            throw new InferenceException(method + " returns " + got + " tensors; model.json's \"outputs\" "
                    + folder.outputs() + " needs " + expected);
        }
    }


    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Djl.get(() -> {
                model.close();
                return null;
            });
        }
    }
}
