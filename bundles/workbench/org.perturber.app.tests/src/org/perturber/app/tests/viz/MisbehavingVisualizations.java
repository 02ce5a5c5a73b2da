package org.perturber.app.tests.viz;

import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.viz.ResultNeeds;
import org.perturber.core.viz.Visualization;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/**
 * Visualizations of category "activations" that misbehave as a lab's plugin might: the workbench must name each
 * with its bundle and go on.
 */
public final class MisbehavingVisualizations {
    private MisbehavingVisualizations() {
    }

    /** Needs what the Activations view gives; compute is what misbehaves. */
    abstract static class ActivationsViz implements Visualization {
        @Override
        public ResultNeeds needs() {
            return new ResultNeeds(0, true, null);
        }
    }

    /** Recurses until the thread's stack overflows. */
    public static class Recursion extends ActivationsViz {
        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            depth(0);
            return null; // never reached
        }

        private static int depth(int n) {
            return depth(n + 1) + 1;
        }
    }

    /** Asks for an array larger than any heap (a real OutOfMemoryError, without starving the other threads). */
    public static class OutOfMemory extends ActivationsViz {
        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            long[] huge = new long[Integer.MAX_VALUE - 16];
            return new VisualizationFrame.Tiles("never " + huge.length, List.of(), List.of());
        }
    }

    /** Tiles full of NaN. */
    public static class NotANumber extends ActivationsViz {
        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            return new VisualizationFrame.Tiles("NaN tiles", List.of(RgbImage.filled(4, 4, Float.NaN, 0, 0)), List
                    .of("0"));
        }
    }

    /** Tiles of two sizes. */
    public static class WrongSizes extends ActivationsViz {
        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            return new VisualizationFrame.Tiles("Tiles of two sizes", List.of(RgbImage.filled(4, 4, 0.5f, 0.5f, 0.5f),
                    RgbImage.filled(7, 3, 0.5f, 0.5f, 0.5f)), List.of("0", "1"));
        }
    }

    /** Never returns, and ignores interrupts (the worst a plugin can do short of burning a core). */
    public static class NeverReturns extends ActivationsViz {
        @Override
        public VisualizationFrame compute(VisualizationInput input) {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // ignored on purpose: the workbench must abandon the call, not rely on it ending
                }
            }
        }
    }
}
