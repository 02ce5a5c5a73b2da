package org.perturber.render.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.perturber.core.geometry.TriangleMesh;

/**
 * Finds the parts of a mesh whose back faces can be culled without changing a pixel: connected components that
 * are closed (every edge shared by exactly two triangles, once in each direction, after welding vertices at equal
 * positions, so UV seams and collapsed poles count as joined) and enclose a volume. From outside such a solid
 * the first surface a ray meets faces the eye, so its back faces are always hidden. Components wound inward have
 * their front faces culled instead (flipping them would change the order in which the rasteriser interpolates, and
 * with it the last bit of some pixels); open or unoriented ones are drawn two-sided. Culling halves what llvmpipe
 * shades per object.
 */
public final class MeshTopology {
    /**
     * Triangle indices reordered: first {@code outwardIndexCount} of closed components wound counter-clockwise seen
     * from outside, then {@code inwardIndexCount} of closed ones wound the other way, then the rest.
     * {@code radius} is the largest distance of a vertex from the mesh's origin (to tell when the eye may be
     * inside).
     */
    public record Cullable(int[] indices, int outwardIndexCount, int inwardIndexCount, double radius) {
        /** The mesh as it is, nothing to cull. */
        public static Cullable none(TriangleMesh mesh) {
            return new Cullable(mesh.indices(), 0, 0, Double.POSITIVE_INFINITY);
        }
    }

    private MeshTopology() {
    }

    public static Cullable analyse(TriangleMesh mesh) {
        float[] p = mesh.positions();
        int[] in = mesh.indices();
        int[] welded = weld(p, mesh.vertexCount());
        double radius = 0;
        for (int v = 0; v < mesh.vertexCount(); v++) {
            radius = Math.max(radius, Math.sqrt(p[v * 3] * p[v * 3] + p[v * 3 + 1] * p[v * 3 + 1]
                    + p[v * 3 + 2] * p[v * 3 + 2]));
        }
        int triangles = in.length / 3;
        int[] parent = new int[mesh.vertexCount()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        // all directed edges, sorted: how often an edge occurs is then a binary search away (no boxing)
        long[] directedEdges = new long[in.length];
        for (int t = 0; t < triangles; t++) {
            for (int k = 0; k < 3; k++) {
                int a = welded[in[t * 3 + k]];
                int b = welded[in[t * 3 + (k + 1) % 3]];
                directedEdges[t * 3 + k] = edge(a, b);
                union(parent, a, b);
            }
        }
        Arrays.sort(directedEdges);
        // per component (indexed by its root vertex): open?, and six times its signed volume
        boolean[] open = new boolean[parent.length];
        double[] volume = new double[parent.length];
        int[] root = new int[triangles];
        for (int t = 0; t < triangles; t++) {
            int r = find(parent, welded[in[t * 3]]);
            root[t] = r;
            for (int k = 0; k < 3 && !open[r]; k++) {
                int a = welded[in[t * 3 + k]];
                int b = welded[in[t * 3 + (k + 1) % 3]];
                open[r] = occurrences(directedEdges, edge(a, b)) != 1 || occurrences(directedEdges, edge(b, a)) != 1;
            }
            volume[r] += tripleProduct(p, in[t * 3], in[t * 3 + 1], in[t * 3 + 2]);
        }
        // 1 outward, -1 inward, 0 open or a closed component of (almost) no volume: a two-sided sheet
        double flat = 1e-9 * Math.max(1e-12, radius * radius * radius);
        int[] orientation = new int[parent.length];
        for (int r = 0; r < parent.length; r++) {
            orientation[r] = open[r] || Math.abs(volume[r]) <= flat ? 0 : volume[r] > 0 ? 1 : -1;
        }
        int[] out = new int[in.length];
        int n = 0;
        int[] counts = new int[2];
        for (int pass : new int[] { 1, -1, 0 }) {
            int start = n;
            for (int t = 0; t < triangles; t++) {
                if (orientation[root[t]] == pass) {
                    System.arraycopy(in, t * 3, out, n, 3);
                    n += 3;
                }
            }
            if (pass != 0) {
                counts[pass > 0 ? 0 : 1] = n - start;
            }
        }
        return new Cullable(out, counts[0], counts[1], radius);
    }

    private record Position(int x, int y, int z) {
    }

    /** For each vertex, the first vertex at exactly the same position. */
    private static int[] weld(float[] p, int count) {
        Map<Position, Integer> first = new HashMap<>(count * 2);
        int[] welded = new int[count];
        for (int v = 0; v < count; v++) {
            // + 0f turns -0 into 0, which is the same point
            Position key = new Position(Float.floatToIntBits(p[v * 3] + 0f), Float.floatToIntBits(p[v * 3 + 1] + 0f),
                    Float.floatToIntBits(p[v * 3 + 2] + 0f));
            Integer seen = first.putIfAbsent(key, v);
            welded[v] = seen == null ? v : seen;
        }
        return welded;
    }

    private static int occurrences(long[] sorted, long key) {
        int i = Arrays.binarySearch(sorted, key);
        if (i < 0) {
            return 0;
        }
        int from = i;
        int to = i;
        while (from > 0 && sorted[from - 1] == key) {
            from--;
        }
        while (to + 1 < sorted.length && sorted[to + 1] == key) {
            to++;
        }
        return to - from + 1;
    }

    private static long edge(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    private static double tripleProduct(float[] p, int a, int b, int c) {
        double ax = p[a * 3], ay = p[a * 3 + 1], az = p[a * 3 + 2];
        double bx = p[b * 3], by = p[b * 3 + 1], bz = p[b * 3 + 2];
        double cx = p[c * 3], cy = p[c * 3 + 1], cz = p[c * 3 + 2];
        return ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[ra] = rb;
        }
    }
}
