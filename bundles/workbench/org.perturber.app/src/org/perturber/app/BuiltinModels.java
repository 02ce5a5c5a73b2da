package org.perturber.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The models shipped in the repository's models/ folder (found through the {@code perturber.models} system
 * property, which the launcher sets). {@link #defaults()} are loaded when the workbench opens.
 */
public final class BuiltinModels {
    /** Loaded at start, so that a new user sees predictions with no set-up. */
    public static final List<String> DEFAULTS = List.of("standard");
    /** The order the Models view lists them in; others follow by name. */
    private static final List<String> ORDER = List.of("standard", "adversarial", "texture-debiased", "vgg-standard");

    private BuiltinModels() {
    }

    /**
     * The built-in models to load at start: Window > Preferences' "Default models"
     * ({@link WorkbenchPreferences#DEFAULT_MODELS}), {@link #DEFAULTS} until it is set.
     */
    public static List<String> defaults() {
        return WorkbenchPreferences.defaultModels();
    }

    public static Path directory() {
        return Path.of(System.getProperty("perturber.models", "models"));
    }

    /** Model directories (those with a model.json) in the models folder; empty when there is none. */
    public static List<Path> available() {
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("model.json")))
                    .sorted(Comparator.comparingInt((Path p) -> {
                        int i = ORDER.indexOf(p.getFileName().toString());
                        return i < 0 ? ORDER.size() : i;
                    }).thenComparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
