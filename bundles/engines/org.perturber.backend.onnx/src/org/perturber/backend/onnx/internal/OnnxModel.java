package org.perturber.backend.onnx.internal;

import static org.perturber.core.model.ModelLoadException.firstLine;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.ModelTensors;
import org.perturber.core.model.StageTimings;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * An ONNX network run by ONNX Runtime on the CPU. Its named outputs are model.json's {@code outputs} (the logits and
 * the exposed layers); a run computes only the outputs a request needs. ONNX Runtime gives no gradients, so the
 * model says so ({@link ModelCapability}). The network is read into memory and handed to ONNX Runtime as bytes: a
 * model that refers to external data files then fails to load instead of reading files the folder does not hold.
 */
public final class OnnxModel implements org.perturber.core.model.Model {
    /** ONNX's protobuf cannot be larger; checked before the file is read. */
    static final long MAX_ONNX_BYTES = Integer.MAX_VALUE - 8;

    private final ModelFolder folder;
    private final ModelDescriptor descriptor;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private boolean closed;

    private OnnxModel(ModelFolder folder, OrtEnvironment environment, OrtSession session, String inputName) {
        this.folder = folder;
        this.descriptor = folder.descriptor().withCapabilities(EnumSet.of(ModelCapability.PREDICTIONS,
                ModelCapability.ACTIVATIONS));
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
    }

    /** ONNX Runtime's version, for the status bar. */
    public static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** Loads and probes the network. */
    public static OnnxModel load(ModelFolder folder, Path network) throws ModelLoadException {
        byte[] bytes;
        try {
            long size = Files.size(network);
            if (size > MAX_ONNX_BYTES) {
                throw new ModelLoadException(network, size + " bytes; an ONNX file holds at most 2 GiB");
            }
            bytes = Files.readAllBytes(network);
        } catch (IOException e) {
            throw new ModelLoadException(network, "unreadable: " + e.getMessage(), e);
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            session = environment.createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException(network, "ONNX Runtime refused the network: " + firstLine(e.getMessage()),
                    e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new ModelLoadException(network, "takes " + inputs.size() + " inputs " + inputs.keySet()
                        + "; an image classifier takes one [N, 3, H, W] tensor");
            }
            Set<String> missing = new LinkedHashSet<>(folder.outputs());
            missing.removeAll(session.getOutputNames());
            if (!missing.isEmpty()) {
                throw new ModelLoadException(network, "has no output named " + missing + " (model.json's "
                        + "\"outputs\"); its outputs are " + session.getOutputNames());
            }
            OnnxModel model = new OnnxModel(folder, environment, session, inputs.keySet().iterator().next());
            model.probe(network);
            return model;
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException(network, "ONNX Runtime: " + firstLine(e.getMessage()), e);
        }
    }

    /** One run on a grey image: the input size must fit and the logits must match the labels. */
    private void probe(Path network) throws ModelLoadException {
        RgbImage grey = RgbImage.filled(descriptor.inputWidth(), descriptor.inputHeight(), 0.5f, 0.5f, 0.5f);
        InferenceResult result;
        try {
            result = infer(grey, InferenceRequest.predictions(1).withActivations(descriptor.layers().stream()
                    .map(l -> l.id()).collect(java.util.stream.Collectors.toSet())));
        } catch (RuntimeException e) {
            throw new ModelLoadException(network, "does not run as model.json describes it (" + descriptor
                    .inputWidth() + "x" + descriptor.inputHeight() + " input): " + firstLine(e.getMessage()), e);
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
    public synchronized List<InferenceResult> inferBatch(List<RgbImage> inputs, InferenceRequest request) {
        descriptor.checkCanAnswer(request);
        if (closed) {
            throw new InferenceException("model " + descriptor.id() + " has been unloaded");
        }
        int w = descriptor.inputWidth();
        int h = descriptor.inputHeight();
        inputs.forEach(descriptor::checkInputSize);
        request.activationLayers().forEach(descriptor::layer); // unknown layer: a clear InferenceException
        int n = inputs.size();
        long t0 = System.nanoTime();
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(folder.logits());
        wanted.addAll(request.activationLayers());
        float[] batch = ModelTensors.toNormalizedBatch(inputs, descriptor.normalization());
        try (OnnxTensor x = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch), new long[] { n, 3, h,
                w })) {
            long t1 = System.nanoTime();
            float[] logits;
            long[] logitsShape;
            Map<String, float[]> layerValues = new LinkedHashMap<>();
            Map<String, long[]> layerShapes = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(Map.of(inputName, x), wanted)) {
                logitsShape = shape(result.get(folder.logits()).orElseThrow());
                logits = values(result.get(folder.logits()).orElseThrow());
                for (String layer : request.activationLayers()) {
                    OnnxValue v = result.get(layer).orElseThrow();
                    layerShapes.put(layer, shape(v));
                    layerValues.put(layer, values(v));
                }
            }
            if (logitsShape.length != 2 || logitsShape[0] != n) {
                throw new InferenceException("output '" + folder.logits() + "' has shape " + Arrays.toString(
                        logitsShape) + "; logits must be [batch, classes]");
            }
            long t2 = System.nanoTime();
            int classes = (int) logitsShape[1];
            List<InferenceResult> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(ModelTensors.result(descriptor, request.topK(), logits, classes, i, ModelTensors
                        .activations(layerValues, layerShapes, i), null, Map.of()));
            }
            long t3 = System.nanoTime();
            StageTimings each = new StageTimings(0, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
            return results.stream().map(r -> r.withTimings(each)).toList();
        } catch (OrtException e) {
            throw new InferenceException("model " + descriptor.id() + ": ONNX Runtime failed: " + firstLine(e
                    .getMessage()), e);
        }
    }

    private static long[] shape(OnnxValue value) {
        if (!(value.getInfo() instanceof TensorInfo info)) {
            throw new InferenceException("an output is a " + value.getInfo() + ", not a tensor");
        }
        return info.getShape();
    }

    private static float[] values(OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor) || tensor.getFloatBuffer() == null) {
            throw new InferenceException("an output is not a float tensor: " + value.getInfo());
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] v = new float[buffer.remaining()];
        buffer.get(v);
        return v;
    }


    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // already failing with the reason that matters
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(session);
        }
    }
}
