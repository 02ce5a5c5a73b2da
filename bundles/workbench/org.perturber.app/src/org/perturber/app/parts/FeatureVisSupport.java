package org.perturber.app.parts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.model.ModelCapability;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.featurevis.DatasetExamples;
import org.perturber.featurevis.ExampleImage;
import org.perturber.featurevis.FeatureVisCache;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizations;

/**
 * What the views showing feature visualizations share: where the cache is, the settings they optimise with, one
 * {@link FeatureVisualizations} per model (its weights' digest is read once), the dataset examples of a model's
 * layer (measured once per run), and a scheduling rule that runs their optimisations one at a time (they share the
 * model with the live predictions; two at once would only halve each other's speed).
 */
final class FeatureVisSupport {
    /** System property: optimisation steps of the interactive visualizations (tests make them small). */
    static final String STEPS_PROPERTY = "perturber.featurevis.steps";
    /** System property: the cache folder (tests give each test its own). */
    static final String CACHE_PROPERTY = "perturber.featurevis.cache";
    /**
     * Steps of the visualizations shown on hover: a quarter of {@link FeatureVisSettings#DEFAULT}'s, about a second
     * a channel for the built-in models on a laptop's CPU, already clearly above the start; "Full quality" runs all.
     */
    static final int INTERACTIVE_STEPS = 64;
    /** The bundle failures are reported under. */
    static final String BUNDLE = "org.perturber.featurevis";

    /** Optimisations run one at a time, in the order asked. */
    static final ISchedulingRule ONE_AT_A_TIME = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    private static final Map<String, FeatureVisualizations> VISUALIZATIONS = new ConcurrentHashMap<>();
    private static final Map<String, DatasetExamples> EXAMPLES = new ConcurrentHashMap<>();
    private static final Map<String, List<ExampleImage>> RENDERS = new ConcurrentHashMap<>();

    private FeatureVisSupport() {
    }

    /** The quick settings of hover and selection ({@value #STEPS_PROPERTY} steps, else {@link #INTERACTIVE_STEPS}). */
    static FeatureVisSettings interactive() {
        int steps = Integer.getInteger(STEPS_PROPERTY, INTERACTIVE_STEPS);
        return FeatureVisSettings.DEFAULT.withSteps(Math.max(1, Math.min(FeatureVisSettings.MAX_STEPS, steps)));
    }

    /** Full quality: {@link FeatureVisSettings#DEFAULT} (256 steps). */
    static FeatureVisSettings full() {
        return FeatureVisSettings.DEFAULT;
    }

    /**
     * The cache folder: {@value #CACHE_PROPERTY} when set, else the workspace's (instance location's)
     * {@code featurevis} folder, else {@link FeatureVisCache#defaultRoot()} (~/.perturber/featurevis).
     */
    static Path cacheRoot() {
        String chosen = System.getProperty(CACHE_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        Location workspace = Platform.getInstanceLocation();
        if (workspace != null && workspace.getURL() != null && "file".equals(workspace.getURL().getProtocol())) {
            return Path.of(workspace.getURL().getPath()).resolve("featurevis");
        }
        return FeatureVisCache.defaultRoot();
    }

    /** Why this model shows no feature visualization, or null when it can. */
    static String cannot(LoadedModel model) {
        return model.descriptor().can(ModelCapability.OBJECTIVE_GRADIENTS) ? null : model.descriptor().cannot(
                ModelCapability.OBJECTIVE_GRADIENTS);
    }

    /**
     * A Job's thread: the model's visualizations through the cache (the first call digests its files), queued through
     * the inference service with the model's other users.
     */
    static FeatureVisualizations of(LoadedModel model) throws IOException {
        Path root = cacheRoot();
        String key = model.key() + "\u0000" + root;
        FeatureVisualizations known = VISUALIZATIONS.get(key);
        if (known != null) {
            return known;
        }
        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        FeatureVisualizations made = new FeatureVisualizations(new ServiceModel(inference, model), model.location(),
                new FeatureVisCache(root));
        FeatureVisualizations raced = VISUALIZATIONS.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /** The model's visualizations if {@link #of} made them already (null otherwise); any thread. */
    static FeatureVisualizations known(LoadedModel model) {
        return VISUALIZATIONS.get(model.key() + "\u0000" + cacheRoot());
    }

    /** The layer's dataset examples if measured already (null otherwise); any thread. */
    static DatasetExamples knownExamples(LoadedModel model, String layer) {
        return EXAMPLES.get(model.key() + "\u0000" + layer);
    }

    /**
     * A Job's thread: the dataset examples of a model's layer, the built-in objects rendered from
     * {@link DatasetExamples#VIEWS} at the model's input size (rendered once per size) and measured once per layer.
     */
    static DatasetExamples examples(LoadedModel model, String layer, IProgressMonitor monitor) throws IOException {
        String key = model.key() + "\u0000" + layer;
        DatasetExamples known = EXAMPLES.get(key);
        if (known != null) {
            return known;
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Dataset examples of " + layer, 2);
        int w = model.descriptor().inputWidth();
        int h = model.descriptor().inputHeight();
        List<ExampleImage> renders = RENDERS.get(w + "x" + h);
        if (renders == null) {
            progress.subTask("Rendering the built-in objects");
            renders = DatasetExamples.builtinRenders(Services.await(SceneRenderer.class, Duration.ofSeconds(30)), w,
                    h);
            RENDERS.put(w + "x" + h, renders);
        }
        progress.worked(1);
        DatasetExamples measured = DatasetExamples.measure(of(model).model(), layer, renders, progress.split(1));
        EXAMPLES.put(key, measured);
        return measured;
    }

    /** An SWT picture of a Java2D image (the layer sheet), 24-bit RGB. */
    static ImageData toImageData(java.awt.image.BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ImageData data = new ImageData(w, h, 24, new PaletteData(0xff0000, 0xff00, 0xff));
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            data.setPixels(0, y, w, row, 0);
        }
        return data;
    }
}
