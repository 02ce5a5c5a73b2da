package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.perturber.featurevis.internal.CanvasTransform;
import org.perturber.featurevis.internal.ImageParameterisation;

/**
 * The optimiser's own derivatives (the backend's are tested with the backends): the image parameterisation's
 * backward pass against central finite differences, and the canvas transformation's adjoint against the
 * dot-product identity.
 */
class ParameterisationGradientTest {
    @ParameterizedTest(name = "fourier={0} decorrelate={1}")
    @CsvSource({ "true,true", "true,false", "false,true", "false,false" })
    void backwardMatchesFiniteDifferences(boolean fourier, boolean decorrelate) {
        ImageParameterisation p = new ImageParameterisation(16, fourier, decorrelate, 3);
        Random random = new Random(5);
        double[] weights = new double[16 * 16 * 3];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian();
        }
        // far from the start's 0.01 noise, so that the sigmoid and colour mixing are not nearly linear
        double[][] params = p.parameters();
        for (double[] a : params) {
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextGaussian() * 0.5;
            }
        }
        p.render();
        double[][] analytic = p.backward(weights);
        double h = 1e-2;
        int checked = 0;
        for (int t = 0; t < 60; t++) {
            int array = random.nextInt(params.length);
            int i = random.nextInt(params[array].length);
            double original = params[array][i];
            params[array][i] = original + h;
            double up = dot(p.render(), weights);
            params[array][i] = original - h;
            double down = dot(p.render(), weights);
            params[array][i] = original;
            double numeric = (up - down) / (2 * h);
            // the canvas is float: differences of about 1e-7 relative on sums of 768 terms; the gradients are 1e-3
            // and larger, the agreement measured is 1% at worst (central differences' h^2 term included)
            assertEquals(numeric, analytic[array][i], 0.02 * Math.abs(numeric) + 2e-4, "parameter " + i
                    + " of array " + array);
            checked++;
        }
        assertEquals(60, checked);
        p.render();
        double[][] again = p.backward(weights);
        assertTrue(java.util.Arrays.deepEquals(analytic, again), "backward depends on the parameters only");
    }

    @Test
    void transformAdjointSatisfiesDotProductIdentity() {
        Random random = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            // the canvas the optimiser uses (the input's size: shifts and rotations reach outside it) and a larger one
            int side = trial % 2 == 0 ? 96 : 128;
            CanvasTransform t = trial == 0 ? CanvasTransform.identity(side, 96, 96) : CanvasTransform.random(side, 96,
                    96, 1 / 16.0, 0.1, 10, random);
            float[] canvas = new float[side * side * 3];
            for (int i = 0; i < canvas.length; i++) {
                canvas[i] = (float) random.nextGaussian();
            }
            float[] y = new float[96 * 96 * 3];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) random.nextGaussian();
            }
            // mid-grey comes in from outside the canvas: the map is affine, its linear part is T(x) - T(0)
            float[] tx = t.apply(canvas);
            float[] t0 = t.apply(new float[canvas.length]);
            for (int i = 0; i < tx.length; i++) {
                tx[i] -= t0[i];
            }
            double[] adjointY = new double[canvas.length];
            t.adjoint(y, adjointY);
            double left = 0;
            for (int i = 0; i < y.length; i++) {
                left += tx[i] * (double) y[i];
            }
            double right = 0;
            for (int i = 0; i < canvas.length; i++) {
                right += canvas[i] * adjointY[i];
            }
            assertEquals(left, right, 1e-4 * Math.abs(left) + 1e-2, "<T x, y> = <x, T* y>, trial " + trial);
        }
    }

    @Test
    void outsideTheCanvasIsMidGrey() {
        float[] canvas = new float[96 * 96 * 3];
        java.util.Arrays.fill(canvas, 1f);
        // shifted by a quarter of the input: a quarter of the columns come from outside
        float[] shifted = CanvasTransform.random(96, 96, 96, 0.25, 0, 0, new Random(0) {
            private int calls;

            @Override
            public double nextDouble() {
                return calls++ == 2 ? 1.0 : 0.5; // rotation 0, scale 1, shift +jitter in x, 0 in y
            }
        }).apply(canvas);
        assertEquals(0.5f, shifted[(10 * 96 + 95) * 3], 1e-6, "the right edge comes from outside");
        assertEquals(1f, shifted[(10 * 96 + 10) * 3], 1e-6, "the left part is the canvas");
    }

    @Test
    void identityTakesTheCentralSquareUnchanged() {
        float[] canvas = new float[128 * 128 * 3];
        for (int i = 0; i < canvas.length; i++) {
            canvas[i] = i;
        }
        float[] crop = CanvasTransform.identity(128, 96, 96).apply(canvas);
        // row 0 of the crop is canvas row 16, column 16
        assertEquals(((16 * 128) + 16) * 3, crop[0], 1e-3);
        assertEquals(((16 + 95) * 128 + 16 + 95) * 3 + 2, crop[crop.length - 1], 1e-3);
    }

    private static double dot(float[] x, double[] w) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * w[i];
        }
        return s;
    }
}
