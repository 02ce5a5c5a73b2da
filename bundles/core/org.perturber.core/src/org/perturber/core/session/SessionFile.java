package org.perturber.core.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.perturber.core.files.ContainedPath;
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
 * leaves the previous file intact. Files in the session's folder are named relatively and must stay inside it when
 * read; files elsewhere are named absolutely and listed by {@link SessionReferences#outside} for the user to allow.
 */
public final class SessionFile {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    /** The largest session file read: a session is a scene, a stack and folder names, a few kilobytes. */
    public static final long MAX_BYTES = 4L << 20;

    /** What a session file holds. */
    public record Contents(Scene scene, PerturbationStack stack, List<Path> models) {
    }

    private SessionFile() {
    }

    public static void write(Path file, Scene scene, PerturbationStack stack, List<LoadedModel> models)
            throws IOException {
        Path folder = SessionReferences.folderOf(file);
        JsonObject root = new JsonObject();
        root.addProperty("format", "perturber-session-1");
        // what lies in the session's folder is named relatively: the folder can be moved or shared whole
        root.add("scene", GSON.toJsonTree(SessionReferences.map(scene, (element, path, kind) -> SessionReferences
                .relativeIfInside(folder, path))));
        root.add("stack", JsonParser.parseString(stack.toJson()));
        JsonArray dirs = new JsonArray();
        models.forEach(m -> dirs.add(SessionReferences.relativeIfInside(folder, m.location().toAbsolutePath()
                .normalize().toString())));
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
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) { // a folder, a FIFO or a device would fail or block the read
            throw new IOException(file + ": not a regular file (a folder, a pipe or a device)");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes is more than a session file may have (" + MAX_BYTES
                    + ", SessionFile.MAX_BYTES)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e, e); // some say no more than the path
        }
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new IOException(file + ": not a Perturber session: expected an object {...}, got "
                        + JsonProblems.kind(parsed));
            }
            JsonObject root = parsed.getAsJsonObject();
            if (!root.has("scene") || !root.has("stack")) {
                throw new IOException(file + ": not a Perturber session (no scene or stack)");
            }
            if (!root.get("scene").isJsonObject()) {
                throw invalid(file, JsonProblems.wrongType("scene", "an object {...}", root.get("scene")));
            }
            Scene scene = scene(file, root.get("scene"));
            JsonElement stackJson = root.get("stack");
            if (!stackJson.isJsonObject() || !stackJson.getAsJsonObject().has("perturbations")) {
                throw invalid(file, JsonProblems.wrongType("stack", "{\"perturbations\": [...]}", stackJson));
            }
            PerturbationStack stack;
            try {
                stack = PerturbationStack.fromJson(stackJson.getAsJsonObject().get("perturbations"),
                        "stack.perturbations");
            } catch (IllegalArgumentException e) {
                throw invalid(file, e.getMessage());
            }
            List<Path> models = new ArrayList<>();
            if (root.has("models")) {
                JsonElement list = root.get("models");
                if (!list.isJsonArray()) {
                    throw invalid(file, JsonProblems.wrongType("models", "a list of model folders [...]", list));
                }
                for (int i = 0; i < list.getAsJsonArray().size(); i++) {
                    JsonElement e = list.getAsJsonArray().get(i);
                    if (!JsonProblems.isString(e)) {
                        throw invalid(file, JsonProblems.wrongType("models[" + i + "]", "a model folder (a string)",
                                e));
                    }
                    try {
                        models.add(Path.of(SessionReferences.resolveInside(SessionReferences.folderOf(file),
                                "models[" + i + "]", e.getAsString(), ContainedPath.Kind.FOLDER)));
                    } catch (InvalidPathException x) {
                        throw invalid(file, "models[" + i + "]: not a usable path: " + x.getReason());
                    } catch (IOException x) {
                        throw invalid(file, x.getMessage());
                    }
                }
            }
            return new Contents(scene, stack, models);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a valid session file: " + JsonProblems.describe(e), e);
        }
    }

    private static IOException invalid(Path file, String problem) {
        return new IOException(file + ": not a valid session file: " + problem);
    }

    private static Scene scene(Path file, JsonElement json) throws IOException {
        Scene scene;
        try {
            scene = GSON.fromJson(json, Scene.class);
        } catch (JsonParseException e) {
            throw invalid(file, JsonProblems.describeBinding(e, "scene"));
        } catch (RuntimeException e) {
            // Gson wraps what a record's constructor refuses (a missing camera, a null object) in a RuntimeException
            Throwable why = e.getCause() != null ? e.getCause() : e;
            if (why instanceof NumberFormatException) {
                // Gson reads a string where a number belongs with Double.parseDouble, and says no more than the text
                throw invalid(file, "scene: a number was expected, got text (" + String.valueOf(why.getMessage())
                        .replace("For input string: ", "") + ")");
            }
            boolean worded = why instanceof IllegalArgumentException && why.getMessage() != null;
            throw invalid(file, "scene: " + (worded ? why.getMessage()
                    : "a part of the scene is missing or null (objects, camera, lighting, background)"));
        }
        if (scene == null) {
            throw new IOException(file + ": not a valid session file: its scene is null");
        }
        Path folder = SessionReferences.folderOf(file);
        try {
            return SessionReferences.map(scene, (element, path, kind) -> SessionReferences.resolveInside(folder,
                    element, path, kind));
        } catch (IOException | InvalidPathException e) {
            throw invalid(file, e.getMessage());
        }
    }
}
