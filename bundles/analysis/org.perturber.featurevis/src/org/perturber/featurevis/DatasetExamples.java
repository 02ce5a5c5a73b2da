package org.perturber.featurevis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.perturber.core.model.Activation;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.render.SceneRenderer;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/**
 * The dataset examples of a layer's channels, as OpenAI Microscope shows them: each example's mean activation of
 * every channel, from one batched forward pass per batch of images, ranked per channel.
 */
public final class DatasetExamples {
    /** Views of each built-in object: the standard view turned by these azimuths (degrees). */
    public static final double[] VIEWS = { 0, 60, 120, 180, 240, 300 };

    private final String layer;
    private final List<ExampleImage> examples;
    /** values[image][channel]: the channel's mean activation on the image. */
    private final float[][] values;

    private DatasetExamples(String layer, List<ExampleImage> examples, float[][] values) {
        this.layer = layer;
        this.examples = List.copyOf(examples);
        this.values = values;
    }

    /** Measures every channel of {@code layer} on every example (batched; cancellable). */
    public static DatasetExamples measure(Model model, String layer, List<ExampleImage> examples,
            IProgressMonitor monitor) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no example images");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Dataset examples of " + layer, examples.size());
        float[][] values = new float[examples.size()][];
        int batch = 16;
        for (int i = 0; i < examples.size(); i += batch) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            int end = Math.min(examples.size(), i + batch);
            List<InferenceResult> answers = model.inferBatch(examples.subList(i, end).stream().map(
                    ExampleImage::image).toList(), InferenceRequest.predictions(0).withActivations(Set.of(layer)));
            for (int j = i; j < end; j++) {
                Activation a = answers.get(j - i).activations().get(layer);
                if (a == null) {
                    throw new InferenceException("the model gave no activations of " + layer);
                }
                float[] v = new float[a.channels()];
                for (int c = 0; c < v.length; c++) {
                    v[c] = a.channelMean(c);
                }
                values[j] = v;
            }
            progress.worked(end - i);
        }
        return new DatasetExamples(layer, examples, values);
    }

    /** Renders of the built-in objects from {@link #VIEWS}, named "mug 60°", at the model's input size. */
    public static List<ExampleImage> builtinRenders(SceneRenderer renderer, int width, int height) {
        BuiltinObjects objects = new BuiltinObjects();
        List<ExampleImage> out = new ArrayList<>();
        for (String id : objects.ids()) {
            for (double view : VIEWS) {
                out.add(new ExampleImage(id + " " + (int) view + "\u00b0", renderer.render(BuiltinScenes.standard(
                        objects, org.perturber.core.scene.MeshRef.builtin(id), id, view), width, height)));
            }
        }
        return out;
    }

    public String layer() {
        return layer;
    }

    public int channels() {
        return values[0].length;
    }

    public List<ExampleImage> examples() {
        return examples;
    }

    /** The channel's mean activation on example {@code index}. */
    public float activation(int index, int channel) {
        return values[index][channel];
    }

    /** The {@code k} examples that excite the channel most, strongest first. */
    public List<RankedExample> top(int channel, int k) {
        return ranked(channel, k, Comparator.comparingDouble((Integer i) -> -values[i][channel]));
    }

    /** The {@code k} examples that excite the channel least, weakest first. */
    public List<RankedExample> bottom(int channel, int k) {
        return ranked(channel, k, Comparator.comparingDouble((Integer i) -> values[i][channel]));
    }

    private List<RankedExample> ranked(int channel, int k, Comparator<Integer> order) {
        if (channel < 0 || channel >= channels()) {
            throw new IllegalArgumentException("channel " + channel + " outside 0.." + (channels() - 1) + " of "
                    + layer);
        }
        // ties keep the examples' order: the same ranking on every run
        return IntStream.range(0, examples.size()).boxed().sorted(order.thenComparing(Comparator.naturalOrder()))
                .limit(k).map(i -> new RankedExample(examples.get(i), values[i][channel])).toList();
    }
}
