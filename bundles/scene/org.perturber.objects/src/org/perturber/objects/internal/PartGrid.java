package org.perturber.objects.internal;

import org.perturber.core.geometry.Normals;
import org.perturber.core.geometry.Primitives;

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
        int[] one = Primitives.gridIndices(COLUMNS, ROWS - 1);
        int[] idx = new int[PARTS * one.length];
        for (int p = 0; p < PARTS; p++) {
            for (int i = 0; i < one.length; i++) {
                idx[p * one.length + i] = one[i] + p * VERTICES_PER_PART;
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

    /** Vertex normals; the seam column and the first get the same (summed) normal, so no seam shows. */
    public static float[] normals(float[] positions) {
        float[] n = Normals.areaWeightedSums(positions, INDICES);
        for (int p = 0; p < PARTS; p++) {
            for (int i = 0; i < ROWS; i++) {
                int first = vertex(p, i, 0) * 3, last = vertex(p, i, COLUMNS) * 3;
                for (int k = 0; k < 3; k++) {
                    float sum = n[first + k] + n[last + k];
                    n[first + k] = sum;
                    n[last + k] = sum;
                }
            }
        }
        return Normals.normalize(n);
    }
}
