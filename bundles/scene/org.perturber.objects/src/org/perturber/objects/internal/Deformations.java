package org.perturber.objects.internal;

/**
 * Deformations of normalised object positions (y from about -1 at the bottom to 1 at the top). Each returns a
 * new array; inputs are never modified.
 */
public final class Deformations {
    private Deformations() {
    }

    public static float[] morph(float[] from, float[] to, double t) {
        float[] out = new float[from.length];
        float ft = (float) t;
        for (int i = 0; i < out.length; i++) {
            out[i] = from[i] + (to[i] - from[i]) * ft;
        }
        return out;
    }

    /** Rotation about the vertical axis growing linearly from 0 at the bottom to {@code degrees} at the top. */
    public static float[] twist(float[] p, double degrees) {
        float[] out = p.clone();
        for (int v = 0; v < p.length; v += 3) {
            double a = Math.toRadians(degrees) * (p[v + 1] + 1) / 2;
            double c = Math.cos(a), s = Math.sin(a);
            out[v] = (float) (c * p[v] - s * p[v + 2]);
            out[v + 2] = (float) (s * p[v] + c * p[v + 2]);
        }
        return out;
    }

    /** Bends the vertical axis into a circular arc toward +x, turning by {@code degrees} over the height. */
    public static float[] bend(float[] p, double degrees) {
        double theta = Math.toRadians(degrees);
        if (Math.abs(theta) < 1e-6) {
            return p.clone();
        }
        double radius = 2 / theta; // the height (2) becomes an arc of this radius
        float[] out = p.clone();
        for (int v = 0; v < p.length; v += 3) {
            double phi = theta * (p[v + 1] + 1) / 2;
            double d = radius - p[v];
            out[v] = (float) (radius - d * Math.cos(phi));
            out[v + 1] = (float) (-1 + d * Math.sin(phi));
        }
        return out;
    }

    /** Widens (positive) or pinches (negative) the middle: radial scale 1 + amount * (1 - y^2). */
    public static float[] bulge(float[] p, double amount) {
        float[] out = p.clone();
        for (int v = 0; v < p.length; v += 3) {
            double y = Math.max(-1, Math.min(1, p[v + 1]));
            float s = (float) Math.max(0.05, 1 + amount * (1 - y * y));
            out[v] *= s;
            out[v + 2] *= s;
        }
        return out;
    }

    /** Moves each vertex along its normal by amplitude times smooth 3D value noise in [-1, 1]. */
    public static float[] noise(float[] p, float[] normals, double amplitude, double frequency, int seed) {
        float[] out = p.clone();
        for (int v = 0; v < p.length; v += 3) {
            double n = valueNoise(p[v] * frequency, p[v + 1] * frequency, p[v + 2] * frequency, seed);
            for (int k = 0; k < 3; k++) {
                out[v + k] += (float) (amplitude * n * normals[v + k]);
            }
        }
        return out;
    }

    /** Trilinear value noise over a hashed integer lattice, smoothstep-interpolated: deterministic, in [-1, 1]. */
    static double valueNoise(double x, double y, double z, int seed) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y), z0 = (int) Math.floor(z);
        double fx = smooth(x - x0), fy = smooth(y - y0), fz = smooth(z - z0);
        double result = 0;
        for (int dx = 0; dx <= 1; dx++) {
            for (int dy = 0; dy <= 1; dy++) {
                for (int dz = 0; dz <= 1; dz++) {
                    double w = (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz);
                    result += w * lattice(x0 + dx, y0 + dy, z0 + dz, seed);
                }
            }
        }
        return result;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lattice(int x, int y, int z, int seed) {
        long h = x * 374761393L + y * 668265263L + z * 2147483647L + seed * 1442695040888963407L;
        h = (h ^ (h >>> 13)) * 1274126177L;
        h ^= h >>> 16;
        return ((h & 0xffff) / 32767.5) - 1;
    }
}
