package org.perturber.core.tests.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;
import org.perturber.core.session.SessionFile;

class SceneValuesTest {
    @Test
    void scenesAreValuesDerivedNotMutated() {
        Scene a = Scene.of(SceneObject.of("mug", MeshRef.builtin("mug")));
        Scene b = a.withCamera(a.camera().withOrbit(90, 10, 4));
        assertEquals(Camera.DEFAULT, a.camera());
        assertEquals(90, b.camera().azimuthDegrees());
        assertEquals(a, Scene.of(SceneObject.of("mug", MeshRef.builtin("mug"))));
        assertTrue(!a.equals(b));
    }

    @Test
    void nanAndNonsenseNeverEnterAScene() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Camera.DEFAULT.withOrbit(Double.NaN, 0, 3));
        assertTrue(e.getMessage().contains("azimuth"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Camera.DEFAULT.withOrbit(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Camera.DEFAULT.withFieldOfView(180));
        assertThrows(IllegalArgumentException.class, () -> new Vec3(0, Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new Rgb(-0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Light.directional(Vec3.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new Background(Background.Kind.IMAGE, Rgb.BLACK,
                Rgb.BLACK, ""));
        List<Light> five = new ArrayList<>(Collections.nCopies(5, Light.directional(new Vec3(0, 1, 0), 1)));
        assertThrows(IllegalArgumentException.class, () -> Lighting.DEFAULT.withLights(five));
    }

    @Test
    void orbitEyePositionFollowsAzimuthAndElevation() {
        Camera front = Camera.DEFAULT.withOrbit(0, 0, 2);
        assertEquals(2, front.eye().z(), 1e-9);
        Camera side = Camera.DEFAULT.withOrbit(90, 0, 2);
        assertEquals(2, side.eye().x(), 1e-9);
        Camera top = Camera.DEFAULT.withOrbit(0, 90, 2);
        assertEquals(2, top.eye().y(), 1e-9);
    }

    @Test
    void coloursRoundTripThroughHex() {
        assertEquals("#ff8000", Rgb.fromHex("#ff8000").toHex());
        assertThrows(IllegalArgumentException.class, () -> Rgb.fromHex("#zzzzzz"));
    }

    @Test
    void shapeParametersAreCopiedAndSorted() {
        SceneObject o = SceneObject.of("vase", MeshRef.builtin("vase")).withShape("twist", "0.5")
                .withShape("morph.target", "mug");
        assertEquals("0.5", o.shape().get("twist"));
        assertEquals(o.shape(), o.withShape("bend", null).shape());
        assertThrows(UnsupportedOperationException.class, () -> o.shape().put("x", "1"));
    }

    @Test
    void aBuiltinObjectsClassIsItsIdAndAnImportedMeshsIsItsName() {
        assertEquals("mug", SceneObject.of("my cup", MeshRef.builtin("mug")).classLabel());
        assertEquals("table", SceneObject.of("table", MeshRef.file("/data/meshes/t17.obj")).classLabel());
    }

    @Test
    void aCutOffSessionFileIsRefusedInWordsNamingTheFile(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("cut.json");
        Files.writeString(file, "{\"scene\": {\"objects\": [");
        IOException e = assertThrows(IOException.class,
                () -> SessionFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a valid session file: ends early"), e.getMessage());
        assertTrue(e.getMessage().contains("cut off") && !e.getMessage().contains("Exception"), e.getMessage());
    }
}
