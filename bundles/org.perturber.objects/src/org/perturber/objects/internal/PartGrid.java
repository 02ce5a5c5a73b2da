package org.perturber.objects.internal;

/**
 * The shared parametrisation of every built-in object: {@link #PARTS} parts, each a grid of {@link #ROWS} rows
 * along its spine by {@link #COLUMNS} + 1 columns around it (the seam column repeats the first, for texture
 * coordinates). Because every object has exactly this vertex layout, morphing is a per-vertex blend.
 */
public final class PartGrid {
    public static final int PARTS = 6;
    public static final int ROWS = 40;
    public static final int COLUMNS = 32;
    public static final int VERTICES_PER_PART = ROWS * (COLUMNS + 1);
    public static final int VERTICES = PARTS * VERTICES_PER_PART;

    private static final int[] INDICES = buildIndices();
    private static final float[] UVS = buildUvs();

    private PartGrid() {
    }

    /** Triangle indices of all parts (shared by every object). */
    public static int[] indices() {
        return INDICES;
    }

    /** Texture coordinates: u around the part, v along it. */
    public static float[] uvs() {
        return UVS;
    }

    static int vertex(int part, int row, int column) {
        return part * VERTICES_PER_PART + row * (COLUMNS + 1) + column;
    }

    private static int[] buildIndices() {
        int[] idx = new int[PARTS * (ROWS - 1) * COLUMNS * 6];
        int k = 0;
        for (int p = 0; p < PARTS; p++) {
            for (int i = 0; i < ROWS - 1; i++) {
                for (int j = 0; j < COLUMNS; j++) {
                    int a = vertex(p, i, j);
                    int b = vertex(p, i + 1, j);
                    idx[k++] = a;
                    idx[k++] = b;
                    idx[k++] = a + 1;
                    idx[k++] = a + 1;
                    idx[k++] = b;
                    idx[k++] = b + 1;
                }
            }
        }
        return idx;
    }

    private static float[] buildUvs() {
        float[] uv = new float[VERTICES * 2];
        for (int p = 0; p < PARTS; p++) {
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j <= COLUMNS; j++) {
                    int v = vertex(p, i, j);
                    uv[v * 2] = (float) j / COLUMNS;
                    uv[v * 2 + 1] = (float) i / (ROWS - 1);
                }
            }
        }
        return uv;
    }

    /** Area-weighted vertex normals from the triangles; degenerate triangles (caps, collapsed parts) add nothing. */
    public static float[] normals(float[] positions) {
        float[] n = new float[positions.length];
        int[] idx = INDICES;
        for (int t = 0; t < idx.length; t += 3) {
            int a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
            float ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1],
                    uz = positions[b + 2] - positions[a + 2];
            float vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1],
                    vz = positions[c + 2] - positions[a + 2];
            float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            for (int corner : new int[] { a, b, c }) {
                n[corner] += nx;
                n[corner + 1] += ny;
                n[corner + 2] += nz;
            }
        }
        // the seam column duplicates the first: give both the same (summed) normal so no seam shows
        for (int p = 0; p < PARTS; p++) {
            for (int i = 0; i < ROWS; i++) {
                int first = vertex(p, i, 0) * 3, last = vertex(p, i, COLUMNS) * 3;
                for (int k = 0; k < 3; k++) {
                    float s = n[first + k] + n[last + k];
                    n[first + k] = s;
                    n[last + k] = s;
                }
            }
        }
        for (int v = 0; v < n.length; v += 3) {
            float len = (float) Math.sqrt(n[v] * n[v] + n[v + 1] * n[v + 1] + n[v + 2] * n[v + 2]);
            if (len > 1e-12f) {
                n[v] /= len;
                n[v + 1] /= len;
                n[v + 2] /= len;
            } else {
                n[v + 1] = 1; // collapsed geometry: any unit normal will do
            }
        }
        return n;
    }
}
