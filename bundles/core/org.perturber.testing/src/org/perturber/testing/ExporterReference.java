package org.perturber.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturber.core.image.RgbImage;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What PyTorch itself computed for the exporter's reference input (the folder's {@code reference/}): the input image,
 * every network output for it (without the batch axis), the top-5 classes and the input gradient of the top class.
 */
public record ExporterReference(RgbImage input, Map<String, float[]> outputs, List<Integer> top5, int gradientClass,
        RgbImage inputGradient) {

    public static ExporterReference read(Path modelFolder) {
        Path dir = modelFolder.resolve("reference");
        try {
            JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                    .getAsJsonObject();
            RgbImage input = image(dir, json.getAsJsonObject("input"));
            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (var e : json.getAsJsonObject("outputs").entrySet()) {
                outputs.put(e.getKey(), ExportedModels.floats(dir.resolve(e.getValue().getAsJsonObject().get("file")
                        .getAsString())));
            }
            List<Integer> top5 = new ArrayList<>();
            json.getAsJsonArray("top5").forEach(t -> top5.add(t.getAsInt()));
            JsonObject gradient = json.getAsJsonObject("gradient");
            return new ExporterReference(input, outputs, top5, gradient.get("class").getAsInt(), image(dir,
                    gradient));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("unreadable exporter reference in " + dir + ": " + e, e);
        }
    }

    private static RgbImage image(Path dir, JsonObject entry) {
        JsonArray shape = entry.getAsJsonArray("shape");
        return new RgbImage(shape.get(1).getAsInt(), shape.get(0).getAsInt(), ExportedModels.floats(dir.resolve(entry
                .get("file").getAsString())));
    }

    /** max |a - b| over max(b) - min(b): the agreement measure of the tests (1e-4 at most). */
    public static double relativeMaxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError(a.length + " values against " + b.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, b[i]);
            min = Math.min(min, b[i]);
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        if (!(max > min)) {
            throw new AssertionError("reference values are constant (" + min + "): nothing to compare");
        }
        return diff / (max - min);
    }
}
