package org.perturber.render.internal;

/** Column-major 4x4 matrices as float[16], the layout OpenGL expects; only what the renderer needs. */
final class Mat4 {
    private Mat4() {
    }

    static float[] identity() {
        float[] m = new float[16];
        m[0] = m[5] = m[10] = m[15] = 1;
        return m;
    }

    static float[] multiply(float[] a, float[] b) {
        float[] r = new float[16];
        for (int c = 0; c < 4; c++) {
            for (int row = 0; row < 4; row++) {
                float s = 0;
                for (int k = 0; k < 4; k++) {
                    s += a[k * 4 + row] * b[c * 4 + k];
                }
                r[c * 4 + row] = s;
            }
        }
        return r;
    }

    static float[] perspective(double fovYDegrees, double aspect, double near, double far) {
        double f = 1 / Math.tan(Math.toRadians(fovYDegrees) / 2);
        float[] m = new float[16];
        m[0] = (float) (f / aspect);
        m[5] = (float) f;
        m[10] = (float) ((far + near) / (near - far));
        m[11] = -1;
        m[14] = (float) (2 * far * near / (near - far));
        return m;
    }

    /** View matrix looking from eye to target, with the given up direction. */
    static float[] lookAt(double[] eye, double[] target, double[] up) {
        double[] f = normalize(sub(target, eye));
        double[] s = normalize(cross(f, up));
        double[] u = cross(s, f);
        float[] m = identity();
        m[0] = (float) s[0];
        m[4] = (float) s[1];
        m[8] = (float) s[2];
        m[1] = (float) u[0];
        m[5] = (float) u[1];
        m[9] = (float) u[2];
        m[2] = (float) -f[0];
        m[6] = (float) -f[1];
        m[10] = (float) -f[2];
        m[12] = (float) -dot(s, eye);
        m[13] = (float) -dot(u, eye);
        m[14] = (float) dot(f, eye);
        return m;
    }

    static float[] translation(double x, double y, double z) {
        float[] m = identity();
        m[12] = (float) x;
        m[13] = (float) y;
        m[14] = (float) z;
        return m;
    }

    static float[] scale(double x, double y, double z) {
        float[] m = identity();
        m[0] = (float) x;
        m[5] = (float) y;
        m[10] = (float) z;
        return m;
    }

    /** Rotation about one axis (0 = x, 1 = y, 2 = z). */
    static float[] rotation(int axis, double degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        float[] m = identity();
        int a = (axis + 1) % 3;
        int b = (axis + 2) % 3;
        m[a * 4 + a] = c;
        m[a * 4 + b] = s;
        m[b * 4 + a] = -s;
        m[b * 4 + b] = c;
        return m;
    }

    /** The upper-left 3x3 of the inverse transpose: transforms normals under non-uniform scale. */
    static float[] normalMatrix(float[] m) {
        double a = m[0], b = m[4], c = m[8];
        double d = m[1], e = m[5], f = m[9];
        double g = m[2], h = m[6], i = m[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        // inverse transpose, column-major 3x3
        return new float[] { (float) ((e * i - f * h) / det), (float) (-(b * i - c * h) / det),
                (float) ((b * f - c * e) / det), (float) (-(d * i - f * g) / det), (float) ((a * i - c * g) / det),
                (float) (-(a * f - c * d) / det), (float) ((d * h - e * g) / det), (float) (-(a * h - b * g) / det),
                (float) ((a * e - b * d) / det) };
    }

    static double[] sub(double[] a, double[] b) {
        return new double[] { a[0] - b[0], a[1] - b[1], a[2] - b[2] };
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] normalize(double[] a) {
        double l = Math.sqrt(dot(a, a));
        return new double[] { a[0] / l, a[1] / l, a[2] / l };
    }
}
