package org.perturber.core.viz;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import org.perturber.core.image.RgbImage;
import org.perturber.core.internal.registry.GuardedCalls;
import org.perturber.core.registry.Contribution;

/**
 * Every call into a contributed visualization goes through here: its creation, {@link Visualization#needs()} and
 * {@link Visualization#compute}. A call runs on a thread of its own and the caller waits at most a time budget for
 * it; anything it throws (an OutOfMemoryError or a StackOverflowError too), a frame no view can draw
 * ({@link #problem(VisualizationFrame, VisualizationInput)}) and a call past its budget come back as an
 * {@link Outcome} whose problem names the bundle and the contribution. The caller must not be a UI thread: it may
 * wait for the whole budget.
 *
 * <p>
 * A call past its budget is interrupted and abandoned; until it returns (it may never), the contribution is not
 * called again and every call says so at once, so that one visualization that hangs holds one thread, not one per
 * state.
 */
public final class VisualizationGuard {
    /** How long a call may take unless the caller says otherwise. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    /**
     * How far values may stray outside [0, 1] (pixels, bar values) before the frame counts as broken: float
     * arithmetic (a softmax, a colour blend) lands a hair outside.
     */
    static final double SLACK = 1e-3;

    /** What a guarded call gave: a value, or why not (the bundle and the contribution named) and its cause. */
    public record Outcome<T>(T value, String problem, Throwable cause) {
        public boolean ok() {
            return problem == null;
        }
    }

    private VisualizationGuard() {
    }

    /** The frame for an input, checked: null, an unknown kind, sizes that do not match or bad values are problems. */
    public static Outcome<VisualizationFrame> compute(Contribution<Visualization> c, VisualizationInput input,
            Duration budget) {
        Outcome<VisualizationFrame> out = call(c, "compute", v -> v.compute(input), budget);
        if (!out.ok()) {
            return out;
        }
        String bad = problem(out.value(), input);
        return bad == null ? out : new Outcome<>(null, name(c) + ": compute " + bad, null);
    }

    /** What the visualization needs from the inference (its creation included). */
    public static Outcome<ResultNeeds> needs(Contribution<Visualization> c, Duration budget) {
        Outcome<ResultNeeds> out = call(c, "needs", Visualization::needs, budget);
        return !out.ok() || out.value() != null ? out : new Outcome<>(null, name(c) + ": needs returned nothing",
                null);
    }

    /** "Bundle B, visualization 'id'": how a problem names its contribution. */
    public static String name(Contribution<?> c) {
        return "Bundle " + c.bundle() + ", visualization '" + c.id() + "'";
    }

    /**
     * Runs {@code what} on the contribution's object (created first if need be) on a thread of its own, waiting at
     * most {@code budget} ({@link GuardedCalls}: the mechanism the perturbation stack's calls go through too).
     */
    private static <T> Outcome<T> call(Contribution<Visualization> c, String method, Function<Visualization, T> what,
            Duration budget) {
        GuardedCalls.Outcome<Outcome<T>> out = GuardedCalls.call(c.bundle() + "/" + c.id(), method, budget,
                () -> run(c, method, what));
        return switch (out) {
        case GuardedCalls.Returned<Outcome<T>> r -> r.value();
        case GuardedCalls.Threw<Outcome<T>> t -> new Outcome<>(null, name(c) + ": " + method + " failed: " + t
                .error(), t.error());
        case GuardedCalls.TimedOut<Outcome<T>> t -> new Outcome<>(null, name(c) + ": " + method
                + " did not return within " + seconds(t.budget().toNanos()) + " s; abandoned", null);
        // the same words at every state, so that a log lists it once
        case GuardedCalls.StillRunning<Outcome<T>> hung -> new Outcome<>(null, name(c) + ": not called: its " + hung
                .what() + " abandoned at " + hung.at().truncatedTo(ChronoUnit.SECONDS) + " has not returned yet",
                null);
        case GuardedCalls.Interrupted<Outcome<T>> i -> new Outcome<>(null, name(c) + ": " + method
                + " interrupted (the view is closing)", new InterruptedException());
        };
    }

