package org.perturber.core.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.perturber.core.inference.LoadedModel;
import org.perturber.core.internal.json.JsonProblems;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A saved exploration: the scene, the perturbation stack and the active models' folders, as JSON. Saving writes a
 * temporary file beside the target and renames it over the target in one atomic step, so a crash while saving
 * leaves the previous file intact.
 */
public final class SessionFile {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** What a session file holds. */
    public record Contents(Scene scene, PerturbationStack stack, List<Path> models) {
    }

    private SessionFile() {
    }

    public static void write(Path file, Scene scene, PerturbationStack stack, List<LoadedModel> models)
            throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", "perturber-session-1");
        root.add("scene", GSON.toJsonTree(scene));
        root.add("stack", JsonParser.parseString(stack.toJson()));
        JsonArray dirs = new JsonArray();
        models.forEach(m -> dirs.add(m.location().toAbsolutePath().toString()));
        root.add("models", dirs);
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, GSON.toJson(root), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @throws IOException naming the file and what is wrong with it */
    public static Contents read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e, e); // some say no more than the path
        }
        try {
            JsonObject root = JsonParser.parseString(text).getAsJsonObject();
            if (!root.has("scene") || !root.has("stack")) {
                throw new IOException(file + ": not a Perturber session (no scene or stack)");
            }
            Scene scene = scene(file, root.get("scene"));
            PerturbationStack stack = PerturbationStack.fromJson(root.get("stack").toString());
            List<Path> models = new ArrayList<>();
            if (root.has("models")) {
                root.getAsJsonArray("models").forEach(e -> models.add(Path.of(e.getAsString())));
            }
            return new Contents(scene, stack, models);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a valid session file: " + JsonProblems.describe(e), e);
        } catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new IOException(file + ": not a valid session file: " + e.getMessage(), e);
        }
    }

    private static Scene scene(Path file, JsonElement json) throws IOException {
        Scene scene;
        try {
            scene = GSON.fromJson(json, Scene.class);
        } catch (JsonParseException e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson wraps what a record's constructor refuses (a missing camera, a null object) in a RuntimeException
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IOException(file + ": not a valid session file: " + (why.getMessage() != null ? why
                    .getMessage() : "a part of the scene is missing (" + why.getClass().getSimpleName() + ")"), e);
        }
        if (scene == null) {
            throw new IOException(file + ": not a valid session file: its scene is null");
        }
        return scene;
    }
}
