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
