package org.perturber.backend.mxnet.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.perturber.core.model.LayerInfo;
import org.perturber.core.model.Normalization;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Writes a complete model directory (see models/README.md) from a network and its description. */
public final class ModelWriter {
    private ModelWriter() {
    }

    /** What model.json says about a model. */
    public record Card(String id, String name, String architecture, String variant, String description, int inputSize,
            Normalization normalization, List<String> labels, List<LayerInfo> layers) {
    }

    public static void write(Path dir, Card card, SymbolBuilder network, int head) throws IOException {
        Files.createDirectories(dir);
        JsonObject json = new JsonObject();
        json.addProperty("id", card.id());
        json.addProperty("name", card.name());
        json.addProperty("architecture", card.architecture());
        json.addProperty("variant", card.variant());
        json.addProperty("description", card.description());
        json.addProperty("prefix", card.id());
        JsonObject input = new JsonObject();
        input.addProperty("width", card.inputSize());
        input.addProperty("height", card.inputSize());
        json.add("input", input);
        JsonObject norm = new JsonObject();
        JsonArray mean = new JsonArray();
        JsonArray std = new JsonArray();
        for (int c = 0; c < 3; c++) {
            mean.add(card.normalization().mean()[c]);
            std.add(card.normalization().std()[c]);
        }
        norm.add("mean", mean);
        norm.add("std", std);
        json.add("normalization", norm);
        json.addProperty("labels", "labels.txt");
        JsonArray layers = new JsonArray();
        for (LayerInfo l : card.layers()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", l.id());
            o.addProperty("name", l.displayName());
            layers.add(o);
        }
        json.add("layers", layers);
        Files.writeString(dir.resolve("model.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json));
        Files.write(dir.resolve("labels.txt"), card.labels());
        Files.writeString(dir.resolve(card.id() + "-symbol.json"), network.json(head));
        ParamsFile.write(dir.resolve(card.id() + "-0000.params"), network.shapes(), network.values());
    }
}
