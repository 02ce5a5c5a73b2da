package org.perturber.sweep.tests.contributions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/**
 * Plugin bugs a sweep must survive, each contributed in this bundle's plugin.xml: the sweep skips the entry on every
 * sample, says so once with the bundle, marks the rows, measures them all the same and exits with its own code.
 */
public abstract class MisbehavingImagePerturbation implements ImagePerturbation {
    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    /** An image of the right size full of NaN. */
    public static class NotANumber extends MisbehavingImagePerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            float[] data = image.copyData();
            Arrays.fill(data, Float.NaN);
            return new RgbImage(image.width(), image.height(), data);
        }
    }

    /** Brightens every value by 1: finite, the right size, all out of [0, 1]. */
    public static class OutOfRange extends MisbehavingImagePerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            float[] data = image.copyData();
            for (int i = 0; i < data.length; i++) {
                data[i] += 1f;
            }
            return new RgbImage(image.width(), image.height(), data);
        }
    }

    /**
     * A busy loop that ignores interrupts and never returns while {@link #release} is false (tests in this JVM set it
     * when done; in a child process it spins until the process ends).
     */
    public static class NeverReturns extends MisbehavingImagePerturbation {
        public static volatile boolean release;

        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            long spins = 0;
            while (!release) {
                spins++;
            }
            return spins < 0 ? null : image;
        }
    }

    /**
     * Allocates until the heap is exhausted, 64 MB at a time: in small steps a full heap is collected again and again
     * before the error comes, for longer than a time budget (measured: over 2 s in a 512 MB child).
     */
    public static class MemoryHog extends MisbehavingImagePerturbation {
        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 23]);
            }
        }
    }

    /**
     * A parameter that works below a level and breaks above it: the image unchanged while "level" is under 0.5,
     * every value out of [0, 1] from there (a flip search over it must report the failure, not a flip).
     */
    public static class OutOfRangeAbove extends MisbehavingImagePerturbation {
        public static final NumberParameter LEVEL = new NumberParameter("level", "Level", "", 0, 1, 0.0, 0.01);

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of(LEVEL);
        }

        @Override
        public RgbImage apply(RgbImage image, ParameterValues values) {
            if (values.getDouble(LEVEL.id()) < 0.5) {
                return image;
            }
            float[] data = image.copyData();
            for (int i = 0; i < data.length; i++) {
                data[i] += 1f;
            }
            return new RgbImage(image.width(), image.height(), data);
        }
    }
}
