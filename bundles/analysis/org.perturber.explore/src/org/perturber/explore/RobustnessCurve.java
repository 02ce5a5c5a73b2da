package org.perturber.explore;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.Activation;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;

/**
 * A live robustness curve: while one parameter is dragged, each model's probability of the true class (and its
 * top-1 class) against that parameter's value, point by point as the drag goes; "fill in the range" adds the whole
 * range computed by a sweep. The pinned channels' mean activations are a second series over the same values.
 * A curve holds everything else fixed: changing another parameter, the scene (a camera move), the models or the
 * rest of the stack starts a new one. Thread-safe; no UI.
 */
public final class RobustnessCurve {
    /** Which parameter the curve is over. */
    public record Axis(String perturbation, String parameter, String label) {
    }

    /**
     * One model's value at one parameter value.
     *
     * @param probability the true class's probability, or (with no true class among the model's labels) NaN
     * @param pinnedMeans the pinned channels' mean activations (empty when nothing is pinned for this model)
     * @param filled computed by "fill in the range" (a sweep) rather than seen during the drag
     */
    public record Point(double x, String model, double probability, String top1, double[] pinnedMeans,
            boolean filled) {
    }

    private Axis axis;
    /** What the curve holds fixed: the scene, the rest of the stack, the models (a change of them starts anew). */
    private Object context;
    private final List<Point> points = new ArrayList<>();
    private final Map<String, String> modelNames = new LinkedHashMap<>();
    private List<Integer> pinnedChannels = List.of();
    private String trueClass;

    /** The parameter the curve is over, or null before the first change. */
    public synchronized Axis axis() {
        return axis;
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** Model keys and their display names, in the order their points came. */
    public synchronized Map<String, String> models() {
        return new LinkedHashMap<>(modelNames);
    }

    public synchronized List<Integer> pinnedChannels() {
        return pinnedChannels;
    }

    /** The class whose probability is plotted (the scene's subject), or null. */
    public synchronized String trueClass() {
        return trueClass;
    }

    public synchronized void clear() {
        points.clear();
        modelNames.clear();
        axis = null;
        context = null;
    }

    /**
     * Adds a state's points when it was made by a change of one parameter (a slider step): a new parameter starts
     * a new curve. Returns whether points were added.
     */
    public boolean add(ExploreState state, List<ModelResult> results, ExploreSession.Pins pins) {
        ExploreState.Change change = state.change();
        if (change == null || state.scene() == null) {
            return false;
        }
        synchronized (this) {
            Axis a = new Axis(change.perturbation(), change.parameter(), change.label());
            List<Integer> channels = List.copyOf(pins.channels());
            Object held = context(state);
            if (!a.equals(axis) || !channels.equals(pinnedChannels) || !held.equals(context)) {
                context = held;
                axis = a;
                pinnedChannels = channels;
                points.clear();
            }
            trueClass = trueClass(state.scene());
            for (ModelResult r : results) {
                if (!r.ok()) {
                    continue;
                }
                double[] means = pins.modelKey().equals(r.model().key()) ? means(r.result(), pins) : new double[0];
                add(r.model(), point(change.value(), r.model(), r.result(), means, false));
            }
        }
        return true;
    }

    /** Adds a point computed by a sweep over the range ("fill in the range"). */
    public synchronized void addFilled(double x, LoadedModel model, InferenceResult result) {
        add(model, point(x, model, result, new double[0], true));
    }

    /** Everything of a state but the varied parameter's value. */
    private static Object context(ExploreState s) {
        ExploreState.Change c = s.change();
        PerturbationStack rest = s.stack();
        if (c.entry() >= 0 && c.entry() < rest.entries().size()) {
            rest = rest.set(c.entry(), rest.entries().get(c.entry()).with(c.parameter(), 0.0));
        }
        return List.of(s.scene(), rest, s.models().stream().map(LoadedModel::key).toList(), String.valueOf(s
                .attackSource()));
    }

    private void add(LoadedModel model, Point p) {
        modelNames.putIfAbsent(model.key(), model.descriptor().name());
        points.add(p);
    }

    private Point point(double x, LoadedModel model, InferenceResult r, double[] means, boolean filled) {
        int truth = trueClass == null ? -1 : model.descriptor().labels().indexOf(trueClass);
        return new Point(x, model.key(), truth < 0 ? Double.NaN : r.probabilities()[truth], r.best().label(), means,
                filled);
    }

    private static double[] means(InferenceResult r, ExploreSession.Pins pins) {
        Activation a = r.activations().get(pins.layer());
        if (a == null) {
            return new double[0];
        }
        return pins.channels().stream().mapToDouble(c -> c < a.channels() ? a.channelMean(c) : Double.NaN)
                .toArray();
    }

    /**
     * The class a model should see in a scene: its first object's built-in class, or an imported mesh's name (the
     * same rule as session sweeps).
     */
    public static String trueClass(Scene scene) {
        if (scene.objects().isEmpty()) {
            return null;
        }
        return scene.objects().get(0).classLabel();
    }

    /** The points as CSV: parameter value, model, true class, its probability, top-1, source, pinned means. */
    public void writeCsv(Path file) throws IOException {
        List<Point> copy;
        Axis a;
        List<Integer> channels;
        String truth;
        Map<String, String> names;
        synchronized (this) {
            copy = List.copyOf(points);
            a = axis;
            channels = pinnedChannels;
            truth = trueClass;
            names = new LinkedHashMap<>(modelNames);
        }
        List<String> header = new ArrayList<>(List.of(a == null ? "value" : a.perturbation() + "." + a.parameter(),
                "model", "true_class", "true_class_probability", "top1", "source"));
        channels.forEach(c -> header.add("channel_" + c + "_mean"));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header.toArray(String[]::new))
                        .get())) {
            for (Point p : copy) {
                List<String> row = new ArrayList<>(List.of(number(p.x()), names.getOrDefault(p.model(), p.model()),
                        truth == null ? "" : truth, Double.isNaN(p.probability()) ? "" : number(p.probability()), p
                                .top1(), p.filled() ? "range" : "drag"));
                for (int i = 0; i < channels.size(); i++) {
                    row.add(i < p.pinnedMeans().length ? number(p.pinnedMeans()[i]) : "");
                }
                csv.printRecord(row);
            }
        }
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
