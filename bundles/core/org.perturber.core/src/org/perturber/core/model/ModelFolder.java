package org.perturber.core.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.perturber.core.files.ContainedPath;
import org.perturber.core.internal.json.JsonProblems;

/**
 * A model folder as every backend reads it (format: models/README.md): {@code model.json}, the labels file and the
 * network file(s) it names. Engine-neutral: a backend takes the descriptor and its network file from here and
 * checks only what its engine adds. Folders come from anywhere, so every file it names must resolve inside the
 * folder (symbolic links included), and sizes and counts are checked before anything is read.
 */
public final class ModelFolder {
    public static final String DESCRIPTOR = "model.json";
    public static final String MXNET = "mxnet";
    public static final String TORCHSCRIPT = "torchscript";
    public static final String ONNX = "onnx";
    public static final List<String> FORMATS = List.of(MXNET, TORCHSCRIPT, ONNX);
    /** The output that holds the logits when model.json does not say. */
    public static final String LOGITS = "logits";

    /** model.json is a few KiB; a larger one is not parsed (-Dperturber.model.maxDescriptorBytes). */
    public static final long MAX_DESCRIPTOR_BYTES = Long.getLong("perturber.model.maxDescriptorBytes", 1L << 20);
    /** Room for 100k long labels, small enough to hold (-Dperturber.model.maxLabelsBytes). */
    public static final long MAX_LABELS_BYTES = Long.getLong("perturber.model.maxLabelsBytes", 16L << 20);
    /** More classes than any network here runs; ImageNet-21k has 21,841 (-Dperturber.model.maxLabels). */
    public static final int MAX_LABELS = Integer.getInteger("perturber.model.maxLabels", 100_000);
    static final int MAX_LAYERS = 4096;
    static final int MAX_INPUT_SIDE = 8192;
    /** Larger than any network a CPU workbench can run; ONNX's protobuf itself stops at 2 GiB. */
    static final long MAX_NETWORK_BYTES = 8L << 30;

    private final Path directory;
    private final Path labelsFile;
    private final ModelDescriptor descriptor;
    private final Map<String, Path> networks;
    private final List<String> outputs;
    private final String logits;
    private final JsonObject json;

    private ModelFolder(Path directory, Path labelsFile, ModelDescriptor descriptor, Map<String, Path> networks,
            List<String> outputs, String logits, JsonObject json) {
        this.directory = directory;
        this.labelsFile = labelsFile;
        this.descriptor = descriptor;
        this.networks = Collections.unmodifiableMap(networks);
        this.outputs = List.copyOf(outputs);
        this.logits = logits;
        this.json = json;
    }

    /** The formats model.json declares (in its order), or none when the folder has no readable model.json. */
    public static Set<String> declaredFormats(Path directory) {
        try {
            return formats(descriptorJson(directory), directory.resolve(DESCRIPTOR)).keySet();
        } catch (ModelLoadException e) {
            return Set.of();
        }
    }

