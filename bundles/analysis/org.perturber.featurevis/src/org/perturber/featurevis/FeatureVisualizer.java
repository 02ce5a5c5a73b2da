package org.perturber.featurevis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Activation;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.Model;
import org.perturber.featurevis.internal.Adam;
import org.perturber.featurevis.internal.CanvasTransform;
import org.perturber.featurevis.internal.ImageParameterisation;

/**
 * Optimises images that excite what {@link FeatureObjective}s name. Objectives on the same layer and pooling are
 * optimised together, one batch item each, so a layer's sheet costs one batched forward and backward pass per step
 * rather than one per channel. Engine-neutral: it asks the model for input gradients of a {@link LayerObjective}
 * (through the shared inference service when given a {@link org.perturber.core.inference.ServiceModel}), and a model
 * that cannot compute them is told so before anything runs.
 */
public final class FeatureVisualizer {
    /** Start candidates per objective and their noise (parameter space): from Lucid's 0.01 to strong blobs. */
    static final int START_CANDIDATES = 6;
    private static final double[] START_DEVIATIONS = { ImageParameterisation.START_DEVIATION, 0.03, 0.1, 0.3, 1, 3 };

    private FeatureVisualizer() {
    }

    /**
     * The canvas side for an input: the input's (as Lucid: what a shift or rotation brings in from outside is
     * mid-grey). A larger power-of-two canvas (128 for 96) cost 45% more per step in the FFTs (measured) and made
     * the visualization a crop of what was optimised.
     */
    public static int canvasSize(int width, int height) {
        return Math.max(width, height);
    }

    /**
     * Optimises one image per objective. Deterministic: the same model, objectives and settings give the same images,
     * and an objective gives the same image whether optimised alone or in a batch with others (its random
     * transformations follow from the seed and the objective only), up to the engine's arithmetic on another batch
     * size.
     *
     * @throws InferenceException when the model cannot compute objective gradients, or a layer or index is unknown
     * @throws OperationCanceledException when the monitor is cancelled
     */
    public static List<FeatureVisResult> optimise(Model model, List<FeatureObjective> objectives,
            FeatureVisSettings settings, IProgressMonitor monitor) {
        String why = model.descriptor().cannotAnswer(new InferenceRequest(0, Set.of(), GradientTarget.objective(
                LayerObjective.channel(LayerObjective.LOGITS, 1, 0, LayerObjective.Pooling.MEAN))));
        if (why != null) {
            throw new InferenceException(why);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < objectives.size(); i++) {
            FeatureObjective o = objectives.get(i);
            groups.computeIfAbsent(o.layer() + "\u0000" + o.pooling(), k -> new ArrayList<>()).add(i);
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Feature visualization", objectives.size()
                * (settings.steps() + 2));
        FeatureVisResult[] results = new FeatureVisResult[objectives.size()];
        for (List<Integer> group : groups.values()) {
            List<FeatureObjective> members = group.stream().map(objectives::get).toList();
            List<FeatureVisResult> done = optimiseGroup(model, members, settings, progress.split(members.size()
                    * (settings.steps() + 2)));
            for (int i = 0; i < group.size(); i++) {
                results[group.get(i)] = done.get(i);
            }
        }
        return List.of(results);
    }

