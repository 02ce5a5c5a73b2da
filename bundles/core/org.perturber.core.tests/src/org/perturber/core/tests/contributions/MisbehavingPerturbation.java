package org.perturber.core.tests.contributions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * Plugin bugs that get past a try/catch of RuntimeException, or return something no caller can use: each nested
 * class is contributed in plugin.xml, and the stack must skip it, name it and its bundle, and go on.
 */
public abstract class MisbehavingPerturbation implements ImagePerturbation {
    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    /** Returns an image of the right size full of NaN. */
    public static class NotANumber extends MisbehavingPerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            float[] data = image.copyData();
            Arrays.fill(data, Float.NaN);
            return new RgbImage(image.width(), image.height(), data);
        }
    }

    /** Returns an image one pixel narrower than it was given. */
    public static class WrongSize extends MisbehavingPerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            return RgbImage.filled(image.width() - 1, image.height(), 0.5f, 0.5f, 0.5f);
        }
    }

    /** Allocates until the heap is exhausted. */
    public static class MemoryHog extends MisbehavingPerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 20]);
            }
        }
    }

    /** Recurses until the thread's stack overflows. */
    public static class Recursion extends MisbehavingPerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            return apply(image, values);
        }
    }

    /** Its constructor throws an Error, not an Exception (a static initialiser gone wrong, say). */
    public static class ErrorInConstructor extends MisbehavingPerturbation {
        public static final String MESSAGE = "fog tables did not fit (test)";

        public ErrorInConstructor() {
            throw new OutOfMemoryError(MESSAGE);
        }

        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            return image;
        }
    }

    /**
     * Never returns while {@link #release} is false: a busy loop that ignores interrupts, as a plugin stuck in a
     * computation is. The tests set {@code release} when done, so that the abandoned thread does not burn a core of
     * the test machine for the rest of the run.
     */
    public static class NeverReturns extends MisbehavingPerturbation {
        public static volatile boolean release;
        /** Calls that have started, and those that have returned. */
        public static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic
                .AtomicInteger();
        public static final java.util.concurrent.atomic.AtomicInteger RETURNED = new java.util.concurrent.atomic
                .AtomicInteger();

        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            STARTED.incrementAndGet();
            long spins = 0;
            while (!release) {
                spins++; // no sleep, no wait, no check of Thread.interrupted(): interrupting it changes nothing
            }
            RETURNED.incrementAndGet();
            return spins < 0 ? null : image;
        }
    }

    /** Returns the image with a bright stripe at 1.5 and a dark one at -0.25: finite, of the right size, out of range. */
    public static class OutOfRange extends MisbehavingPerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            float[] data = image.copyData();
            data[0] = 1.5f;
            data[data.length - 1] = -0.25f;
            return new RgbImage(image.width(), image.height(), data);
        }
    }
}
