package org.perturber.objects.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.perturber.core.geometry.ShapeKeys;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.scene.Texture;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;

class BuiltinObjectsTest {
    private static final BuiltinObjects OBJECTS = Renders.objects();
    private static final SceneRenderer RENDERER = Fixtures.renderer();

    private static TriangleMesh mesh(String id, Map<String, String> shape) {
        return OBJECTS.meshFor(new SceneObject(id, MeshRef.builtin(id),
                org.perturber.core.scene.Transform.IDENTITY, org.perturber.core.scene.Material.DEFAULT, shape));
    }

    @Test
    void theTwelveClassesOfTheShippedModelsEachWithItsOwnTexture() {
        List<String> ids = OBJECTS.ids();
        // the shipped models' labels.txt, in this order: another class or another order would need retraining
        assertEquals(List.of("mug", "bottle", "vase", "bowl", "table", "chair", "lamp", "mushroom", "apple", "donut",
                "teapot", "dumbbell"), ids);
        Set<String> textures = new HashSet<>();
        for (String id : ids) {
            Texture t = OBJECTS.defaultMaterial(MeshRef.builtin(id)).orElseThrow().texture();
            assertEquals(Texture.Kind.PROCEDURAL, t.kind(), id);
            textures.add(t.source() + t.color() + t.secondColor());
            assertTrue(!OBJECTS.label(id).isBlank());
        }
        assertEquals(ids.size(), textures.size(), "every class has a distinct default texture");
    }

    @Test
    void meshesAreCentredAndFitTheUnitSphere() {
        for (String id : OBJECTS.ids()) {
            float[] p = mesh(id, Map.of()).positions();
            double max = 0;
            double[] min = { 9, 9, 9 }, hi = { -9, -9, -9 };
            for (int v = 0; v < p.length; v += 3) {
                max = Math.max(max, Math.sqrt(p[v] * p[v] + p[v + 1] * p[v + 1] + p[v + 2] * p[v + 2]));
                for (int k = 0; k < 3; k++) {
                    min[k] = Math.min(min[k], p[v + k]);
                    hi[k] = Math.max(hi[k], p[v + k]);
                }
            }
            assertEquals(1.0, max, 1e-4, id + " touches the unit sphere");
            for (int k = 0; k < 3; k++) {
                assertEquals(0, (min[k] + hi[k]) / 2, 1e-4, id + " is centred on axis " + k);
            }
        }
    }