    private static List<FeatureVisResult> optimiseGroup(Model model, List<FeatureObjective> objectives,
            FeatureVisSettings settings, SubMonitor progress) {
        long t0 = System.nanoTime();
        int width = model.descriptor().inputWidth();
        int height = model.descriptor().inputHeight();
        int canvas = canvasSize(width, height);
        int n = objectives.size();
        CanvasTransform identity = CanvasTransform.identity(canvas, width, height);
        List<ImageParameterisation> images = startImages(model, objectives, settings, canvas, identity);
        List<Random> randoms = new ArrayList<>(n);
        List<Adam> optimisers = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            randoms.add(new Random(settings.seed() * 1_000_003L + objectives.get(b).key().hashCode()));
            optimisers.add(new Adam(settings.learningRate(), images.get(b).parameters()));
        }
        List<RgbImage> starts = images.stream().map(p -> quantised(width, height, identity.apply(p.render())))
                .toList();
        float[] startValues = evaluate(model, objectives, starts);
        LayerObjective objective = layerObjective(objectives, channelCount(model, objectives.get(0), starts.get(0)));
        // the layer's activations too: each step's objective value for the trace
        InferenceRequest request = new InferenceRequest(0, objective.logits() ? Set.of() : Set.of(objective
                .layer()), GradientTarget.objective(objective));
        float[][] trace = new float[n][settings.steps()];
        progress.worked(n);
        for (int step = 0; step < settings.steps(); step++) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            // each item's transformation is drawn in item order (deterministic), the pixel work runs on all cores
            CanvasTransform[] transforms = new CanvasTransform[n];
            for (int b = 0; b < n; b++) {
                transforms[b] = CanvasTransform.random(canvas, width, height, settings.jitter(), settings.scale(),
                        settings.rotation(), randoms.get(b));
            }
            float[][] canvases = new float[n][];
            RgbImage[] inputs = new RgbImage[n];
            IntStream.range(0, n).parallel().forEach(b -> {
                canvases[b] = images.get(b).render();
                inputs[b] = new RgbImage(width, height, transforms[b].apply(canvases[b]));
            });
            List<InferenceResult> answers = model.inferBatch(List.of(inputs), request);
            if (answers.size() != n) {
                throw new InferenceException("the model answered " + answers.size() + " of " + n + " images");
            }
            for (int b = 0; b < n; b++) {
                if (answers.get(b).inputGradient() == null) {
                    throw new InferenceException("the model gave no input gradient");
                }
                trace[b][step] = objectiveOn(answers.get(b), objectives.get(b));
            }
            IntStream.range(0, n).parallel().forEach(b -> {
                double[] canvasGradient = new double[canvas * canvas * 3];
                transforms[b].adjoint(answers.get(b).inputGradient().data(), canvasGradient);
                penalise(canvases[b], canvas, settings, canvasGradient);
                ImageParameterisation p = images.get(b);
                optimisers.get(b).ascend(p.parameters(), p.backward(canvasGradient));
            });
            progress.worked(n);
        }
        List<RgbImage> finals = images.stream().map(p -> quantised(width, height, identity.apply(p.render())))
                .toList();
        float[] values = evaluate(model, objectives, finals);
        progress.worked(n);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<FeatureVisResult> out = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            out.add(new FeatureVisResult(objectives.get(b), settings, finals.get(b), values[b], startValues[b],
                    trace[b], millis, false));
        }
        return out;
    }

    /**
     * The seeded start of each objective. Lucid starts from nearly flat grey (noise of deviation 0.01), but a ReLU
     * channel that is zero everywhere on it has no gradient and never moves (measured: 2 of the first 8 channels of the
     * standard model's block3_relu, 4 of the adversarial one's). So {@value #START_CANDIDATES} candidates per
     * objective, of growing contrast, are measured in one batched forward pass, and each objective starts from the
     * least contrasted candidate on which it is above zero (the first when none is).
     */
    private static List<ImageParameterisation> startImages(Model model, List<FeatureObjective> objectives,
            FeatureVisSettings settings, int canvas, CanvasTransform identity) {
        int width = model.descriptor().inputWidth();
        int height = model.descriptor().inputHeight();
        List<ImageParameterisation> candidates = new ArrayList<>();
        List<FeatureObjective> repeated = new ArrayList<>();
        List<RgbImage> rendered = new ArrayList<>();
        for (FeatureObjective o : objectives) {
            for (int k = 0; k < START_CANDIDATES; k++) {
                ImageParameterisation p = new ImageParameterisation(canvas, settings.fourier(), settings.decorrelate(),
                        settings.seed() * START_CANDIDATES + k, START_DEVIATIONS[k]);
                candidates.add(p);
                repeated.add(o);
                rendered.add(new RgbImage(width, height, identity.apply(p.render())));
            }
        }
        float[] values = evaluate(model, repeated, rendered);
        List<ImageParameterisation> chosen = new ArrayList<>(objectives.size());
        for (int b = 0; b < objectives.size(); b++) {
            int pick = 0;
            for (int k = 0; k < START_CANDIDATES; k++) {
                if (values[b * START_CANDIDATES + k] > 0) {
                    pick = k;
                    break;
                }
            }
            chosen.add(candidates.get(b * START_CANDIDATES + pick));
        }
        return chosen;
    }

    /**
     * Each objective's value on the image of the same index (a forward pass; a batch per layer): what a visualization,
     * a dataset example or noise reaches.
     */
    public static float[] evaluate(Model model, List<FeatureObjective> objectives, List<RgbImage> images) {
        if (objectives.size() != images.size()) {
            throw new IllegalArgumentException(objectives.size() + " objectives for " + images.size() + " images");
        }
        float[] values = new float[objectives.size()];
        Map<String, List<Integer>> byLayer = new LinkedHashMap<>();
        for (int i = 0; i < objectives.size(); i++) {
            byLayer.computeIfAbsent(objectives.get(i).layer(), k -> new ArrayList<>()).add(i);
        }
        for (var e : byLayer.entrySet()) {
            List<Integer> members = e.getValue();
            InferenceRequest request = LayerObjective.LOGITS.equals(e.getKey()) ? InferenceRequest.predictions(0)
                    : InferenceRequest.predictions(0).withActivations(Set.of(e.getKey()));
            List<InferenceResult> answers = model.inferBatch(members.stream().map(images::get).toList(), request);
            for (int j = 0; j < members.size(); j++) {
                values[members.get(j)] = objectiveOn(answers.get(j), objectives.get(members.get(j)));
            }
        }
        return values;
    }

    /** The objective's value in an answer that holds its layer's activations (or the logits). */
    static float objectiveOn(InferenceResult answer, FeatureObjective objective) {
        if (objective.kind() == FeatureObjective.Kind.CLASS_LOGIT) {
            float[] logits = answer.logits();
            if (logits == null) {
                throw new InferenceException("the model gives no logits");
            }
            return logits[objective.index()];
        }
        Activation a = answer.activations().get(objective.layer());
        if (a == null) {
            return Float.NaN; // a gradient answer need not carry activations: the trace then has no value
        }
        float[] w = objective.row(a.channels());
        double sum = 0;
        for (int c = 0; c < a.channels(); c++) {
            if (w[c] != 0) {
                float pooled = objective.pooling() == LayerObjective.Pooling.MEAN ? a.channelMean(c)
                        : a.value(c, a.height() / 2, a.width() / 2);
                sum += w[c] * pooled;
            }
        }
        return (float) sum;
    }

    private static int channelCount(Model model, FeatureObjective objective, RgbImage probe) {
        if (objective.kind() == FeatureObjective.Kind.CLASS_LOGIT) {
            return model.descriptor().labels().size();
        }
        Activation a = model.infer(probe, InferenceRequest.predictions(0).withActivations(Set.of(objective.layer())))
                .activations().get(objective.layer());
        if (a == null) {
            throw new InferenceException("the model gave no activations of " + objective.layer());
        }
        return a.channels();
    }

    private static LayerObjective layerObjective(List<FeatureObjective> objectives, int channels) {
        float[] weights = new float[objectives.size() * channels];
        for (int b = 0; b < objectives.size(); b++) {
            System.arraycopy(objectives.get(b).row(channels), 0, weights, b * channels, channels);
        }
        return new LayerObjective(objectives.get(0).layer(), objectives.get(0).pooling(), channels, weights);
    }

    /**
     * Subtracts the gradients of the optional penalties, each a mean over the canvas: total variation (mean absolute
     * difference of neighbours) and L2 (mean squared distance from mid-grey).
     */
    private static void penalise(float[] rgb, int size, FeatureVisSettings settings, double[] gradient) {
        double tv = settings.totalVariation() / (size * size * 3.0);
        double l2 = settings.l2() / (size * size * 3.0);
        if (tv == 0 && l2 == 0) {
            return;
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * size + x) * 3 + c;
                    gradient[i] -= l2 * 2 * (rgb[i] - 0.5);
                    if (tv > 0 && x + 1 < size) {
                        double s = Math.signum(rgb[i + 3] - rgb[i]);
                        gradient[i] += tv * s;
                        gradient[i + 3] -= tv * s;
                    }
                    if (tv > 0 && y + 1 < size) {
                        int below = i + size * 3;
                        double s = Math.signum(rgb[below] - rgb[i]);
                        gradient[i] += tv * s;
                        gradient[below] -= tv * s;
                    }
                }
            }
        }
    }

    /** The image as an 8-bit PNG holds it: what is shown, cached and measured are the same pixels. */
    static RgbImage quantised(int width, int height, float[] rgb) {
        float[] q = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            q[i] = Math.round(Math.max(0, Math.min(1, rgb[i])) * 255) / 255f;
        }
        return new RgbImage(width, height, q);
    }
}
