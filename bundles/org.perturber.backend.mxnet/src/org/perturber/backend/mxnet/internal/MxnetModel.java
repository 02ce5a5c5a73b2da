package org.perturber.backend.mxnet.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.perturber.backend.mxnet.DjlRuntime;
import org.perturber.backend.mxnet.ModelDirectory;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.Normalization;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * An MXNet symbolic model loaded through DJL. Each call works in its own NDManager so that native memory is
 * released when the call returns (results attach to their inputs' manager and would otherwise accumulate).
 */
public final class MxnetModel implements org.perturber.core.model.Model {
    private final ModelDescriptor descriptor;
    private final Model model;

    private MxnetModel(ModelDescriptor descriptor, Model model) {
        this.descriptor = descriptor;
        this.model = model;
    }

    /** Loads the model; call through {@link DjlRuntime#call}. */
    public static MxnetModel load(ModelDirectory dir) throws Exception {
        Model model = Model.newInstance(dir.descriptor().id(), Device.cpu(), DjlRuntime.ENGINE);
        try {
            model.load(dir.directory(), dir.prefix());
        } catch (Exception | Error e) {
            model.close();
            throw new ModelLoadException(dir.directory().resolve(dir.prefix() + "-0000.params"),
                    "MXNet refused the model: " + e.getMessage(), e);
        }
        return new MxnetModel(dir.descriptor(), model);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InferenceResult infer(RgbImage input, InferenceRequest request) {
        if (input.width() != descriptor.inputWidth() || input.height() != descriptor.inputHeight()) {
            throw new InferenceException("model " + descriptor.id() + " takes " + descriptor.inputWidth() + "x"
                    + descriptor.inputHeight() + " images, got " + input.width() + "x" + input.height());
        }
        if (!request.activationLayers().isEmpty() || request.gradient() != null) {
            throw new InferenceException("the MXNet backend answers predictions only so far;"
                    + " activations and input gradients are not implemented yet");
        }
        return DjlRuntime.get(() -> predict(input, request.topK()));
    }

    private synchronized InferenceResult predict(RgbImage input, int topK) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(toNormalizedChw(input, descriptor.normalization()),
                    new Shape(1, 3, input.height(), input.width()));
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
            float[] p = out.get(0).softmax(-1).toFloatArray();
            if (p.length != descriptor.labels().size()) {
                throw new InferenceException("model " + descriptor.id() + " outputs " + p.length
                        + " classes but its labels file has " + descriptor.labels().size());
            }
            List<ClassScore> scores = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                scores.add(new ClassScore(i, descriptor.labels().get(i), p[i]));
            }
            scores.sort(Comparator.comparingDouble(ClassScore::probability).reversed());
            return new InferenceResult(p, scores.subList(0, Math.min(topK, scores.size())), Map.of(), null);
        }
    }

    /** Interleaved HWC in [0, 1] to normalised planar CHW, the layout the network takes. */
    static float[] toNormalizedChw(RgbImage image, Normalization n) {
        int plane = image.width() * image.height();
        float[] src = image.data();
        float[] chw = new float[plane * 3];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = (src[p * 3 + c] - n.mean()[c]) / n.std()[c];
            }
        }
        return chw;
    }

    @Override
    public void close() {
        DjlRuntime.get(() -> {
            model.close();
            return null;
        });
    }
}
