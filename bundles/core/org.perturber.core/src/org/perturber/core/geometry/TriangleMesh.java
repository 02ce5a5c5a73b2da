package org.perturber.core.geometry;

/**
 * An indexed triangle mesh: per-vertex positions (x, y, z), normals (x, y, z) and texture coordinates (u, v),
 * and three vertex indices per triangle. Treated as immutable once built; arrays are shared, not copied.
 */
public record TriangleMesh(float[] positions, float[] normals, float[] uvs, int[] indices) {
    public TriangleMesh {
        int n = positions.length / 3;
        if (positions.length % 3 != 0 || normals.length != positions.length || uvs.length != n * 2) {
            throw new IllegalArgumentException("mesh arrays disagree: " + positions.length + " position values, "
                    + normals.length + " normal values, " + uvs.length + " uv values");
        }
        if (indices.length % 3 != 0) {
            throw new IllegalArgumentException("mesh index count " + indices.length + " is not a multiple of 3");
        }
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("mesh index " + i + " outside [0, " + n + ")");
            }
        }
        for (float v : positions) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("mesh has a non-finite vertex coordinate");
            }
        }
    }

    public int vertexCount() {
        return positions.length / 3;
    }

    public int triangleCount() {
        return indices.length / 3;
    }
}
