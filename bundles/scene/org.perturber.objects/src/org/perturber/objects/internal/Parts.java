package org.perturber.objects.internal;

import static org.perturber.objects.internal.PartGrid.COLUMNS;
import static org.perturber.objects.internal.PartGrid.ROWS;

/**
 * Builds one part's grid of vertices (ROWS x (COLUMNS + 1), x y z each). Two kinds, both "a cross-section swept
 * along a spine": a lathe part revolves an (r, y) profile about an axis; a tube part sweeps a cross-section of
 * varying radius along a 3D curve. Cross-sections are superellipses: exponent 2 is round, larger is boxier.
 */
public final class Parts {
    private Parts() {
    }

    /** Axes of a lathe part: origin, the revolution axis (profile y), and the two axes of the cross-section. */
    public record Frame(double[] origin, double[] axis, double[] side, double[] depth) {
        public static final Frame UPRIGHT = at(0, 0, 0);

        public static Frame at(double x, double y, double z) {
            return new Frame(new double[] { x, y, z }, new double[] { 0, 1, 0 }, new double[] { 1, 0, 0 },
                    new double[] { 0, 0, 1 });
        }

        /** Revolution axis along x (for example the weights of a dumbbell). */
        public static Frame alongX(double x, double y, double z) {
            return new Frame(new double[] { x, y, z }, new double[] { 1, 0, 0 }, new double[] { 0, 1, 0 },
                    new double[] { 0, 0, 1 });
        }
    }

    /**
     * Revolves a profile of (r, y) points. Profiles go from the axis at the bottom, up the outside and (for
     * hollow objects) back down the inside, so that the surface is closed where r returns to 0.
     */
    public static float[] lathe(double[][] profile, double exponent, double sideScale, double depthScale,
            Frame frame) {
        double[][] rows = resample(profile, ROWS, false);
        float[] out = new float[PartGrid.VERTICES_PER_PART * 3];
        for (int i = 0; i < ROWS; i++) {
            double y = rows[i][1];
            double[] centre = new double[3];
            for (int k = 0; k < 3; k++) {
                centre[k] = frame.origin()[k] + frame.axis()[k] * y;
            }
            ring(out, i, centre, frame.side(), frame.depth(), rows[i][0], exponent, sideScale, depthScale);
        }
        return out;
    }

    /** A box as a lathe part with a boxy cross-section: centre and full sizes. */
    public static float[] box(double cx, double cy, double cz, double sx, double sy, double sz) {
        double h = sy / 2;
        return lathe(new double[][] { { 0, -h }, { 1, -h }, { 1, h }, { 0, h } }, 12, sx / 2, sz / 2,
                Frame.at(cx, cy, cz));
    }

    /**
     * Sweeps a cross-section along a polyline spine. The radius may change along the spine ({@code radii} is sampled
     * like the spine). Open spines get flat caps; a closed spine (last point equal to the first) makes a ring.
     */
    public static float[] tube(double[][] spine, double[] radii, double exponent, double sideScale,
            double depthScale) {
        boolean closed = distance(spine[0], spine[spine.length - 1]) < 1e-9;
        int samples = closed ? ROWS : ROWS - 2;
        double[][] centres = resample(spine, samples, false);
        double[] radius = resampleScalar(radii, samples);
        double[][] tangents = new double[samples][];
        for (int i = 0; i < samples; i++) {
            double[] a = centres[Math.max(0, i - 1)];
            double[] b = centres[Math.min(samples - 1, i + 1)];
            if (closed && (i == 0 || i == samples - 1)) {
                a = centres[samples - 2];
                b = centres[1];
            }
            tangents[i] = normalize(sub(b, a));
        }
        // parallel transport of the cross-section frame: no sudden flips along curved spines
        double[] ref = Math.abs(tangents[0][1]) > 0.9 ? new double[] { 1, 0, 0 } : new double[] { 0, 1, 0 };
        double[] normal = normalize(cross(ref, tangents[0]));
        float[] out = new float[PartGrid.VERTICES_PER_PART * 3];
        for (int i = 0; i < samples; i++) {
            double[] t = tangents[i];
            double d = dot(normal, t);
            normal = normalize(new double[] { normal[0] - d * t[0], normal[1] - d * t[1], normal[2] - d * t[2] });
            double[] binormal = cross(t, normal);
            int row = closed ? i : i + 1;
            ring(out, row, centres[i], normal, binormal, radius[i], exponent, sideScale, depthScale);
            if (!closed && i == 0) {
                ring(out, 0, centres[i], normal, binormal, 0, exponent, 1, 1);
            }
            if (!closed && i == samples - 1) {
                ring(out, ROWS - 1, centres[i], normal, binormal, 0, exponent, 1, 1);
            }
        }
        return out;
    }

