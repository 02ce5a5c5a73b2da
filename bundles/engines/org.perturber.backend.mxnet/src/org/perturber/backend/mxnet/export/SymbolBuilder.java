package org.perturber.backend.mxnet.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Builds an MXNet symbolic network (the JSON graph MXNet and Gluon export) together with its parameters, from
 * Java. Perturber uses it to write its own models (tests, benchmarks, training) in exactly the format a user's
 * exported Gluon model has, so that one loading path serves both. Weights start He-initialised from a seed.
 * Each method adds one operator and returns its node index; layer names become the graph's node names.
 */
public final class SymbolBuilder {
    private record Node(String op, String name, Map<String, String> attrs, List<Integer> inputs) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final SplittableRandom random;

    public SymbolBuilder(long seed) {
        random = new SplittableRandom(seed);
        nodes.add(new Node("null", "data", Map.of(), List.of()));
    }

    /** The input node. */
    public int data() {
        return 0;
    }

    private int variable(String name, boolean auxiliary, long[] shape, float[] init) {
        nodes.add(new Node("null", name, Map.of(), List.of()));
        String key = (auxiliary ? "aux:" : "arg:") + name;
        shapes.put(key, shape);
        values.put(key, init);
        return nodes.size() - 1;
    }

    private int op(String op, String name, Map<String, String> attrs, Integer... inputs) {
        if (nodes.stream().anyMatch(n -> n.name().equals(name))) {
            throw new IllegalArgumentException("duplicate layer name " + name);
        }
        nodes.add(new Node(op, name, attrs, List.of(inputs)));
        return nodes.size() - 1;
    }

    private float[] gaussian(int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u)) * std;
            a[i] = (float) (r * Math.cos(2 * Math.PI * v));
            if (i + 1 < n) {
                a[i + 1] = (float) (r * Math.sin(2 * Math.PI * v));
            }
        }
        return a;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static String tuple(int a) {
        return "(" + a + ", " + a + ")";
    }

    /** 2D convolution with a square kernel, He-initialised. */
    public int conv(String name, int input, int in, int out, int kernel, int stride, int pad) {
        int w = variable(name + "_weight", false, new long[] { out, in, kernel, kernel },
                gaussian(out * in * kernel * kernel, Math.sqrt(2.0 / (in * kernel * kernel))));
        int b = variable(name + "_bias", false, new long[] { out }, new float[out]);
        return op("Convolution", name, Map.of("kernel", tuple(kernel), "stride", tuple(stride), "pad", tuple(pad),
                "num_filter", Integer.toString(out), "no_bias", "False"), input, w, b);
    }

    /**
     * Batch normalisation. The running statistics start away from (0, 1) on purpose, so that a gradient computed
     * with batch statistics instead of the running ones would visibly differ.
     */
    public int batchNorm(String name, int input, int channels) {
        int gamma = variable(name + "_gamma", false, new long[] { channels }, filled(channels, 1));
        int beta = variable(name + "_beta", false, new long[] { channels }, gaussian(channels, 0.05));
        int mean = variable(name + "_moving_mean", true, new long[] { channels }, gaussian(channels, 0.1));
        float[] var = new float[channels];
        for (int i = 0; i < channels; i++) {
            var[i] = (float) (0.6 + 0.8 * random.nextDouble());
        }
        int variance = variable(name + "_moving_var", true, new long[] { channels }, var);
        return op("BatchNorm", name, Map.of("eps", "1e-05", "momentum", "0.9", "fix_gamma", "False",
                "use_global_stats", "False"), input, gamma, beta, mean, variance);
    }

    public int relu(String name, int input) {
        return op("Activation", name, Map.of("act_type", "relu"), input);
    }

    public int maxPool(String name, int input, int kernel, int stride, int pad) {
        return op("Pooling", name, Map.of("kernel", tuple(kernel), "stride", tuple(stride), "pad", tuple(pad),
                "pool_type", "max"), input);
    }

    public int globalAveragePool(String name, int input) {
        return op("Pooling", name, Map.of("kernel", "(1, 1)", "global_pool", "True", "pool_type", "avg"), input);
    }

    public int add(String name, int a, int b) {
        return op("elemwise_add", name, Map.of(), a, b);
    }

    public int flatten(String name, int input) {
        return op("Flatten", name, Map.of(), input);
    }

    /** Fully connected layer; small initial weights so that the untrained model's logits stay moderate. */
    public int dense(String name, int input, int in, int out) {
        int w = variable(name + "_weight", false, new long[] { out, in }, gaussian(out * in, Math.sqrt(1.0 / in)));
        int b = variable(name + "_bias", false, new long[] { out }, new float[out]);
        return op("FullyConnected", name, Map.of("num_hidden", Integer.toString(out), "no_bias", "False"), input, w,
                b);
    }

    /** The graph as MXNet symbol JSON, with {@code head} as its output. */
    public String json(int head) {
        JsonObject root = new JsonObject();
        JsonArray jsonNodes = new JsonArray();
        JsonArray argNodes = new JsonArray();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("op", n.op());
            o.addProperty("name", n.name());
            if (!n.attrs().isEmpty()) {
                JsonObject attrs = new JsonObject();
                n.attrs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> attrs.addProperty(e.getKey(), e.getValue()));
                o.add("attrs", attrs);
            }
            JsonArray inputs = new JsonArray();
            for (int in : n.inputs()) {
                JsonArray edge = new JsonArray();
                edge.add(in);
                edge.add(0);
                edge.add(0);
                inputs.add(edge);
            }
            o.add("inputs", inputs);
            jsonNodes.add(o);
            if (n.op().equals("null")) {
                argNodes.add(i);
            }
        }
        root.add("nodes", jsonNodes);
        root.add("arg_nodes", argNodes);
        JsonArray rowPtr = new JsonArray();
        for (int i = 0; i <= nodes.size(); i++) {
            rowPtr.add(i);
        }
        root.add("node_row_ptr", rowPtr);
        JsonArray heads = new JsonArray();
        JsonArray h = new JsonArray();
        h.add(head);
        h.add(0);
        h.add(0);
        heads.add(h);
        root.add("heads", heads);
        JsonObject attrs = new JsonObject();
        JsonArray version = new JsonArray();
        version.add("int");
        version.add(10900); // MXNet 1.9.0, what the shipped engine reports
        attrs.add("mxnet_version", version);
        root.add("attrs", attrs);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root);
    }

    /** Parameter shapes by file key ("arg:name" or "aux:name"). */
    public Map<String, long[]> shapes() {
        return shapes;
    }

    /** Parameter values by file key. */
    public Map<String, float[]> values() {
        return values;
    }

    /** Number of parameters (weights), for model cards. */
    public long parameterCount() {
        return shapes.values().stream().mapToLong(ParamsFile::count).sum();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d nodes, %d parameters", nodes.size(), parameterCount());
    }
}