    /** On the call's own thread: whatever the contribution throws, an Error too, becomes an outcome. */
    private static <T> Outcome<T> run(Contribution<Visualization> c, String method, Function<Visualization, T> what) {
        Visualization v;
        try {
            v = c.instance().orElse(null);
        } catch (Throwable e) {
            return new Outcome<>(null, name(c) + ": could not be created: " + describe(e), e);
        }
        if (v == null) {
            return new Outcome<>(null, c.failure().orElse(name(c) + ": could not be created"), null);
        }
        try {
            return new Outcome<>(what.apply(v), null, null);
        } catch (Throwable e) { // a plugin's Error too: what it allocated is unreachable once the call ends
            return new Outcome<>(null, name(c) + ": " + method + " threw " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /**
     * Why no view can draw this frame, or null when it can: no frame; a picture that is not the size of the model
     * input it is drawn over; tiles of different sizes or not one label each; bars without a label; NaN or infinite
     * values; pixels or bar values outside [0, 1]; a bar's change outside [-1, 1] (NaN means no baseline).
     */
    public static String problem(VisualizationFrame frame, VisualizationInput input) {
        if (frame == null) {
            return "returned no frame";
        }
        if (frame.title() == null) {
            return "returned a frame without a title";
        }
        return switch (frame) {
            case VisualizationFrame.Picture p -> {
                if (p.image() == null) {
                    yield "returned a picture without an image";
                }
                RgbImage in = input == null ? null : input.modelInput();
                if (in != null && (in.width() != p.image().width() || in.height() != p.image().height())) {
                    yield "returned a " + p.image().width() + "x" + p.image().height() + " picture for a " + in
                            .width() + "x" + in.height() + " model input";
                }
                String bad = pixels(p.image());
                yield bad == null ? null : "returned a picture with " + bad;
            }
            case VisualizationFrame.Tiles t -> {
                if (t.labels().size() != t.tiles().size()) {
                    yield "returned " + t.tiles().size() + " tiles with " + t.labels().size() + " labels";
                }
                RgbImage first = t.tiles().isEmpty() ? null : t.tiles().get(0);
                for (int i = 0; i < t.tiles().size(); i++) {
                    RgbImage tile = t.tiles().get(i);
                    if (tile.width() != first.width() || tile.height() != first.height()) {
                        yield "returned tiles of different sizes: tile 0 is " + first.width() + "x" + first.height()
                                + ", tile " + i + " " + tile.width() + "x" + tile.height();
                    }
                    String bad = pixels(tile);
                    if (bad != null) {
                        yield "returned tile " + i + " with " + bad;
                    }
                }
                yield null;
            }
            case VisualizationFrame.Bars b -> {
                for (int i = 0; i < b.bars().size(); i++) {
                    VisualizationFrame.Bar bar = b.bars().get(i);
                    if (bar == null || bar.label() == null) {
                        yield "returned bar " + i + " without a label";
                    }
                    if (!(bar.value() >= -SLACK && bar.value() <= 1 + SLACK)) {
                        yield "returned bar " + i + " ('" + bar.label() + "') with the value " + bar.value()
                                + " (bars are in [0, 1])";
                    }
                    if (!Double.isNaN(bar.change()) && !(Math.abs(bar.change()) <= 1 + SLACK)) {
                        yield "returned bar " + i + " ('" + bar.label() + "') with the change " + bar.change()
                                + " (in [-1, 1], or NaN for none)";
                    }
                }
                yield null;
            }
        };
    }

    /** How many values of an image are NaN, infinite or outside [0, 1], in words; null when none. */
    private static String pixels(RgbImage image) {
        RgbImage.RangeCheck range = image.checkRange(SLACK);
        if (range.nonFinite() > 0) {
            return range.nonFinite() + " NaN or infinite values of " + image.data().length;
        }
        return range.outside() == 0 ? null : range.outside() + " values of " + image.data().length
                + " outside [0, 1]";
    }
}
