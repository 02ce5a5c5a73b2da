package org.perturber.core.perturbation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturber.core.scene.Rgb;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * An ordered list of perturbations with their values. Whatever order the user lists them in, they apply by stage:
 * scene perturbations, then the render, then image perturbations, then model-aware ones (see
 * {@link StackApplier}); within a stage, in list order. Immutable; serialises to and from JSON.
 */
public record PerturbationStack(List<StackEntry> entries) {
    public static final PerturbationStack EMPTY = new PerturbationStack(List.of());

    public PerturbationStack {
        entries = List.copyOf(entries);
    }

    public PerturbationStack add(StackEntry entry) {
        List<StackEntry> e = new ArrayList<>(entries);
        e.add(entry);
        return new PerturbationStack(e);
    }

    public PerturbationStack set(int index, StackEntry entry) {
        List<StackEntry> e = new ArrayList<>(entries);
        e.set(index, entry);
        return new PerturbationStack(e);
    }

    public PerturbationStack remove(int index) {
        List<StackEntry> e = new ArrayList<>(entries);
        e.remove(index);
        return new PerturbationStack(e);
    }

    /** Moves the entry at {@code from} to {@code to}. */
    public PerturbationStack move(int from, int to) {
        List<StackEntry> e = new ArrayList<>(entries);
        e.add(to, e.remove(from));
        return new PerturbationStack(e);
    }

    /** JSON: {"perturbations": [{"id": ..., "enabled": ..., "values": {...}}, ...]}. */
    public String toJson() {
        JsonArray list = new JsonArray();
        for (StackEntry entry : entries) {
            JsonObject o = new JsonObject();
            o.addProperty("id", entry.perturbation());
            o.addProperty("enabled", entry.enabled());
            JsonObject values = new JsonObject();
            for (Map.Entry<String, Object> v : entry.values().entrySet()) {
                values.add(v.getKey(), toJson(v.getValue()));
            }
            o.add("values", values);
            list.add(o);
        }
        JsonObject root = new JsonObject();
        root.add("perturbations", list);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root);
    }

    private static JsonElement toJson(Object value) {
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        } else if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        } else if (value instanceof Rgb c) {
            return new JsonPrimitive(c.toHex());
        }
        return new JsonPrimitive(String.valueOf(value));
    }

    /**
     * Reads a stack. Values are kept as read; they are checked against each perturbation's parameters when applied.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static PerturbationStack fromJson(String json) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("perturbations")) {
                throw new IllegalArgumentException("a perturbation stack needs {\"perturbations\": [...]}");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        List<StackEntry> entries = new ArrayList<>();
        JsonArray list = root.getAsJsonArray("perturbations");
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isJsonObject() || !list.get(i).getAsJsonObject().has("id")) {
                throw new IllegalArgumentException("perturbation " + (i + 1) + " has no \"id\"");
            }
            JsonObject o = list.get(i).getAsJsonObject();
            Map<String, Object> values = new LinkedHashMap<>();
            if (o.has("values")) {
                for (Map.Entry<String, JsonElement> v : o.getAsJsonObject("values").entrySet()) {
                    JsonPrimitive p = v.getValue().getAsJsonPrimitive();
                    values.put(v.getKey(), p.isBoolean() ? p.getAsBoolean() : p.isNumber() ? p.getAsDouble()
                            : p.getAsString());
                }
            }
            entries.add(new StackEntry(o.get("id").getAsString(), values, !o.has("enabled")
                    || o.get("enabled").getAsBoolean()));
        }
        return new PerturbationStack(entries);
    }
}
