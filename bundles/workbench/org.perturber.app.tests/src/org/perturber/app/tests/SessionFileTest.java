package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.Normalization;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.Scene;
import org.perturber.core.session.SessionFile;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/** Session files that round-trip and are replaced atomically, and broken ones refused with their name. */
class SessionFileTest {
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";

    @Test
    void aSavedSessionReopensToTheSameState(@TempDir Path dir) throws IOException {
        Scene scene = BuiltinScenes.standard(new BuiltinObjects(), "teapot");
        scene = scene.withCamera(scene.camera().withOrbit(123, -7, 2.5));
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(FADE).with("amount", 0.25)).add(
                StackEntry.of("org.perturber.perturbation.camera.cameraPerturbation").with("roll", 12.0)
                        .withEnabled(false));
        ModelDescriptor d = new ModelDescriptor("standard", "Standard", "cnn", "standard", "", 96, 96,
                Normalization.NONE, List.of("mug"), List.of());
        Path model = dir.resolve("models/standard");
        Path file = dir.resolve("explore.perturber.json");
        SessionFile.write(file, scene, stack, List.of(new LoadedModel("standard#1", model, "mxnet", d)));
        SessionFile.Contents read = SessionFile.read(file);
        assertEquals(scene, read.scene());
        assertEquals(stack, read.stack());
        assertEquals(List.of(model.toAbsolutePath()), read.models());

        // saving again replaces the file in one step and leaves no temporary file behind
        SessionFile.write(file, scene.withCamera(scene.camera().withRoll(5)), stack, List.of());
        assertEquals(5, SessionFile.read(file).scene().camera().rollDegrees(), 1e-9);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("explore.perturber.json"), files.map(p -> p.getFileName().toString()).filter(
                    n -> !Files.isDirectory(dir.resolve(n))).toList(), "no temporary file left behind");
        }
    }

    @Test
    void aBrokenSessionFileIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.perturber.json");
        Files.writeString(file, "{\"scene\": {\"objects\": 3}, \"stack\": {\"perturbations\": []}}");
        IOException e = assertThrows(IOException.class, () -> SessionFile.read(file));
        assertTrue(e.getMessage().contains("broken.perturber.json"), e.getMessage());
    }
}