    @Test
    void everyObjectRendersWithItsOwnSilhouette() {
        List<String> ids = OBJECTS.ids();
        boolean[][] masks = new boolean[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            masks[i] = Fixtures.silhouette(RENDERER.render(Renders.scene(ids.get(i)), 64, 64));
            double c = Fixtures.coverage(masks[i]);
            assertTrue(c > 0.08 && c < 0.8, ids.get(i) + " covers " + c + " of the image");
        }
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                double iou = Fixtures.iou(masks[i], masks[j]);
                assertTrue(iou < 0.85, ids.get(i) + " and " + ids.get(j) + " look alike (IoU " + iou + ")");
            }
        }
    }

    /**
     * The renderer culls the back faces of closed solids, but only for undeformed objects (a deformed one may fold
     * onto itself): an object with a deformation of zero has the same mesh and is drawn two-sided, and must give
     * the same pixels, from outside, from below, from close by and from inside.
     */
    @Test
    void cullingBackFacesChangesNoPixel() {
        for (String id : OBJECTS.ids()) {
            Scene scene = Renders.scene(id);
            SceneObject o = scene.objects().get(0);
            Scene twoSided = scene.withObjects(List.of(o.withShape(ShapeKeys.TWIST, "0")));
            assertTrue(mesh(id, Map.of()) == mesh(id, Map.of(ShapeKeys.TWIST, "0")), "the same mesh");
            for (double[] view : new double[][] { { 20, 15, 3 }, { 200, -70, 2.2 }, { 75, 40, 1.2 }, { 0, 0, 0.3 } }) {
                var camera = scene.camera().withOrbit(view[0], view[1], view[2]);
                assertEquals(RENDERER.render(twoSided.withCamera(camera), 64, 64),
                        RENDERER.render(scene.withCamera(camera), 64, 64), id + " seen from " + Arrays.toString(view));
            }
        }
    }

    @Test
    void morphEndpointsAreTheObjectsThemselves() {
        TriangleMesh mug = mesh("mug", Map.of());
        TriangleMesh vase = mesh("vase", Map.of());
        TriangleMesh start = mesh("mug", Map.of(ShapeKeys.MORPH_TARGET, "vase", ShapeKeys.MORPH_AMOUNT, "0"));
        TriangleMesh end = mesh("mug", Map.of(ShapeKeys.MORPH_TARGET, "vase", ShapeKeys.MORPH_AMOUNT, "1"));
        assertArrayEquals(mug.positions(), start.positions());
        assertArrayEquals(vase.positions(), end.positions());
        // and on pixels
        Scene mugScene = Renders.scene("mug");
        SceneObject o = mugScene.objects().get(0);
        Scene morphedToVase = mugScene.withObjects(List.of(o.withShape(ShapeKeys.MORPH_TARGET, "vase")
                .withShape(ShapeKeys.MORPH_AMOUNT, "1")));
        Scene vaseWithMugMaterial = mugScene.withObjects(List.of(o.withMesh(MeshRef.builtin("vase"))));
        assertEquals(RENDERER.render(vaseWithMugMaterial, 64, 64), RENDERER.render(morphedToVase, 64, 64));
    }

    @Test
    void morphingIsContinuousBetweenAnyTwoObjects() {
        List<String> ids = OBJECTS.ids();
        for (String a : ids) {
            String b = ids.get((ids.indexOf(a) + 5) % ids.size());
            float[] p1 = mesh(a, Map.of(ShapeKeys.MORPH_TARGET, b, ShapeKeys.MORPH_AMOUNT, "0.50")).positions();
            float[] p2 = mesh(a, Map.of(ShapeKeys.MORPH_TARGET, b, ShapeKeys.MORPH_AMOUNT, "0.51")).positions();
            double maxStep = 0;
            for (int i = 0; i < p1.length; i++) {
                maxStep = Math.max(maxStep, Math.abs(p1[i] - p2[i]));
            }
            assertTrue(maxStep < 0.03, a + " -> " + b + ": a 1 % step moves a vertex by " + maxStep);
            assertTrue(maxStep > 0, a + " -> " + b + " does not change");
        }
    }

    @Test
    void deformationsChangeTheShapeAsNamed() {
        float[] base = mesh("bottle", Map.of()).positions();
        assertArrayEquals(base, mesh("bottle", Map.of(ShapeKeys.TWIST, "0")).positions());
        float[] bulged = mesh("bottle", Map.of(ShapeKeys.BULGE, "0.5")).positions();
        assertTrue(maxRadiusNear(bulged, 0) > maxRadiusNear(base, 0) * 1.3, "bulge widens the middle");
        float[] twisted = mesh("chair", Map.of(ShapeKeys.TWIST, "90")).positions();
        assertNotEquals(mesh("chair", Map.of()).positions()[0], twisted[0] + 1);
        float[] bent = mesh("bottle", Map.of(ShapeKeys.BEND, "60")).positions();
        assertTrue(meanX(bent, 0.7) > meanX(base, 0.7) + 0.1, "bend moves the top toward +x");
        float[] noisy1 = mesh("vase", Map.of(ShapeKeys.NOISE_AMPLITUDE, "0.05", ShapeKeys.NOISE_SEED, "3"))
                .positions();
        float[] noisy2 = mesh("vase", Map.of(ShapeKeys.NOISE_AMPLITUDE, "0.05", ShapeKeys.NOISE_SEED, "3"))
                .positions();
        float[] noisy3 = mesh("vase", Map.of(ShapeKeys.NOISE_AMPLITUDE, "0.05", ShapeKeys.NOISE_SEED, "4"))
                .positions();
        assertArrayEquals(noisy1, noisy2);
        assertTrue(!java.util.Arrays.equals(noisy1, noisy3), "another seed, other noise");
    }

    private static double maxRadiusNear(float[] p, double y) {
        double r = 0;
        for (int v = 0; v < p.length; v += 3) {
            if (Math.abs(p[v + 1] - y) < 0.1) {
                r = Math.max(r, Math.hypot(p[v], p[v + 2]));
            }
        }
        return r;
    }

    private static double meanX(float[] p, double minY) {
        double s = 0;
        int n = 0;
        for (int v = 0; v < p.length; v += 3) {
            if (p[v + 1] > minY) {
                s += p[v];
                n++;
            }
        }
        return s / n;
    }

    @Test
    void badShapeParametersAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mesh("mug", Map.of(ShapeKeys.TWIST, "NaN")));
        assertTrue(e.getMessage().contains("twist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mesh("mug", Map.of(ShapeKeys.MORPH_TARGET, "ufo")));
        assertTrue(e.getMessage().contains("ufo") && e.getMessage().contains("vase"), e.getMessage());
    }

    @Test
    void textureRemovalGivesUniformAlbedoUnderUnlitShading() {
        Scene scene = Renders.scene("mug");
        SceneObject o = scene.objects().get(0);
        SceneObject unlit = o.withMaterial(o.material().withShading(ShadingMode.UNLIT));
        RgbImage textured = RENDERER.render(scene.withObjects(List.of(unlit)), 64, 64);
        RgbImage plain = RENDERER.render(scene.withObjects(List.of(unlit.withMaterial(unlit.material()
                .withTexture(Texture.NONE)))), 64, 64);
        assertTrue(Fixtures.colours(textured) > 2, "the default texture shows several colours");
        // inside the silhouette (not at anti-aliased edges) every pixel is the albedo
        boolean[] mask = Fixtures.silhouette(plain);
        Set<Integer> inside = new HashSet<>();
        for (int y = 1; y < 63; y++) {
            for (int x = 1; x < 63; x++) {
                if (mask[y * 64 + x] && mask[y * 64 + x - 1] && mask[y * 64 + x + 1] && mask[(y - 1) * 64 + x]
                        && mask[(y + 1) * 64 + x]) {
                    inside.add(Math.round(plain.get(x, y, 0) * 255) << 16 | Math.round(plain.get(x, y, 1) * 255) << 8
                            | Math.round(plain.get(x, y, 2) * 255));
                }
            }
        }
        assertEquals(Set.of(0xffffff), inside, "white albedo, no texture, no shading");
    }

}
