package org.perturber.render.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.perturber.core.geometry.Primitives;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.render.internal.JoglSceneRenderer;
import org.perturber.render.internal.MeshTopology;
import org.perturber.render.internal.MeshTopology.Cullable;

/** Which parts of a mesh are closed solids whose back faces may be culled, and which way they are wound. */
class MeshTopologyTest {
    private static final TriangleMesh CUBE = Primitives.cube(1);

    @Test
    void aCubeIsOneOutwardSolidAlthoughItsFacesShareNoVertices() {
        Cullable c = MeshTopology.analyse(CUBE);
        assertEquals(CUBE.indices().length, c.outwardIndexCount());
        assertEquals(0, c.inwardIndexCount());
        assertEquals(Math.sqrt(3) / 2, c.radius(), 1e-6);
    }

    @Test
    void aSphereIsClosedAcrossItsSeamAndPoles() {
        // as the renderer uploads it: the zero-area triangles at the poles dropped
        TriangleMesh sphere = JoglSceneRenderer.compact(Primitives.sphere(1, 24, 12));
        assertEquals(sphere.indices().length, MeshTopology.analyse(sphere).outwardIndexCount());
    }

    @Test
    void aTorusIsClosedAcrossBothSeams() {
        TriangleMesh torus = Primitives.torus(0.65f, 0.3f, 32, 16);
        Cullable c = MeshTopology.analyse(torus);
        // its grid happens to be wound clockwise seen from outside
        assertEquals(torus.indices().length, c.inwardIndexCount());
    }

    @Test
    void aSolidWoundInsideOutIsFoundAndKeptAsItIs() {
        Cullable c = MeshTopology.analyse(reversed(CUBE));
        assertEquals(0, c.outwardIndexCount());
        assertEquals(CUBE.indices().length, c.inwardIndexCount());
        // same triangles, same vertex order: the rasteriser interpolates exactly as before
        assertEquals(triangles(reversed(CUBE).indices()), triangles(c.indices()));
    }

    @Test
    void anOpenBoxIsDrawnTwoSided() {
        int[] fiveFaces = Arrays.copyOf(CUBE.indices(), CUBE.indices().length - 6);
        TriangleMesh open = new TriangleMesh(CUBE.positions(), CUBE.normals(), CUBE.uvs(), fiveFaces);
        Cullable c = MeshTopology.analyse(open);
        assertEquals(0, c.outwardIndexCount() + c.inwardIndexCount());
        assertEquals(fiveFaces.length, c.indices().length);
    }

    @Test
    void aSheetWithBothSidesIsNotASolid() {
        int[] twoSided = { 0, 1, 2, 0, 2, 1 };
        TriangleMesh sheet = new TriangleMesh(new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0 }, new float[9], new float[6],
                twoSided);
        assertEquals(0, MeshTopology.analyse(sheet).outwardIndexCount() + MeshTopology.analyse(sheet)
                .inwardIndexCount());
    }

    @Test
    void closedPartsComeFirstAndNoTriangleIsLost() {
        // a closed cube and, beside it, an open one (five faces), in one mesh
        int n = CUBE.vertexCount();
        float[] p = Arrays.copyOf(CUBE.positions(), n * 6);
        for (int i = 0; i < n * 3; i++) {
            p[n * 3 + i] = CUBE.positions()[i] + (i % 3 == 0 ? 3 : 0);
        }
        int[] closed = CUBE.indices();
        int[] open = Arrays.stream(Arrays.copyOf(closed, closed.length - 6)).map(i -> i + n).toArray();
        int[] all = new int[open.length + closed.length];
        System.arraycopy(open, 0, all, 0, open.length); // open one first: the analysis must reorder
        System.arraycopy(closed, 0, all, open.length, closed.length);
        TriangleMesh both = new TriangleMesh(p, Arrays.copyOf(CUBE.normals(), n * 6), Arrays.copyOf(CUBE.uvs(), n * 4),
                all);
        Cullable c = MeshTopology.analyse(both);
        assertEquals(closed.length, c.outwardIndexCount());
        assertEquals(triangles(closed), triangles(Arrays.copyOf(c.indices(), closed.length)));
        assertEquals(triangles(all), triangles(c.indices()));
        assertTrue(c.radius() > 3, "the radius covers the far cube: " + c.radius());
    }

    private static TriangleMesh reversed(TriangleMesh m) {
        int[] r = m.indices().clone();
        for (int t = 0; t < r.length; t += 3) {
            int b = r[t + 1];
            r[t + 1] = r[t + 2];
            r[t + 2] = b;
        }
        return new TriangleMesh(m.positions(), m.normals(), m.uvs(), r);
    }

    /** The triangles as a sorted list of "a b c" strings: the same set whatever their order in the array. */
    private static java.util.List<String> triangles(int[] indices) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int t = 0; t < indices.length; t += 3) {
            out.add(indices[t] + " " + indices[t + 1] + " " + indices[t + 2]);
        }
        java.util.Collections.sort(out);
        return out;
    }
}