    /** Reads and checks a model folder. */
    public static ModelFolder read(Path directory) throws ModelLoadException {
        Path file = directory.resolve(DESCRIPTOR);
        JsonObject root = descriptorJson(directory);
        try {
            String id = id(root, directory);
            JsonObject input = root.getAsJsonObject("input");
            if (input == null) {
                throw new ModelLoadException(file, "needs \"input\": {\"width\": .., \"height\": ..}");
            }
            int width = integer(input, "width", "\"input\"");
            int height = integer(input, "height", "\"input\"");
            if (width <= 0 || height <= 0 || width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) {
                throw new ModelLoadException(file, "input size " + width + "x" + height + " outside 1.."
                        + MAX_INPUT_SIDE);
            }
            Normalization normalization = Normalization.NONE;
            JsonObject norm = root.getAsJsonObject("normalization");
            if (norm != null) {
                normalization = new Normalization(floats(norm.getAsJsonArray("mean")),
                        floats(norm.getAsJsonArray("std")));
            }
            Path labelsFile = inside(directory, text(root, "labels", "labels.txt"), file, "labels");
            List<String> labels = labels(labelsFile);
            List<LayerInfo> layers = new ArrayList<>();
            JsonArray layerArray = root.getAsJsonArray("layers");
            if (layerArray != null) {
                if (layerArray.size() > MAX_LAYERS) {
                    throw new ModelLoadException(file, layerArray.size() + " layers; at most " + MAX_LAYERS);
                }
                for (JsonElement e : layerArray) {
                    JsonObject l = e.getAsJsonObject();
                    String layerId = l.get("id").getAsString();
                    layers.add(new LayerInfo(layerId, text(l, "name", layerId)));
                }
            }
            Map<String, Path> networks = formats(root, file);
            List<String> outputs = new ArrayList<>();
            JsonArray outputArray = root.getAsJsonArray("outputs");
            if (outputArray != null) {
                if (outputArray.size() > MAX_LAYERS + 1) {
                    throw new ModelLoadException(file, outputArray.size() + " outputs; at most " + (MAX_LAYERS + 1));
                }
                outputArray.forEach(e -> outputs.add(e.getAsString()));
                if (new LinkedHashSet<>(outputs).size() != outputs.size()) {
                    throw new ModelLoadException(file, "\"outputs\" names an output twice: " + outputs);
                }
            } else {
                outputs.add(LOGITS);
                layers.forEach(l -> outputs.add(l.id()));
            }
            String logits = text(root, "logits", LOGITS);
            if (!networks.containsKey(MXNET)) {
                // networks that return a tuple: the logits and every exposed layer must be one of the outputs
                if (!outputs.contains(logits)) {
                    throw new ModelLoadException(file, "\"logits\" names output '" + logits
                            + "', which \"outputs\" does not list: " + outputs);
                }
                for (LayerInfo l : layers) {
                    if (!outputs.contains(l.id())) {
                        throw new ModelLoadException(file, "layer '" + l.id() + "' is not one of the network's "
                                + "\"outputs\": " + outputs);
                    }
                }
            }
            ModelDescriptor descriptor = new ModelDescriptor(id, text(root, "name", id),
                    text(root, "architecture", "unknown"), text(root, "variant", "standard"),
                    text(root, "description", ""), width, height, normalization, labels, layers);
            return new ModelFolder(directory, labelsFile, descriptor, networks, outputs, logits, root);
        } catch (RuntimeException e) {
            // missing fields, wrong types, inconsistent values
            throw new ModelLoadException(file, "invalid descriptor: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), e);
        }
    }

    public Path directory() {
        return directory;
    }

    public Path descriptorFile() {
        return directory.resolve(DESCRIPTOR);
    }

    /** The labels file model.json names (labels.txt when it names none), already checked to lie inside. */
    public Path labelsFile() {
        return labelsFile;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** Network file by format, in the order model.json lists them (MXNet's entry is its symbol file). */
    public Map<String, Path> networks() {
        return networks;
    }

    /** The network file of one format, checked to exist, be a regular file inside the folder and be of sane size. */
    public Path network(String format) throws ModelLoadException {
        Path file = networks.get(format);
        if (file == null) {
            throw new ModelLoadException(descriptorFile(), "declares no " + format + " network; it has "
                    + networks.keySet());
        }
        checkNetworkFile(file);
        return file;
    }

    /** The network's outputs by name, in the order it returns them (TorchScript's tuple, ONNX's named outputs). */
    public List<String> outputs() {
        return outputs;
    }

    /** Which output holds the logits. */
    public String logits() {
        return logits;
    }

    /** After a backend's probe: the network's logits must have one class per label. */
    public void checkClassCount(int classes) throws ModelLoadException {
        if (classes != descriptor.labels().size()) {
            throw new ModelLoadException(descriptorFile(), "has " + descriptor.labels().size()
                    + " labels but the network's logits have " + classes + " classes");
        }
    }

    /** Any other text field of model.json (for a backend's own keys, such as MXNet's prefix). */
    public String text(String key, String fallback) {
        return text(json, key, fallback);
    }

    /**
     * Resolves a file name that a file of the folder gives: relative, inside the folder, and not a link that leads
     * out of it.
     *
     * @param namedIn the file that names it, for the message
     */
    public static Path inside(Path directory, String name, Path namedIn) throws ModelLoadException {
        return inside(directory, name, namedIn, null);
    }

    /**
     * Resolves a file name that a file of the folder gives under a field: relative, inside the folder (compared by
     * real paths, so that no link leads out of it), and, where it exists, a regular file (a FIFO or device would
     * block the reader). Nothing outside the folder is opened: only its path is resolved.
     *
     * @param namedIn the file that names it, for the message
     * @param field the field of that file that gives the name, or null
     */
    public static Path inside(Path directory, String name, Path namedIn, String field) throws ModelLoadException {
        String names = (field == null ? "" : "\"" + field + "\" ") + "names '" + name + "'";
        if (name == null || name.isBlank()) {
            throw new ModelLoadException(namedIn, (field == null ? "" : "\"" + field + "\" ")
                    + "names an empty file name");
        }
        try {
            return ContainedPath.resolve(directory, "model folder", name, ContainedPath.Kind.FILE);
        } catch (ContainedPath.RefusedException e) {
            throw new ModelLoadException(namedIn, names + ", " + e.getMessage());
        }
    }

    private void checkNetworkFile(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing network file");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ModelLoadException(file, "network file is empty");
            }
            if (size > MAX_NETWORK_BYTES) {
                throw new ModelLoadException(file, "network file of " + size + " bytes; at most "
                        + MAX_NETWORK_BYTES);
            }
        } catch (IOException e) {
            throw new ModelLoadException(file, "unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonObject descriptorJson(Path directory) throws ModelLoadException {
        Path json = directory.resolve(DESCRIPTOR);
        if (!Files.exists(json, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelLoadException(json, "missing: a model folder needs a " + DESCRIPTOR);
        }
        try {
            if (!json.toRealPath().startsWith(directory.toRealPath())) {
                throw new ModelLoadException(json, "is a link that leads outside the model folder");
            }
            if (!Files.isRegularFile(json)) {
                throw new ModelLoadException(json, "is not a regular file (a folder, FIFO or device)");
            }
            long size = Files.size(json);
            if (size > MAX_DESCRIPTOR_BYTES) {
                throw new ModelLoadException(json, "is " + size + " bytes; a descriptor has at most "
                        + MAX_DESCRIPTOR_BYTES);
            }
            JsonElement parsed = JsonParser.parseString(Files.readString(json));
            if (!parsed.isJsonObject()) {
                throw new ModelLoadException(json, "must hold a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelLoadException(json, JsonProblems.describe(e), e);
        } catch (IOException e) {
            throw new ModelLoadException(json, "unreadable: " + e.getMessage(), e);
        }
    }

    /** "format" + "network", or "networks": {format: file, ...}; MXNet (the default) names its symbol file. */
    private static Map<String, Path> formats(JsonObject root, Path file) throws ModelLoadException {
        Path directory = file.getParent();
        Map<String, Path> networks = new LinkedHashMap<>();
        try {
            JsonObject several = root.has("networks") ? root.getAsJsonObject("networks") : null;
            if (several != null) {
                if (root.has("format") || root.has("network")) {
                    throw new ModelLoadException(file, "give either \"networks\" or \"format\" and \"network\", "
                            + "not both");
                }
                for (Map.Entry<String, JsonElement> e : several.entrySet()) {
                    networks.put(format(e.getKey(), file), inside(directory, e.getValue().getAsString(), file,
                            "networks"));
                }
                if (networks.isEmpty()) {
                    throw new ModelLoadException(file, "\"networks\" lists no network");
                }
                return networks;
            }
            String format = format(text(root, "format", MXNET), file);
            String fallback = format.equals(MXNET) ? text(root, "prefix", id(root, directory)) + "-symbol.json"
                    : null;
            String network = text(root, "network", fallback);
            if (network == null) {
                throw new ModelLoadException(file, "format " + format + " needs \"network\": the network file");
            }
            // MXNet's default network file comes from "prefix": name the field the name came from
            networks.put(format, inside(directory, network, file, root.has("network") || !format.equals(MXNET)
                    ? "network" : "prefix"));
            return networks;
        } catch (RuntimeException e) {
            throw new ModelLoadException(file, "invalid descriptor: " + e.getMessage(), e);
        }
    }

    private static String format(String name, Path file) throws ModelLoadException {
        if (!FORMATS.contains(name)) {
            throw new ModelLoadException(file, "unknown format '" + name + "'; known: " + FORMATS);
        }
        return name;
    }

    private static final String NAMED = " (the file " + DESCRIPTOR + " names as \"labels\")";

    /** Reads the labels line by line, refusing a file over the size cap before and over the count cap while. */
    private static List<String> labels(Path labelsFile) throws ModelLoadException {
        try {
            if (!Files.isRegularFile(labelsFile)) {
                throw new ModelLoadException(labelsFile, "missing labels file (one class name per line)" + NAMED);
            }
            long size = Files.size(labelsFile);
            if (size > MAX_LABELS_BYTES) {
                throw new ModelLoadException(labelsFile, "is " + size + " bytes; a labels file has at most "
                        + MAX_LABELS_BYTES + NAMED);
            }
            List<String> labels = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(labelsFile, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    String label = line.strip();
                    if (label.isEmpty()) {
                        continue;
                    }
                    if (labels.size() == MAX_LABELS) {
                        throw new ModelLoadException(labelsFile, "line " + number + ": more than " + MAX_LABELS
                                + " labels" + NAMED);
                    }
                    labels.add(label);
                }
            } catch (CharacterCodingException e) {
                throw new ModelLoadException(labelsFile, "is not UTF-8 text (one class name per line)" + NAMED, e);
            }
            if (labels.isEmpty()) {
                throw new ModelLoadException(labelsFile, "holds no labels (one class name per line)" + NAMED);
            }
            return List.copyOf(labels);
        } catch (IOException e) {
            throw new ModelLoadException(labelsFile, "unreadable: " + e.getMessage(), e);
        }
    }

    /** The model's id: model.json's, else the folder's name. */
    private static String id(JsonObject root, Path directory) {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return text(root, "id", name == null ? "model" : name.toString());
    }

    private static String text(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        if (e != null && !e.isJsonNull() && !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string, not " + (e.isJsonArray()
                    ? "a list" : "an object"));
        }
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    /** A whole number field, saying which is missing or wrong. */
    private static int integer(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + " needs \"" + key + "\": a whole number");
        }
        return e.getAsInt();
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }
}
