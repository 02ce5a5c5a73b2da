package org.perturber.perturbation.adversarial;

import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.core.perturbation.AttackContext;

/**
 * Projected gradient attacks on any {@link Model} (FGSM is one unrandomised L-infinity step of size epsilon).
 * Untargeted attacks raise the loss of the scene's true class when the model knows it (so that an image another
 * perturbation already flipped is not pushed back to the truth), otherwise of the class the model predicts for the
 * clean scene; targeted ones lower the loss of the chosen class. Pixels stay in [0, 1] and the change stays
 * within epsilon in the chosen norm.
 */
final class Attacks {
    /** How the attack is configured. */
    record Settings(boolean l2, double epsilon, int steps, double stepSize, boolean randomStart, int target,
            long seed) {
    }

    private Attacks() {
    }

    /**
     * The class an attack works on: the target; else the scene's true class when the model knows it; else the model's
     * top-1 on the clean scene (or, without one, on the image it is given).
     */
    static int attackedClass(RgbImage image, Model model, int target, AttackContext context) {
        if (target >= 0) {
            return target;
        }
        int truth = context.trueClassIndex(model.descriptor().labels());
        if (truth >= 0) {
            return truth;
        }
        RgbImage clean = context.cleanImage() == null ? null : context.cleanImage().get();
        boolean fits = clean != null && clean.width() == image.width() && clean.height() == image.height();
        return model.infer(fits ? clean : image, InferenceRequest.predictions(1)).best().index();
    }

    static RgbImage attack(RgbImage clean, Model model, Settings s, AttackContext context, IProgressMonitor monitor) {
        if (clean.width() != model.descriptor().inputWidth() || clean.height() != model.descriptor().inputHeight()) {
            throw new InferenceException("the attack needs the model's input size, " + model.descriptor()
                    .inputWidth() + "x" + model.descriptor().inputHeight() + ", got " + clean.width() + "x"
                    + clean.height());
        }
        if (s.epsilon() == 0) {
            return clean;
        }
        int classes = model.descriptor().labels().size();
        boolean targeted = s.target() >= 0;
        if (targeted && s.target() >= classes) {
            throw new InferenceException("target class " + s.target() + " outside 0.." + (classes - 1));
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Attacking " + model.descriptor().name(), s.steps() + 1);
        int cls = attackedClass(clean, model, s.target(), context);
        progress.worked(1);
        float[] x0 = clean.data();
        float[] delta = new float[x0.length];
        if (s.randomStart()) {
            SplittableRandom r = new SplittableRandom(s.seed());
            for (int i = 0; i < delta.length; i++) {
                delta[i] = (float) ((r.nextDouble() * 2 - 1) * s.epsilon());
            }
            project(delta, x0, s);
        }
        for (int step = 0; step < s.steps(); step++) {
            if (progress.isCanceled()) {
                break; // the image so far is a valid attack too: within epsilon
            }
            RgbImage x = combine(x0, delta, clean);
            float[] g = model.infer(x, InferenceRequest.predictions(0).withGradient(GradientTarget.loss(cls)))
                    .inputGradient().data();
            double sign = targeted ? -1 : 1; // raise the loss of the true class, or lower the target's
            if (s.l2()) {
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm) + 1e-12;
                for (int i = 0; i < delta.length; i++) {
                    delta[i] += (float) (sign * s.stepSize() * g[i] / norm);
                }
            } else {
                for (int i = 0; i < delta.length; i++) {
                    delta[i] += (float) (sign * s.stepSize() * Math.signum(g[i]));
                }
            }
            project(delta, x0, s);
            progress.worked(1);
        }
        return combine(x0, delta, clean);
    }

    /** Into the epsilon ball of the norm, and so that x0 + delta stays in [0, 1]. */
    private static void project(float[] delta, float[] x0, Settings s) {
        if (s.l2()) {
            double norm = 0;
            for (float v : delta) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm > s.epsilon()) {
                float scale = (float) (s.epsilon() / norm);
                for (int i = 0; i < delta.length; i++) {
                    delta[i] *= scale;
                }
            }
        } else {
            float e = (float) s.epsilon();
            for (int i = 0; i < delta.length; i++) {
                delta[i] = Math.max(-e, Math.min(e, delta[i]));
            }
        }
        // clipping to the valid pixel range only shrinks |delta|, so the norm bound still holds
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.max(-x0[i], Math.min(1 - x0[i], delta[i]));
        }
    }

    private static RgbImage combine(float[] x0, float[] delta, RgbImage like) {
        float[] x = new float[x0.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = x0[i] + delta[i];
        }
        return new RgbImage(like.width(), like.height(), x);
    }

    /** The change itself, amplified around mid-grey, for looking at. */
    static RgbImage amplified(RgbImage clean, RgbImage attacked, double gain) {
        float[] d = new float[clean.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.max(0, Math.min(1, 0.5 + gain * (attacked.data()[i] - clean.data()[i])));
        }
        return new RgbImage(clean.width(), clean.height(), d);
    }
}
