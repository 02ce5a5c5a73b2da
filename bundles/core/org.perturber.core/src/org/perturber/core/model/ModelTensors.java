package org.perturber.core.model;

import org.perturber.core.image.RgbImage;

/**
 * Conversions every backend needs between Perturber's images and a network's tensors, whatever the engine: images
 * are interleaved RGB in [0, 1] (HWC); networks take normalised planar NCHW and give logits and NCHW activations.
 */
public final class ModelTensors {
    private ModelTensors() {
    }

    /** Interleaved HWC in [0, 1] to normalised planar CHW, written into {@code chw} from {@code offset}. */
    public static void toNormalizedChw(RgbImage image, Normalization n, float[] chw, int offset) {
        int plane = image.width() * image.height();
        float[] src = image.data();
        for (int c = 0; c < 3; c++) {
            float mean = n.mean()[c];
            float std = n.std()[c];
            int base = offset + c * plane;
            for (int p = 0; p < plane; p++) {
                chw[base + p] = (src[p * 3 + c] - mean) / std;
            }
        }
    }

    /** One image as normalised planar CHW. */
    public static float[] toNormalizedChw(RgbImage image, Normalization n) {
        float[] chw = new float[image.width() * image.height() * 3];
        toNormalizedChw(image, n, chw, 0);
        return chw;
    }

    /** Several images of one size as one normalised NCHW batch. */
    public static float[] toNormalizedBatch(java.util.List<RgbImage> images, Normalization n) {
        int plane = images.get(0).width() * images.get(0).height() * 3;
        float[] all = new float[plane * images.size()];
        for (int i = 0; i < images.size(); i++) {
            toNormalizedChw(images.get(i), n, all, i * plane);
        }
        return all;
    }

    /**
     * A gradient with respect to the normalised CHW input (from {@code offset}) as a gradient with respect to pixel
     * values in [0, 1] (HWC): each channel divided by its standard deviation, since x' = (x - mean) / std.
     */
    public static RgbImage inputGradient(float[] chw, int offset, int width, int height, Normalization n) {
        int plane = width * height;
        float[] hwc = new float[plane * 3];
        float[] std = n.std();
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                hwc[p * 3 + c] = chw[offset + c * plane + p] / std[c];
            }
        }
        return new RgbImage(width, height, hwc);
    }

    /**
     * Softmax of {@code n} logits from {@code offset}, in Java: for a few classes this is cheaper than one more native
     * call. Shifted by the maximum, so that large logits do not overflow.
     */
    public static float[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(logits[offset + i] - max);
            sum += e[i];
        }
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /**
     * Sample {@code index} of a batched layer output of shape {@code shape} ([N, C, H, W] or [N, C]) as an
     * {@link Activation}.
     */
    public static Activation activation(String layer, long[] shape, float[] batch, int index) {
        int channels;
        int height = 1;
        int width = 1;
        switch (shape.length) {
        case 4 -> {
            channels = (int) shape[1];
            height = (int) shape[2];
            width = (int) shape[3];
        }
        case 2 -> channels = (int) shape[1];
        default -> throw new InferenceException("layer " + layer + " has an output of shape "
                + java.util.Arrays.toString(shape) + "; activations must be [N, C, H, W] or [N, C]");
        }
        int size = channels * height * width;
        float[] one = new float[size];
        System.arraycopy(batch, index * size, one, 0, size);
        return new Activation(layer, channels, height, width, one);
    }

    /** Sample {@code index} of each batched layer output (values and shapes by layer id), as activations. */
    public static java.util.Map<String, Activation> activations(java.util.Map<String, float[]> values,
            java.util.Map<String, long[]> shapes, int index) {
        java.util.Map<String, Activation> one = new java.util.LinkedHashMap<>();
        values.forEach((layer, v) -> one.put(layer, activation(layer, shapes.get(layer), v, index)));
        return one;
    }

    /**
     * Sample {@code index}'s result from a batch's logits ({@code classes} per sample): probabilities, the top
     * {@code topK} ranked by logits, the given activations and gradients, and its own logits.
     */
    public static InferenceResult result(ModelDescriptor descriptor, int topK, float[] logits, int classes, int index,
            java.util.Map<String, Activation> activations, RgbImage inputGradient,
            java.util.Map<String, Activation> layerGradients) {
        float[] p = softmax(logits, index * classes, classes);
        float[] own = java.util.Arrays.copyOfRange(logits, index * classes, (index + 1) * classes);
        java.util.List<String> labels = descriptor.labels();
        // a class count that differs from the labels is reported by the load probe, which asks for no top classes
        return new InferenceResult(p, p.length == labels.size() ? InferenceResult.topK(p, own, labels, topK)
                : java.util.List.of(), activations, inputGradient, null, layerGradients, own);
    }
}
