package org.perturber.core.geometry;

/** Parametric primitives, centred at the origin, fitting the unit sphere; building blocks for object classes. */
public final class Primitives {
    private Primitives() {
    }

    /**
     * A UV sphere of the given radius. The seam's two columns and each pole's row have bitwise equal positions
     * ({@code j % slices}, sine exactly 0 at the poles), so that the sphere is a closed solid to the renderer.
     */
    public static TriangleMesh sphere(float radius, int slices, int stacks) {
        int n = (slices + 1) * (stacks + 1);
        float[] p = new float[n * 3];
        float[] nr = new float[n * 3];
        float[] uv = new float[n * 2];
        int v = 0;
        for (int i = 0; i <= stacks; i++) {
            double theta = Math.PI * i / stacks;
            double ring = i == 0 || i == stacks ? 0 : Math.sin(theta);
            for (int j = 0; j <= slices; j++, v++) {
                double phi = 2 * Math.PI * (j % slices) / slices;
                float x = (float) (ring * Math.sin(phi));
                float y = (float) Math.cos(theta);
                float z = (float) (ring * Math.cos(phi));
                set3(nr, v, x, y, z);
                set3(p, v, x * radius, y * radius, z * radius);
                uv[v * 2] = (float) j / slices;
                uv[v * 2 + 1] = (float) i / stacks;
            }
        }
        return new TriangleMesh(p, nr, uv, gridIndices(slices, stacks));
    }

    /** A torus in the x-z plane: ring radius R, tube radius r. Closed: its seams have bitwise equal positions. */
    public static TriangleMesh torus(float ringRadius, float tubeRadius, int ringSegments, int tubeSegments) {
        int n = (ringSegments + 1) * (tubeSegments + 1);
        float[] p = new float[n * 3];
        float[] nr = new float[n * 3];
        float[] uv = new float[n * 2];
        int v = 0;
        for (int i = 0; i <= tubeSegments; i++) {
            double a = 2 * Math.PI * (i % tubeSegments) / tubeSegments;
            for (int j = 0; j <= ringSegments; j++, v++) {
                double b = 2 * Math.PI * (j % ringSegments) / ringSegments;
                float nx = (float) (Math.cos(a) * Math.sin(b));
                float ny = (float) Math.sin(a);
                float nz = (float) (Math.cos(a) * Math.cos(b));
                set3(nr, v, nx, ny, nz);
                double ring = ringRadius + tubeRadius * Math.cos(a);
                set3(p, v, (float) (ring * Math.sin(b)), (float) (tubeRadius * Math.sin(a)),
                        (float) (ring * Math.cos(b)));
                uv[v * 2] = (float) j / ringSegments;
                uv[v * 2 + 1] = (float) i / tubeSegments;
            }
        }
        return new TriangleMesh(p, nr, uv, gridIndices(ringSegments, tubeSegments));
    }

    /** An axis-aligned cube with flat faces (24 vertices), edge length {@code size}. */
    public static TriangleMesh cube(float size) {
        float h = size / 2;
        float[][] normals = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 } };
        float[] p = new float[24 * 3];
        float[] nr = new float[24 * 3];
        float[] uv = new float[24 * 2];
        int[] idx = new int[36];
        for (int f = 0; f < 6; f++) {
            float[] nrm = normals[f];
            // two axes spanning the face
            float[] u = nrm[0] != 0 ? new float[] { 0, 0, -nrm[0] } : nrm[1] != 0 ? new float[] { 1, 0, 0 }
                    : new float[] { nrm[2], 0, 0 };
            float[] w = { nrm[1] * u[2] - nrm[2] * u[1], nrm[2] * u[0] - nrm[0] * u[2], nrm[0] * u[1] - nrm[1] * u[0] };
            for (int k = 0; k < 4; k++) {
                float su = (k == 1 || k == 2) ? 1 : -1;
                float sw = (k >= 2) ? 1 : -1;
                int vi = f * 4 + k;
                set3(p, vi, h * (nrm[0] + su * u[0] + sw * w[0]), h * (nrm[1] + su * u[1] + sw * w[1]),
                        h * (nrm[2] + su * u[2] + sw * w[2]));
                set3(nr, vi, nrm[0], nrm[1], nrm[2]);
                uv[vi * 2] = (su + 1) / 2;
                uv[vi * 2 + 1] = (sw + 1) / 2;
            }
            int b = f * 4;
            System.arraycopy(new int[] { b, b + 1, b + 2, b, b + 2, b + 3 }, 0, idx, f * 6, 6);
        }
        return new TriangleMesh(p, nr, uv, idx);
    }

    private static void set3(float[] a, int i, float x, float y, float z) {
        a[i * 3] = x;
        a[i * 3 + 1] = y;
        a[i * 3 + 2] = z;
    }

    /** Two triangles per cell of a (cols x rows) grid of (cols+1) x (rows+1) vertices, counter-clockwise. */
    public static int[] gridIndices(int cols, int rows) {
        int[] idx = new int[cols * rows * 6];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int a = i * (cols + 1) + j;
                int b = a + cols + 1;
                idx[k++] = a;
                idx[k++] = b;
                idx[k++] = a + 1;
                idx[k++] = a + 1;
                idx[k++] = b;
                idx[k++] = b + 1;
            }
        }
        return idx;
    }
}
