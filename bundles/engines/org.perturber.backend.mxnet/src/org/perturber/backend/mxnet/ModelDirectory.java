package org.perturber.backend.mxnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * An MXNet model folder: {@code model.json} (read by {@link ModelFolder}, see models/README.md), the labels file it
 * names, and MXNet's {@code <prefix>-symbol.json} and {@code <prefix>-0000.params}. Everything is validated here, in
 * Java, before native code sees any of it: MXNet reacts to bad files by crashing the JVM rather than by an exception.
 */
public record ModelDirectory(Path directory, ModelDescriptor descriptor, String prefix, Path labelsFile) {
    public static final String DESCRIPTOR = ModelFolder.DESCRIPTOR;
    /**
     * The one parameter epoch that is checked and loaded: DJL would otherwise pick the highest-numbered
     * {@code <prefix>-NNNN.params}, a file nobody checked.
     */
    public static final int EPOCH = 0;
    /** Larger than any MXNet symbol file a CPU workbench runs: the file is parsed in Java before MXNet sees it. */
    static final long MAX_SYMBOL_BYTES = 64L << 20;

    /** Reads and checks a model directory. */
    public static ModelDirectory read(Path directory) throws ModelLoadException {
        ModelFolder folder = ModelFolder.read(directory);
        Path symbol = folder.network(ModelFolder.MXNET);
        String name = symbol.getFileName().toString();
        if (!name.endsWith("-symbol.json")) {
            throw new ModelLoadException(folder.descriptorFile(), "the MXNet network file must be named "
                    + "<prefix>-symbol.json, not " + name);
        }
        String prefix = name.substring(0, name.length() - "-symbol.json".length());
        if (!symbol.getParent().equals(folder.directory().toAbsolutePath().normalize())) {
            // MXNet loads <folder>/<prefix>-symbol.json: a symbol file in a subfolder would not be the one checked
            throw new ModelLoadException(folder.descriptorFile(), "the MXNet network file must lie beside "
                    + DESCRIPTOR + ", not in a subfolder: " + symbol);
        }
        try {
            checkWeights(folder.directory(), symbol, prefix);
        } catch (IOException e) {
            throw new ModelLoadException(directory, "unreadable: " + e.getMessage(), e);
        }
        return new ModelDirectory(folder.directory(), folder.descriptor(), prefix, folder.labelsFile());
    }

    private static void checkWeights(Path directory, Path symbol, String prefix) throws ModelLoadException,
            IOException {
        if (Files.size(symbol) > MAX_SYMBOL_BYTES) {
            throw new ModelLoadException(symbol, "symbol file of " + Files.size(symbol) + " bytes; at most "
                    + MAX_SYMBOL_BYTES);
        }
        try {
            JsonElement s = JsonParser.parseString(Files.readString(symbol));
            if (!s.isJsonObject() || !s.getAsJsonObject().has("nodes")) {
                throw new ModelLoadException(symbol, "not an MXNet symbol (no \"nodes\")");
            }
        } catch (JsonParseException e) {
            throw new ModelLoadException(symbol, "corrupt symbol file: " + e.getMessage(), e);
        }
        Path params = ModelFolder.inside(directory, paramsName(prefix), directory.resolve(DESCRIPTOR), "prefix");
        if (!Files.isRegularFile(params)) {
            throw new ModelLoadException(params, "missing parameter file");
        }
        if (Files.size(params) < 16) {
            throw new ModelLoadException(params, "parameter file is truncated (" + Files.size(params) + " bytes)");
        }
    }

    private static String paramsName(String prefix) {
        return String.format(Locale.ROOT, "%s-%04d.params", prefix, EPOCH);
    }

    /** The symbol file MXNet loads. */
    public Path symbolFile() {
        return directory.resolve(prefix + "-symbol.json");
    }

    /** The parameter file that was checked and that MXNet loads (epoch {@link #EPOCH}, never a later one). */
    public Path paramsFile() {
        return directory.resolve(paramsName(prefix));
    }
}
