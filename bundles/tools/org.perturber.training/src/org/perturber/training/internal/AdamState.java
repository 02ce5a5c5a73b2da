package org.perturber.training.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.perturber.backend.mxnet.export.ParamsFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Adam through MXNet's own fused {@code adam_update} operator, with its moment estimates kept where a checkpoint
 * can save and restore them. DJL's Adam keeps them private, so a resumed run would restart the moments from zero
 * and no longer match an uninterrupted one; with the state saved, it does.
 */
final class AdamState {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long step;

    AdamState(NDManager manager) {
        this.manager = manager;
    }

    long step() {
        return step;
    }

    /** Counts one optimisation step; call once before the {@link #update} calls of that step. */
    void nextStep() {
        step++;
    }

    /** Updates {@code weight} in place from its gradient. */
    void update(String name, NDArray weight, NDArray gradient, float learningRate) {
        NDArray m = means.computeIfAbsent(name, k -> manager.zeros(weight.getShape()));
        NDArray v = variances.computeIfAbsent(name, k -> manager.zeros(weight.getShape()));
        double corrected = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, m, v), new NDList(weight), learningRate,
                (float) corrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON, true, false);
    }

    void save(Path file) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : means.keySet()) {
            shapes.put("mean:" + name, means.get(name).getShape().getShape());
            values.put("mean:" + name, means.get(name).toFloatArray());
            shapes.put("var:" + name, variances.get(name).getShape().getShape());
            values.put("var:" + name, variances.get(name).toFloatArray());
        }
        ParamsFile.write(file, shapes, values);
    }

    void restore(Path file, long savedStep) {
        NDList arrays = manager.load(file);
        for (NDArray a : arrays) {
            String[] kind = a.getName().split(":", 2);
            (kind[0].equals("mean") ? means : variances).put(kind[1], a);
        }
        step = savedStep;
    }
}
