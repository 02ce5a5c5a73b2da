package org.perturber.objects.imports;

import java.nio.file.Path;

import org.perturber.core.geometry.Normals;
import org.perturber.core.geometry.TriangleMesh;

/** Turns raw arrays from a file into a valid, centred mesh that fits the unit sphere. */
final class MeshBuilder {
    private MeshBuilder() {
    }

    static TriangleMesh normalised(Path file, float[] positions, float[] normals, float[] uvs, int[] indices) {
        int n = positions.length / 3;
        if (n == 0 || indices.length == 0) {
            throw new IllegalArgumentException(file + ": contains no triangles");
        }
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException(file + ": a face refers to vertex " + (i + 1) + " but there are "
                        + n);
            }
        }
        double[] min = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE };
        double[] max = { -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
        for (int v = 0; v < positions.length; v += 3) {
            for (int k = 0; k < 3; k++) {
                float x = positions[v + k];
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException(file + ": vertex " + (v / 3 + 1) + " has a non-finite coordinate");
                }
                min[k] = Math.min(min[k], x);
                max[k] = Math.max(max[k], x);
            }
        }
        double[] centre = { (min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2 };
        double radius = 0;
        for (int v = 0; v < positions.length; v += 3) {
            double dx = positions[v] - centre[0], dy = positions[v + 1] - centre[1], dz = positions[v + 2] - centre[2];
            radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        if (radius == 0) {
            throw new IllegalArgumentException(file + ": all vertices are at one point");
        }
        float[] p = new float[positions.length];
        for (int v = 0; v < p.length; v += 3) {
            for (int k = 0; k < 3; k++) {
                p[v + k] = (float) ((positions[v + k] - centre[k]) / radius);
            }
        }
        float[] uv = uvs != null && uvs.length == n * 2 ? uvs : new float[n * 2];
        if (normals == null || normals.length != p.length) {
            return CreaseNormals.split(p, uv, indices); // a file without normals: keep its hard edges
        }
        return new TriangleMesh(p, Normals.normalize(normals.clone()), uv, indices);
    }
}
