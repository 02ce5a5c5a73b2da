package org.perturber.core.geometry;

/** Vertex normals of indexed triangle meshes. */
public final class Normals {
    private Normals() {
    }

    /**
     * Sums, per vertex, the (area-weighted) normals of the triangles around it, unnormalised, so that callers can
     * merge vertices (seams) before {@link #normalize}. Degenerate triangles add nothing.
     */
    public static float[] areaWeightedSums(float[] positions, int[] indices) {
        float[] n = new float[positions.length];
        for (int t = 0; t < indices.length; t += 3) {
            int a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3;
            float ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1],
                    uz = positions[b + 2] - positions[a + 2];
            float vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1],
                    vz = positions[c + 2] - positions[a + 2];
            float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            n[a] += nx;
            n[a + 1] += ny;
            n[a + 2] += nz;
            n[b] += nx;
            n[b + 1] += ny;
            n[b + 2] += nz;
            n[c] += nx;
            n[c + 1] += ny;
            n[c + 2] += nz;
        }
        return n;
    }

    /** Scales each normal to unit length in place; a zero normal (collapsed geometry) becomes (0, 1, 0). */
    public static float[] normalize(float[] n) {
        for (int v = 0; v < n.length; v += 3) {
            float len = (float) Math.sqrt(n[v] * n[v] + n[v + 1] * n[v + 1] + n[v + 2] * n[v + 2]);
            if (len > 1e-12f) {
                n[v] /= len;
                n[v + 1] /= len;
                n[v + 2] /= len;
            } else {
                n[v] = 0;
                n[v + 1] = 1;
                n[v + 2] = 0;
            }
        }
        return n;
    }

    /** Smooth normals for a mesh that has none. */
    public static float[] compute(float[] positions, int[] indices) {
        return normalize(areaWeightedSums(positions, indices));
    }
}
