package org.perturber.core.tests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.core.session.SessionReferences;
import org.perturber.core.session.SessionReferences.Reference;
import org.perturber.testing.Canaries;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The files a session names: those in its folder are written relatively and must stay inside it when read (an
 * escape is refused, naming the file and the element); those elsewhere are kept and listed for the user to allow.
 * A canary mesh beside the session's folder shows that no refusal read it.
 */
class SessionReferencesTest {
    @TempDir
    Path root;
    Path folder;
    Canaries canaries;

    @BeforeEach
    void folders() throws IOException {
        folder = Files.createDirectories(root.resolve("study"));
        Files.writeString(folder.resolve("chair.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        Files.write(folder.resolve("wood.png"), new byte[] { 1 });
        canaries = Canaries.in(root);
        canaries.plant(root.resolve("outside.obj"), "v 0 0 0\n".getBytes(StandardCharsets.UTF_8));
    }

    private static ContributionRegistry registry() {
        return Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
    }

    @AfterEach
    void nothingOutsideWasRead() throws IOException {
        assertEquals(List.of(), canaries.read());
    }

    private static Scene sceneWith(String mesh, String texture, String background) {
        SceneObject chair = SceneObject.of("chair", MeshRef.file(mesh)).withMaterial(Material.DEFAULT.withTexture(
                Texture.image(texture)));
        return Scene.of(chair).withBackground(new Background(Background.Kind.IMAGE,
                Background.DEFAULT.color(), Background.DEFAULT.color(), background));
    }

    private Path write(Scene scene) throws IOException {
        Path file = folder.resolve("s.json");
        SessionFile.write(file, scene, PerturbationStack.EMPTY, List.of());
        return file;
    }

    @Test
    void filesInTheSessionsFolderAreNamedRelativelyAndReadBackAbsolute() throws IOException {
        Path file = write(sceneWith(folder.resolve("chair.obj").toString(), folder.resolve("wood.png").toString(),
                folder.resolve("wood.png").toString()));
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        JsonObject object = json.getAsJsonObject("scene").getAsJsonArray("objects").get(0).getAsJsonObject();
        assertEquals("chair.obj", object.getAsJsonObject("mesh").get("id").getAsString());
        assertEquals("wood.png", object.getAsJsonObject("material").getAsJsonObject("texture").get("source")
                .getAsString());
        // moved elsewhere, the folder still opens with its own files
        Path moved = Files.move(folder, root.resolve("moved"));
        SessionFile.Contents c = SessionFile.read(moved.resolve("s.json"));
        assertEquals(moved.resolve("chair.obj").toString(), c.scene().objects().get(0).mesh().id());
        assertEquals(moved.resolve("wood.png").toString(), c.scene().background().source());
        assertEquals(List.of(), SessionReferences.outside(c, moved.resolve("s.json"), List.of(), registry()));
    }

    @Test
    void aRelativeNameLeadingOutIsRefusedNamingTheElement() throws IOException {
        Path file = write(sceneWith("../outside.obj", folder.resolve("wood.png").toString(), "wood.png"));
        IOException e = assertThrows(IOException.class, () -> SessionFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("scene.objects[0].mesh names '../outside.obj', which is outside the "
                + "session's folder"), e.getMessage());
    }

    @Test
    void aLinkLeadingOutIsRefused() throws IOException {
        Files.createSymbolicLink(folder.resolve("link.obj"), root.resolve("outside.obj"));
        Path file = write(sceneWith("link.obj", "wood.png", "wood.png"));
        IOException e = assertThrows(IOException.class, () -> SessionFile.read(file));
        assertTrue(e.getMessage().contains("scene.objects[0].mesh names 'link.obj', a link that leads outside"),
                e.getMessage());
    }

    @Test
    void aModelFolderLeadingOutIsRefused() throws IOException {
        Path file = write(Scene.of(SceneObject.of("mug", MeshRef.builtin("mug"))));
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        json.add("models", JsonParser.parseString("[\"../models/net\"]"));
        Files.writeString(file, json.toString());
        IOException e = assertThrows(IOException.class, () -> SessionFile.read(file));
        assertTrue(e.getMessage().contains("models[0] names '../models/net', which is outside the session's "
                + "folder"), e.getMessage());
    }

    @Test
    void absoluteNamesElsewhereAreKeptAndListedUnlessTrusted() throws IOException {
        Path outsideMesh = root.resolve("outside.obj");
        Path trustedModels = Files.createDirectories(root.resolve("installation/models/standard"));
        Path file = write(sceneWith(outsideMesh.toString(), "wood.png", folder.resolve("wood.png").toString()));
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        json.add("models", JsonParser.parseString("[\"" + trustedModels + "\"]"));
        Files.writeString(file, json.toString());
        SessionFile.Contents c = SessionFile.read(file);
        assertEquals(outsideMesh.toString(), c.scene().objects().get(0).mesh().id(), "kept as named");
        List<Reference> outside = SessionReferences.outside(c, file, List.of(root.resolve("installation/models")), registry());
        assertEquals(List.of(new Reference("scene.objects[0].mesh", outsideMesh)), outside);
        // two-sided: without the trusted folder the model folder is listed too; with the root, nothing is
        assertEquals(2, SessionReferences.outside(c, file, List.of(), registry()).size());
        assertFalse(SessionReferences.outside(c, file, List.of(root), registry()).iterator().hasNext());
    }
}
