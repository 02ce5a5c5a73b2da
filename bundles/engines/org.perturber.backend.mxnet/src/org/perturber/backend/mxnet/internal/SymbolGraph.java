package org.perturber.backend.mxnet.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * An MXNet symbol's JSON graph, for the edits the backend makes: more outputs (activations of inner layers) and
 * batch normalisation switched to running statistics (for gradients). Training uses the latter for the attacks
 * of adversarial training.
 */
public final class SymbolGraph {
    private final JsonObject root;

    public SymbolGraph(String json) {
        root = JsonParser.parseString(json).getAsJsonObject();
    }

    private JsonArray nodes() {
        return root.getAsJsonArray("nodes");
    }

    /** Names of the graph's variables (inputs and parameters). */
    Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        for (JsonElement e : nodes()) {
            JsonObject n = e.getAsJsonObject();
            if ("null".equals(n.get("op").getAsString())) {
                names.add(n.get("name").getAsString());
            }
        }
        return names;
    }

    /** Index of the operator node with this name, or -1. */
    int node(String name) {
        JsonArray nodes = nodes();
        for (int i = 0; i < nodes.size(); i++) {
            JsonObject n = nodes.get(i).getAsJsonObject();
            if (name.equals(n.get("name").getAsString()) && !"null".equals(n.get("op").getAsString())) {
                return i;
            }
        }
        return -1;
    }

    /** The graph with the named layers' outputs appended after its own outputs. */
    public String withOutputs(List<String> layers) {
        JsonObject copy = root.deepCopy();
        JsonArray heads = copy.getAsJsonArray("heads");
        for (String layer : layers) {
            JsonArray h = new JsonArray();
            h.add(node(layer));
            h.add(0);
            h.add(0);
            heads.add(h);
        }
        return copy.toString();
    }

    /**
     * The graph with every batch normalisation using its running statistics, even in training mode. Input gradients
     * must be taken in training mode (MXNet keeps no record of some predict-mode operators, such as MKL-DNN
     * pooling), but in training mode batch normalisation would normalise with the statistics of the single input
     * and give a different, wrong function.
     */
    public String withGlobalBatchNormStatistics() {
        JsonObject copy = root.deepCopy();
        for (JsonElement e : copy.getAsJsonArray("nodes")) {
            JsonObject n = e.getAsJsonObject();
            if ("BatchNorm".equals(n.get("op").getAsString())) {
                JsonObject attrs = n.has("attrs") ? n.getAsJsonObject("attrs") : new JsonObject();
                attrs.addProperty("use_global_stats", "True");
                n.add("attrs", attrs);
            }
        }
        return copy.toString();
    }

    /**
     * The graph with a probe after each named layer: its output plus a zero-valued input variable
     * {@code LAYER_probe_offset}, feeding everything the layer fed. The function is unchanged, and the gradient with
     * respect to a probe's offset is the gradient with respect to the layer's output (what Grad-CAM needs). Nodes
     * are inserted right after their layer, so the graph stays in topological order.
     */
    public SymbolGraph withProbes(List<String> layers) {
        JsonArray nodes = nodes();
        JsonArray out = new JsonArray();
        int[] map = new int[nodes.size()];
        java.util.Map<Integer, Integer> probeOf = new java.util.HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonObject n = nodes.get(i).getAsJsonObject().deepCopy();
            for (JsonElement edge : n.getAsJsonArray("inputs")) {
                JsonArray e = edge.getAsJsonArray();
                int j = e.get(0).getAsInt();
                e.set(0, new com.google.gson.JsonPrimitive(probeOf.getOrDefault(j, map[j])));
            }
            out.add(n);
            map[i] = out.size() - 1;
            String name = n.get("name").getAsString();
            if (layers.contains(name) && !"null".equals(n.get("op").getAsString())) {
                JsonObject offset = new JsonObject();
                offset.addProperty("op", "null");
                offset.addProperty("name", probeOffset(name));
                offset.add("inputs", new JsonArray());
                out.add(offset);
                JsonObject probe = new JsonObject();
                probe.addProperty("op", "elemwise_add");
                probe.addProperty("name", name + "_probe");
                JsonArray inputs = new JsonArray();
                inputs.add(edge(map[i]));
                inputs.add(edge(out.size() - 1));
                probe.add("inputs", inputs);
                out.add(probe);
                probeOf.put(i, out.size() - 1);
            }
        }
        JsonObject copy = root.deepCopy();
        copy.add("nodes", out);
        JsonArray args = new JsonArray();
        for (int i = 0; i < out.size(); i++) {
            if ("null".equals(out.get(i).getAsJsonObject().get("op").getAsString())) {
                args.add(i);
            }
        }
        copy.add("arg_nodes", args);
        copy.remove("node_row_ptr"); // optional in MXNet's format; recomputed on load
        for (JsonElement h : copy.getAsJsonArray("heads")) {
            JsonArray head = h.getAsJsonArray();
            head.set(0, new com.google.gson.JsonPrimitive(map[head.get(0).getAsInt()]));
        }
        return new SymbolGraph(copy.toString());
    }

    /** The input variable of the probe after a layer. */
    public static String probeOffset(String layer) {
        return layer + "_probe_offset";
    }

    private static JsonArray edge(int node) {
        JsonArray e = new JsonArray();
        e.add(node);
        e.add(0);
        e.add(0);
        return e;
    }

    /** This graph's JSON. */
    public String json() {
        return root.toString();
    }

    /** Operator names (candidates for exposed layers), for messages. */
    List<String> operators() {
        List<String> names = new ArrayList<>();
        for (JsonElement e : nodes()) {
            JsonObject n = e.getAsJsonObject();
            if (!"null".equals(n.get("op").getAsString())) {
                names.add(n.get("name").getAsString());
            }
        }
        return names;
    }
}
