package org.perturber.core.tests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.session.SessionFile;

/**
 * Infinite and NaN parameter values in a session's stack are refused when the session is opened, naming the file,
 * the stack entry and the parameter: not clamped to a range's end, and not left for the first render to find.
 */
class NonFiniteSessionValuesTest {
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";
    private static final String NOISE = "org.perturber.perturbation.image.gaussianNoise";
    /** A value that occurs nowhere else in the written file, replaced by the hostile one. */
    private static final double MARK = 0.123456;

    /** A saved session whose second entry's "sigma" is written as {@code sigmaText} (the raw JSON). */
    private static Path session(Path dir, String name, String sigmaText) throws IOException {
        PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(FADE).with("amount", 0.5)).add(StackEntry
                .of(NOISE).with("sigma", MARK));
        Path file = dir.resolve(name + ".perturber.json");
        SessionFile.write(file, Scene.of(SceneObject.of("mug", MeshRef.builtin("mug"))), stack, List.of());
        String text = Files.readString(file);
        assertTrue(text.contains(Double.toString(MARK)), text);
        Files.writeString(file, text.replace(Double.toString(MARK), sigmaText));
        return file;
    }

    @Test
    void infiniteAndNanValuesAreRefusedAtOpenNamingFileEntryAndParameter(@TempDir Path dir) throws IOException {
        for (String hostile : new String[] { "Infinity", "-Infinity", "NaN", "1e999", "-1e999" }) {
            Path file = session(dir, "hostile", hostile);
            String m = assertThrows(IOException.class, () -> SessionFile.read(file), hostile).getMessage();
            assertTrue(m.startsWith(file + ": not a valid session file: stack.perturbations[1].values.sigma: "), m);
            assertTrue(m.contains("the parameter sigma of stack entry 2 (" + NOISE + ")"), m);
            assertTrue(m.endsWith("must be a finite number, got " + hostile), m);
        }
    }

    @Test
    void finiteValuesStillReadAsWritten(@TempDir Path dir) throws IOException {
        // the other side: the same file with a finite value (however large) opens, the value kept for the
        // parameter's own range check when applied
        for (String finite : new String[] { "1e300", "-1e300", "0", "2.5" }) {
            Path file = session(dir, "finite", finite);
            StackEntry noise = SessionFile.read(file).stack().entries().get(1);
            assertEquals(Double.parseDouble(finite), ((Number) noise.values().get("sigma")).doubleValue(), finite);
        }
    }

    @Test
    void aStackFileRefusesThemToo() {
        String m = assertThrows(IllegalArgumentException.class, () -> PerturbationStack.fromJson(
                "{\"perturbations\": [{\"id\": \"" + NOISE + "\", \"values\": {\"sigma\": Infinity}}]}"))
                .getMessage();
        assertEquals("perturbations[0].values.sigma: the parameter sigma of stack entry 1 (" + NOISE
                + ") must be a finite number, got Infinity", m);
        assertEquals(3.0, PerturbationStack.fromJson("{\"perturbations\": [{\"id\": \"" + NOISE
                + "\", \"values\": {\"sigma\": 3}}]}").entries().get(0).values().get("sigma"));
    }
}