    private static void ring(float[] out, int row, double[] centre, double[] n, double[] b, double r,
            double exponent, double sideScale, double depthScale) {
        for (int j = 0; j <= COLUMNS; j++) {
            double theta = 2 * Math.PI * (j % COLUMNS) / COLUMNS;
            double c = superellipse(Math.cos(theta), exponent) * r * sideScale;
            double s = superellipse(Math.sin(theta), exponent) * r * depthScale;
            int v = (row * (COLUMNS + 1) + j) * 3;
            for (int k = 0; k < 3; k++) {
                out[v + k] = (float) (centre[k] + n[k] * c + b[k] * s);
            }
        }
    }

    /** Points on a circular arc in the plane spanned by unit vectors u and w about a centre, angles in degrees. */
    public static double[][] arc(double[] centre, double radius, double[] u, double[] w, double fromDegrees,
            double toDegrees, int points) {
        double[][] p = new double[points][3];
        for (int i = 0; i < points; i++) {
            double a = Math.toRadians(fromDegrees + (toDegrees - fromDegrees) * i / (points - 1));
            for (int k = 0; k < 3; k++) {
                p[i][k] = centre[k] + radius * (Math.cos(a) * u[k] + Math.sin(a) * w[k]);
            }
        }
        return p;
    }

    static double superellipse(double v, double exponent) {
        return Math.signum(v) * Math.pow(Math.abs(v), 2 / exponent);
    }

    /** Resamples a polyline to n points evenly spaced by arc length (the correspondence morphing relies on). */
    static double[][] resample(double[][] points, int n, boolean unused) {
        int dims = points[0].length;
        double[] cumulative = new double[points.length];
        for (int i = 1; i < points.length; i++) {
            cumulative[i] = cumulative[i - 1] + distance(points[i - 1], points[i]);
        }
        double total = cumulative[points.length - 1];
        double[][] out = new double[n][dims];
        int seg = 0;
        for (int i = 0; i < n; i++) {
            double target = total * i / (n - 1);
            while (seg < points.length - 2 && cumulative[seg + 1] < target) {
                seg++;
            }
            double len = cumulative[seg + 1] - cumulative[seg];
            double t = len == 0 ? 0 : (target - cumulative[seg]) / len;
            for (int k = 0; k < dims; k++) {
                out[i][k] = points[seg][k] + (points[seg + 1][k] - points[seg][k]) * t;
            }
        }
        return out;
    }

    private static double[] resampleScalar(double[] values, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double x = (values.length - 1) * (double) i / (n - 1);
            int a = (int) Math.floor(x);
            int b = Math.min(values.length - 1, a + 1);
            out[i] = values[a] + (values[b] - values[a]) * (x - a);
        }
        return out;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] { a[0] - b[0], a[1] - b[1], a[2] - b[2] };
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
    }

    private static double[] normalize(double[] a) {
        double l = Math.sqrt(dot(a, a));
        return l < 1e-12 ? new double[] { 1, 0, 0 } : new double[] { a[0] / l, a[1] / l, a[2] / l };
    }
}
