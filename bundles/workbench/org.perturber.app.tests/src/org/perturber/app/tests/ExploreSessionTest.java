package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.ExploreSession;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.Normalization;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.Scene;
import org.perturber.core.session.SessionFile;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/** The session: undo and redo of stack edits, and session files that round-trip and are replaced atomically. */
class ExploreSessionTest {
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";

    @Test
    void aSliderDragUndoesAsOneEditAndRedoComesBack() {
        ExploreSession s = new ExploreSession();
        PerturbationStack one = PerturbationStack.EMPTY.add(StackEntry.of(FADE));
        s.setStack(one);
        for (double v = 0.1; v <= 0.5; v += 0.1) { // a drag: many changes of one parameter
            s.setStack(one.set(0, one.entries().get(0).with("amount", v)), new ExploreSession.Change("Fade: amount",
                    v));
        }
        assertEquals(0.5, (Double) s.stack().entries().get(0).values().get("amount"), 1e-9);
        assertTrue(s.undo());
        assertEquals(one, s.stack(), "the whole drag is undone at once");
        assertTrue(s.undo());
        assertEquals(PerturbationStack.EMPTY, s.stack());
        assertFalse(s.undo());
        assertTrue(s.redo());
        assertTrue(s.redo());
        assertEquals(0.5, (Double) s.stack().entries().get(0).values().get("amount"), 1e-9);
        assertFalse(s.redo());
    }

    /**
     * Predictions first: a secondary view's Job waits while the predictions of a newer state are pending, goes on as
     * soon as they are shown, and never waits longer than it was told (or at all when nothing is pending).
     */
    @Test
    void secondaryViewsWaitForPendingPredictionsOnly() throws Exception {
        ExploreSession s = new ExploreSession();
        long t0 = System.nanoTime();
        s.yieldToPredictions(java.time.Duration.ofSeconds(5));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "nothing pending: no wait");

        s.predictionsPending(s.changedAt());
        t0 = System.nanoTime();
        s.yieldToPredictions(java.time.Duration.ofMillis(200));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 190_000_000L, "pending: waits up to the limit, waited " + waited / 1e6 + " ms");

        long state = s.changedAt();
        Thread shower = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            s.predictionsShown(state);
        });
        shower.start();
        t0 = System.nanoTime();
        s.yieldToPredictions(java.time.Duration.ofSeconds(20));
        waited = System.nanoTime() - t0;
        shower.join();
        assertTrue(waited >= 90_000_000L && waited < 10_000_000_000L, "released when shown, after "
                + waited / 1e6 + " ms");
        t0 = System.nanoTime();
        s.yieldToPredictions(java.time.Duration.ofSeconds(20));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "shown: no wait any more");
    }

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
