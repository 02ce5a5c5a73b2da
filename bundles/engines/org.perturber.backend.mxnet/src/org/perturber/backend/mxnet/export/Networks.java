package org.perturber.backend.mxnet.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.perturber.core.model.LayerInfo;
import org.perturber.core.model.Normalization;

/**
 * Network definitions written with {@link SymbolBuilder}: a small residual CNN (the size of Perturber's built-in
 * models) and a ResNet-50 (to measure inference at ImageNet scale). Both have batch normalisation and residual
 * additions, the layers where activations and gradients are hardest to get right.
 */
public final class Networks {
    private Networks() {
    }

    /** The network, its output node and the layers it exposes. */
    public record Network(SymbolBuilder builder, int head, List<LayerInfo> layers, String architecture) {
    }

    /** conv-bn-relu, with optional stride. */
    private static int convBnRelu(SymbolBuilder b, String name, int x, int in, int out, int kernel, int stride) {
        x = b.conv(name + "_conv", x, in, out, kernel, stride, kernel / 2);
        x = b.batchNorm(name + "_bn", x, out);
        return b.relu(name + "_relu", x);
    }

    /**
     * Five convolution blocks (16, 32, 32, 64, 64 channels; the fourth residual), max pooling after the first three,
     * global average pooling and a classifier.
     */
    public static Network smallCnn(int classes, long seed) {
        SymbolBuilder b = new SymbolBuilder(seed);
        int x = convBnRelu(b, "block1", b.data(), 3, 16, 3, 1);
        x = b.maxPool("pool1", x, 2, 2, 0);
        x = convBnRelu(b, "block2", x, 16, 32, 3, 1);
        x = b.maxPool("pool2", x, 2, 2, 0);
        x = convBnRelu(b, "block3", x, 32, 32, 3, 1);
        x = b.maxPool("pool3", x, 2, 2, 0);
        // a residual block: its inner layers are exposed too
        int skip = x;
        int r = convBnRelu(b, "block4a", x, 32, 32, 3, 1);
        r = b.conv("block4b_conv", r, 32, 32, 3, 1, 1);
        r = b.batchNorm("block4b_bn", r, 32);
        x = b.relu("block4_relu", b.add("block4_add", skip, r));
        x = convBnRelu(b, "block5", x, 32, 64, 3, 1);
        x = b.flatten("flatten", b.globalAveragePool("gap", x));
        int head = b.dense("classifier", x, 64, classes);
        List<LayerInfo> layers = List.of(new LayerInfo("block1_relu", "block 1"), new LayerInfo("block2_relu",
                "block 2"), new LayerInfo("block3_relu", "block 3"), new LayerInfo("block4a_relu",
                        "block 4, inside the residual branch"), new LayerInfo("block4_relu", "block 4"),
                new LayerInfo("block5_relu", "block 5"));
        return new Network(b, head, layers, "small residual CNN, 5 conv blocks");
    }

    /**
     * A VGG-style network: four stages of two 3x3 convolutions (16, 32, 64, 64 channels) with batch normalisation,
     * each followed by max pooling, then two fully connected layers on the flattened map. No residual connections,
     * so that findings can be checked against {@link #smallCnn} across architectures. {@code inputSize} must be
     * divisible by 16.
     */
    public static Network vggSmall(int classes, int inputSize, long seed) {
        if (inputSize % 16 != 0) {
            throw new IllegalArgumentException("input size must be divisible by 16, got " + inputSize);
        }
        SymbolBuilder b = new SymbolBuilder(seed);
        int x = b.data();
        int in = 3;
        List<LayerInfo> layers = new ArrayList<>();
        int[] widths = { 16, 32, 64, 64 };
        for (int s = 0; s < widths.length; s++) {
            String n = "stage" + (s + 1);
            x = convBnRelu(b, n + "a", x, in, widths[s], 3, 1);
            x = convBnRelu(b, n + "b", x, widths[s], widths[s], 3, 1);
            layers.add(new LayerInfo(n + "a_relu", "stage " + (s + 1) + ", first conv"));
            layers.add(new LayerInfo(n + "b_relu", "stage " + (s + 1) + ", second conv"));
            x = b.maxPool(n + "_pool", x, 2, 2, 0);
            in = widths[s];
        }
        int cells = inputSize / 16;
        x = b.flatten("flatten", x);
        x = b.relu("fc1_relu", b.dense("fc1", x, in * cells * cells, 128));
        layers.add(new LayerInfo("fc1_relu", "fully connected"));
        int head = b.dense("classifier", x, 128, classes);
        return new Network(b, head, layers, "small VGG-style CNN, 8 conv layers + 2 fully connected");
    }

    /** ResNet-50 v1 (bottleneck blocks 3, 4, 6, 3), random weights. */
    public static Network resnet50(int classes, long seed) {
        SymbolBuilder b = new SymbolBuilder(seed);
        int x = convBnRelu(b, "stem", b.data(), 3, 64, 7, 2);
        x = b.maxPool("stem_pool", x, 3, 2, 1);
        int[] blocks = { 3, 4, 6, 3 };
        int in = 64;
        List<LayerInfo> layers = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int width = 64 << s;
            for (int i = 0; i < blocks[s]; i++) {
                String n = "stage" + (s + 1) + "_unit" + (i + 1);
                int stride = i == 0 && s > 0 ? 2 : 1;
                int skip = x;
                if (i == 0) {
                    skip = b.batchNorm(n + "_down_bn", b.conv(n + "_down_conv", x, in, width * 4, 1, stride, 0),
                            width * 4);
                }
                int r = convBnRelu(b, n + "_a", x, in, width, 1, stride);
                r = convBnRelu(b, n + "_b", r, width, width, 3, 1);
                r = b.batchNorm(n + "_c_bn", b.conv(n + "_c_conv", r, width, width * 4, 1, 1, 0), width * 4);
                x = b.relu(n + "_relu", b.add(n + "_add", skip, r));
                in = width * 4;
            }
            layers.add(new LayerInfo("stage" + (s + 1) + "_unit" + blocks[s] + "_relu", "stage " + (s + 1)));
        }
        x = b.flatten("flatten", b.globalAveragePool("gap", x));
        int head = b.dense("classifier", x, in, classes);
        return new Network(b, head, layers, "ResNet-50 v1");
    }

    /** Writes a network as a model directory with generic labels ("class 0", ...). */
    public static void write(Path dir, String id, Network net, int classes, int inputSize, String description)
            throws IOException {
        List<String> labels = IntStream.range(0, classes).mapToObj(i -> "class " + i).toList();
        ModelWriter.write(dir, new ModelWriter.Card(id, id, net.architecture(), "standard", description, inputSize,
                new Normalization(new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.25f, 0.25f, 0.25f }), labels,
                net.layers()), net.builder(), net.head());
    }
}
