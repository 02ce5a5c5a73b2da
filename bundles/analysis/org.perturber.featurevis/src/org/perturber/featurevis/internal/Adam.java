package org.perturber.featurevis.internal;

/**
 * Adam (Kingma and Ba) on plain arrays, as gradient ascent: a few lines, so written here rather than borrowed from an
 * engine, which would tie the optimisation to one backend.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double[][] mean;
    private final double[][] variance;
    private int step;

    public Adam(double learningRate, double[][] parameters) {
        this.learningRate = learningRate;
        mean = new double[parameters.length][];
        variance = new double[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            mean[i] = new double[parameters[i].length];
            variance[i] = new double[parameters[i].length];
        }
    }

    /** One step up the gradient: {@code parameters} change in place. */
    public void ascend(double[][] parameters, double[][] gradient) {
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int a = 0; a < parameters.length; a++) {
            double[] p = parameters[a];
            double[] g = gradient[a];
            double[] m = mean[a];
            double[] v = variance[a];
            for (int i = 0; i < p.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                p[i] += learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
            }
        }
    }
}
