package org.perturber.core.perturbation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturber.core.internal.json.JsonProblems;
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
    /** JavaScript's words for non-finite numbers, which lenient JSON readers accept. */
    private static final java.util.Set<String> NON_FINITE = java.util.Set.of("Infinity", "-Infinity", "+Infinity",
            "NaN", "-NaN");

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
     * Reads a stack. Values are kept as read, except that a number must be finite (no parameter takes an infinity
     * or NaN); they are checked against each perturbation's parameters when applied.
     *
     * @throws IllegalArgumentException saying what is wrong and where ("perturbations[2].values.sigma: ...")
     */
    public static PerturbationStack fromJson(String json) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + JsonProblems.describe(e), e);
        }
        if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("perturbations")) {
            throw new IllegalArgumentException("a perturbation stack needs {\"perturbations\": [...]}, got "
                    + JsonProblems.kind(parsed));
        }
        return fromJson(parsed.getAsJsonObject().get("perturbations"), "perturbations");
    }

    /**
     * Reads the list of entries of a stack already parsed, {@code path} naming it in messages (such as
     * "stack.perturbations").
     *
     * @throws IllegalArgumentException naming the element and what is wrong with it
     */
    public static PerturbationStack fromJson(JsonElement perturbations, String path) {
        if (perturbations == null || !perturbations.isJsonArray()) {
            throw new IllegalArgumentException(JsonProblems.wrongType(path, "a list [...]", perturbations));
        }
        List<StackEntry> entries = new ArrayList<>();
        JsonArray list = perturbations.getAsJsonArray();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            JsonElement element = list.get(i);
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException(JsonProblems.wrongType(at, "{\"id\": ..., \"values\": {...}}",
                        element));
            }
            JsonObject o = element.getAsJsonObject();
            if (!JsonProblems.isString(o.get("id"))) {
                throw new IllegalArgumentException(o.has("id") ? JsonProblems.wrongType(at + ".id",
                        "a perturbation id (a string)", o.get("id")) : at + ": has no \"id\"");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            if (o.has("values")) {
                if (!o.get("values").isJsonObject()) {
                    throw new IllegalArgumentException(JsonProblems.wrongType(at + ".values",
                            "an object {\"parameter\": value, ...}", o.get("values")));
                }
                for (Map.Entry<String, JsonElement> v : o.getAsJsonObject("values").entrySet()) {
                    if (!v.getValue().isJsonPrimitive()) {
                        throw new IllegalArgumentException(JsonProblems.wrongType(at + ".values." + v.getKey(),
                                "a number, string or boolean", v.getValue()));
                    }
                    JsonPrimitive p = v.getValue().getAsJsonPrimitive();
                    if (p.isNumber() && !Double.isFinite(p.getAsDouble()) || p.isString() && NON_FINITE.contains(p
                            .getAsString())) {
                        // refused where the file is read, not at the first render: an infinity clamped to a
                        // range's end, or a NaN, is a mistake in the file, and its name and place are known here
                        // (Gson reads a bare Infinity or NaN as text, 1e999 as a number)
                        throw new IllegalArgumentException(at + ".values." + v.getKey() + ": the parameter "
                                + v.getKey() + " of stack entry " + (i + 1) + " (" + o.get("id").getAsString()
                                + ") must be a finite number, got " + p.getAsString());
                    }
                    values.put(v.getKey(), p.isBoolean() ? p.getAsBoolean() : p.isNumber() ? p.getAsDouble()
                            : p.getAsString());
                }
            }
            JsonElement enabled = o.get("enabled");
            if (enabled != null && !(enabled.isJsonPrimitive() && enabled.getAsJsonPrimitive().isBoolean())) {
                throw new IllegalArgumentException(JsonProblems.wrongType(at + ".enabled", "true or false", enabled));
            }
            entries.add(new StackEntry(o.get("id").getAsString(), values, enabled == null || enabled.getAsBoolean()));
        }
        return new PerturbationStack(entries);
    }
}
