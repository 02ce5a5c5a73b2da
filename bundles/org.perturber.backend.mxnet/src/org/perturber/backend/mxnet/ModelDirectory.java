package org.perturber.backend.mxnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.perturber.core.model.LayerInfo;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.Normalization;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A model directory: {@code model.json} (see models/README.md), the labels file it names, and MXNet's
 * {@code <prefix>-symbol.json} and {@code <prefix>-0000.params}. Everything is validated here, in Java, before
 * native code sees any of it: MXNet reacts to bad files by crashing the JVM rather than by an exception.
 */
public record ModelDirectory(Path directory, ModelDescriptor descriptor, String prefix) {
    public static final String DESCRIPTOR = "model.json";

    /** Reads and checks a model directory. */
    public static ModelDirectory read(Path directory) throws ModelLoadException {
        Path json = directory.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(json)) {
            throw new ModelLoadException(json, "missing: a model directory needs a " + DESCRIPTOR);
        }
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(json));
            if (!parsed.isJsonObject()) {
                throw new ModelLoadException(json, "must hold a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (IOException | JsonParseException e) {
            throw new ModelLoadException(json, "unreadable: " + e.getMessage(), e);
        }
        try {
            String id = text(root, "id", directory.getFileName().toString());
            String prefix = text(root, "prefix", id);
            JsonObject input = root.getAsJsonObject("input");
            if (input == null) {
                throw new ModelLoadException(json, "needs \"input\": {\"width\": .., \"height\": ..}");
            }
            int width = input.get("width").getAsInt();
            int height = input.get("height").getAsInt();
            Normalization normalization = Normalization.NONE;
            JsonObject norm = root.getAsJsonObject("normalization");
            if (norm != null) {
                normalization = new Normalization(floats(norm.getAsJsonArray("mean")),
                        floats(norm.getAsJsonArray("std")));
            }
            Path labelsFile = directory.resolve(text(root, "labels", "labels.txt"));
            if (!Files.isRegularFile(labelsFile)) {
                throw new ModelLoadException(labelsFile, "missing labels file (one class name per line)");
            }
            List<String> labels = Files.readAllLines(labelsFile).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            List<LayerInfo> layers = new ArrayList<>();
            JsonArray layerArray = root.getAsJsonArray("layers");
            if (layerArray != null) {
                for (JsonElement e : layerArray) {
                    JsonObject l = e.getAsJsonObject();
                    layers.add(new LayerInfo(l.get("id").getAsString(), text(l, "name", l.get("id").getAsString())));
                }
            }
            ModelDescriptor descriptor = new ModelDescriptor(id, text(root, "name", id),
                    text(root, "architecture", "unknown"), text(root, "variant", "standard"),
                    text(root, "description", ""), width, height, normalization, labels, layers);
            checkWeights(directory, prefix);
            return new ModelDirectory(directory, descriptor, prefix);
        } catch (IOException e) {
            throw new ModelLoadException(directory, "unreadable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // missing fields, wrong types, inconsistent values
            throw new ModelLoadException(json, "invalid descriptor: " + e.getMessage(), e);
        }
    }

    private static void checkWeights(Path directory, String prefix) throws ModelLoadException, IOException {
        Path symbol = directory.resolve(prefix + "-symbol.json");
        if (!Files.isRegularFile(symbol)) {
            throw new ModelLoadException(symbol, "missing network symbol file");
        }
        try {
            JsonElement s = JsonParser.parseString(Files.readString(symbol));
            if (!s.isJsonObject() || !s.getAsJsonObject().has("nodes")) {
                throw new ModelLoadException(symbol, "not an MXNet symbol (no \"nodes\")");
            }
        } catch (JsonParseException e) {
            throw new ModelLoadException(symbol, "corrupt symbol file: " + e.getMessage(), e);
        }
        Path params = directory.resolve(prefix + "-0000.params");
        if (!Files.isRegularFile(params)) {
            throw new ModelLoadException(params, "missing parameter file");
        }
        if (Files.size(params) < 16) {
            throw new ModelLoadException(params, "parameter file is truncated (" + Files.size(params) + " bytes)");
        }
    }

    private static String text(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }
}
