package org.perturber.objects.imports.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.objects.imports.MeshFiles;

/**
 * Normals of files that have none: hard edges stay hard (a cube is not a blob), fine curved surfaces stay smooth,
 * and normals a file gives are kept.
 */
class MeshNormalsTest {
    private final MeshFiles files = new MeshFiles();

    @TempDir
    Path dir;

    /** A cube without normals or texture coordinates: every face shares its corners with three others. */
    private static final String BARE_CUBE = """
            v -1 -1 -1
            v 1 -1 -1
            v 1 1 -1
            v -1 1 -1
            v -1 -1 1
            v 1 -1 1
            v 1 1 1
            v -1 1 1
            f 5 6 7 8
            f 2 1 4 3
            f 6 2 3 7
            f 1 5 8 4
            f 8 7 3 4
            f 1 2 6 5
            """;

    /** The unit normal of triangle t as its corners' positions give it. */
    private static float[] faceNormal(TriangleMesh m, int t) {
        float[] p = m.positions();
        int a = m.indices()[t * 3] * 3, b = m.indices()[t * 3 + 1] * 3, c = m.indices()[t * 3 + 2] * 3;
        float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
        float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
        float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        float len = (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
        return new float[] { nx / len, ny / len, nz / len };
    }

    private static double dot(float[] n, TriangleMesh m, int vertex) {
        float[] v = m.normals();
        return n[0] * v[vertex * 3] + n[1] * v[vertex * 3 + 1] + n[2] * v[vertex * 3 + 2];
    }

    @Test
    void aCubeWithoutNormalsHasFlatFaces() throws IOException {
        Path obj = dir.resolve("bare-cube.obj");
        Files.writeString(obj, BARE_CUBE);
        TriangleMesh cube = files.read(obj).mesh();
        assertEquals(12, cube.triangleCount());
        for (int t = 0; t < 12; t++) {
            float[] face = faceNormal(cube, t);
            for (int k = 0; k < 3; k++) {
                double d = dot(face, cube, cube.indices()[t * 3 + k]);
                // averaged over the three faces at a corner, the normal would lean 54.7 degrees off (dot 0.577)
                assertTrue(d > 0.999, "triangle " + t + " corner " + k + ": normal along the face, dot " + d);
            }
        }
        assertEquals(24, cube.vertexCount(), "each corner split into one vertex per face");
    }

    @Test
    void aCubeWithTextureCoordinatesButNoNormalsHasFlatFacesToo() throws IOException {
        Path obj = dir.resolve("uv-cube.obj");
        Files.writeString(obj, BARE_CUBE.replace("f 5 6 7 8", "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nf 5/1 6/2 7/3 8/4")
                .replace("f 2 1 4 3", "f 2/1 1/2 4/3 3/4"));
        TriangleMesh cube = files.read(obj).mesh();
        for (int t = 0; t < cube.triangleCount(); t++) {
            float[] face = faceNormal(cube, t);
            for (int k = 0; k < 3; k++) {
                assertTrue(dot(face, cube, cube.indices()[t * 3 + k]) > 0.999, "triangle " + t);
            }
        }
    }

    /** A sphere of 32 x 16 quads without normals: neighbouring faces meet at about 11 degrees. */
    private static String sphere() {
        StringBuilder s = new StringBuilder();
        int slices = 32, stacks = 16;
        for (int i = 0; i <= stacks; i++) {
            double theta = Math.PI * i / stacks;
            for (int j = 0; j < slices; j++) {
                double phi = 2 * Math.PI * j / slices;
                s.append(String.format(Locale.ROOT, "v %.6f %.6f %.6f%n", Math.sin(theta) * Math.cos(phi), Math.cos(
                        theta), Math.sin(theta) * Math.sin(phi)));
            }
        }
        for (int i = 0; i < stacks; i++) {
            for (int j = 0; j < slices; j++) {
                int a = i * slices + j + 1, b = i * slices + (j + 1) % slices + 1;
                int c = (i + 1) * slices + (j + 1) % slices + 1, d = (i + 1) * slices + j + 1;
                s.append("f ").append(a).append(' ').append(b).append(' ').append(c).append(' ').append(d).append(
                        '\n');
            }
        }
        return s.toString();
    }

    @Test
    void aFineSphereWithoutNormalsStaysSmooth() throws IOException {
        Path obj = dir.resolve("sphere.obj");
        Files.writeString(obj, sphere());
        TriangleMesh sphere = files.read(obj).mesh();
        assertEquals(17 * 32, sphere.vertexCount(), "no vertex split: neighbouring faces meet below the crease");
        float[] p = sphere.positions();
        double worst = 1;
        for (int v = 0; v < sphere.vertexCount(); v++) {
            float len = (float) Math.sqrt(p[v * 3] * p[v * 3] + p[v * 3 + 1] * p[v * 3 + 1] + p[v * 3 + 2] * p[v * 3
                    + 2]);
            float[] radial = { p[v * 3] / len, p[v * 3 + 1] / len, p[v * 3 + 2] / len };
            worst = Math.min(worst, dot(radial, sphere, v));
        }
        assertTrue(worst > 0.99, "normals follow the sphere's radius: worst dot " + worst);
    }

    @Test
    void normalsInTheFileAreKept() throws IOException {
        Path obj = dir.resolve("normals.obj");
        Files.writeString(obj, """
                v 0 0 0
                v 1 0 0
                v 0 1 0
                vn 0.6 0 0.8
                f 1//1 2//1 3//1
                """);
        TriangleMesh triangle = files.read(obj).mesh();
        assertEquals(3, triangle.vertexCount());
        for (int v = 0; v < 3; v++) {
            assertEquals(0.6f, triangle.normals()[v * 3], 1e-6);
            assertEquals(0.8f, triangle.normals()[v * 3 + 2], 1e-6);
        }
    }
}
