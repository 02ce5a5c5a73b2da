package org.perturber.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.LayerInfo;
import org.perturber.core.model.LayerObjective;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.featurevis.DatasetExamples;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisCache;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.FeatureVisualizations;
import org.perturber.featurevis.LayerSheet;
import org.perturber.featurevis.RankedExample;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code releng/perturber featurevis MODEL LAYER [--channels 0-15] [--steps N] [--out sheet.png]}: optimises feature
 * visualizations of a layer's channels (through the cache: a second run reads them back), measures the channels on
 * renders of the built-in objects (the dataset examples), and writes a labelled sheet of both.
 */
public class FeatureVisApplication implements IApplication {
    /** Exit codes: done; failed (a model that does not load or cannot give gradients, a disk error); bad arguments. */
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** Sheet layout: visualizations at twice the model's input size, three dataset examples beneath each. */
    public static final int SCALE = 2;
    public static final int DEFAULT_COLUMNS = 8;
    public static final int DEFAULT_EXAMPLES = 3;
    /** Most channels one run optimises (a batch of this many canvases is a few hundred megabytes at most). */
    static final int MAX_CHANNELS = 256;
    private static final String NAME = "featurevis";

    private final AtomicBoolean stopped = new AtomicBoolean();

    @Command(name = NAME, mixinStandardHelpOptions = true, description = {
            "Optimises an image per channel of LAYER that excites the channel (a Fourier-space, decorrelated-colour "
                    + "image, random jitter, scale and rotation each step, Adam; all channels as one batch), "
                    + "measures the channels on renders of the built-in objects, and writes a labelled sheet: per "
                    + "channel the visualization, the activation it reached (and its start's), and the renders "
                    + "that excite the channel most, with theirs.",
            "", "Results are cached per model weights, layer, channel, objective and settings (under --cache): a "
                    + "second run with the same arguments optimises nothing.", "" })
    static final class Arguments {
        @Parameters(index = "0", paramLabel = "MODEL", description = "a model folder, or the id of a built-in model "
                + "(a folder of the models folder: standard, adversarial, ...)")
        String model;

        @Parameters(index = "1", paramLabel = "LAYER", description = "a layer the model exposes (model.json's "
                + "layers), such as block3_relu")
        String layer;

        @Option(names = "--channels", paramLabel = "RANGES", description = "channels to visualize: 0-15, 3, "
                + "0-3,8,12 (default: 0-15)")
        String channels = "0-15";

        @Option(names = "--steps", paramLabel = "N", description = "optimisation steps (default: ${DEFAULT-VALUE})")
        int steps = FeatureVisSettings.DEFAULT.steps();

        @Option(names = "--seed", paramLabel = "S", description = "the start image and every random transformation "
                + "follow from it (default: ${DEFAULT-VALUE})")
        long seed = FeatureVisSettings.DEFAULT.seed();

        @Option(names = "--objective", paramLabel = "KIND", description = "channel: a channel's mean activation; "
                + "neuron: the channel at the centre of its map (default: ${DEFAULT-VALUE})")
        String objective = "channel";

        @Option(names = { "--out", "--output" }, paramLabel = "FILE", description = "the sheet (PNG; default: "
                + "featurevis-MODEL-LAYER.png in the current folder)")
        Path out;

        @Option(names = "--cache", paramLabel = "DIR", description = "the cache folder (default: ~/.perturber/"
                + "featurevis)")
        Path cache;

        @Option(names = "--models", paramLabel = "DIR", description = "where built-in model ids are looked up "
                + "(default: the installation's models/)")
        Path models;

        @Option(names = "--columns", paramLabel = "N", description = "channels per row of the sheet (default: "
                + "${DEFAULT-VALUE})")
        int columns = DEFAULT_COLUMNS;

        @Option(names = "--examples", paramLabel = "K", description = "dataset examples shown per channel, 0 to 8 "
                + "(default: ${DEFAULT-VALUE})")
        int examples = DEFAULT_EXAMPLES;

        /** Problems found without the model, one line each; {@code channelList} is filled when the ranges parse. */
        List<String> problems(List<Integer> channelList) {
            List<String> problems = new ArrayList<>();
            try {
                channelList.addAll(parseChannels(channels));
            } catch (IllegalArgumentException e) {
                problems.add("--channels '" + channels + "': " + e.getMessage());
            }
            if (steps < 1 || steps > FeatureVisSettings.MAX_STEPS) {
                problems.add("--steps " + steps + ": must be 1.." + FeatureVisSettings.MAX_STEPS);
            }
            if (!objective.equals("channel") && !objective.equals("neuron")) {
                problems.add("--objective '" + objective + "': must be channel or neuron");
            }
            if (columns < 1 || columns > 64) {
                problems.add("--columns " + columns + ": must be 1..64");
            }
            if (examples < 0 || examples > 8) {
                problems.add("--examples " + examples + ": must be 0..8");
            }
            if (models != null && !Files.isDirectory(models)) {
                problems.add("--models " + models + ": not a folder");
            }
            if (cache != null && Files.exists(cache) && !Files.isDirectory(cache)) {
                problems.add("--cache " + cache + ": not a folder");
            }
            if (out != null && Files.isDirectory(out)) {
                problems.add("--out " + out + ": is a folder; name the PNG file to write");
            }
            return problems;
        }

        FeatureObjective objective(int channel) {
            return objective.equals("neuron") ? FeatureObjective.neuron(layer, channel)
                    : FeatureObjective.channel(layer, channel);
        }
    }

    /** "0-15", "3", "0-3,8,12": ascending, without repeats. */
    static List<Integer> parseChannels(String text) {
        TreeSet<Integer> channels = new TreeSet<>();
        if (text.isBlank()) {
            throw new IllegalArgumentException("no channels given");
        }
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            String[] ends = p.split("-", -1);
            if (p.isEmpty() || ends.length > 2 || Arrays.stream(ends).anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("expected channels such as 0-15, 3 or 0-3,8; got '" + p + "'");
            }
            int from = channel(ends[0], p);
            int to = ends.length == 2 ? channel(ends[1], p) : from;
            if (to < from) {
                throw new IllegalArgumentException("range '" + p + "' runs backwards");
            }
            if (to - from + 1 > MAX_CHANNELS || channels.size() + (to - from + 1) > MAX_CHANNELS) {
                throw new IllegalArgumentException("more than " + MAX_CHANNELS + " channels in one run");
            }
            for (int c = from; c <= to; c++) {
                channels.add(c);
            }
        }
        return List.copyOf(channels);
    }

    private static int channel(String text, String part) {
        try {
            int c = Integer.parseInt(text.strip());
            if (c < 0) {
                throw new NumberFormatException();
            }
            return c;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' in '" + part + "' is not a channel number "
                    + "(0 or more)");
        }
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        return run(args == null ? new String[0] : args, System.out, System.err, stopped::get);
    }

    /**
     * The whole command: its exit code, with progress on {@code out} and one line per problem on {@code err}. The
     * entry point the application and the tests call.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier stopped) {
        Arguments a = new Arguments();
        CommandLine cli = new CommandLine(a).setCommandName("releng/perturber " + NAME);
        Integer ended = ModelCommands.parse(cli, NAME, args, out, err);
        if (ended != null) {
            return ended;
        }
        List<Integer> channels = new ArrayList<>();
        List<String> problems = a.problems(channels);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(NAME + ": " + p));
            return EXIT_BAD_INPUT;
        }
        Path models = a.models != null ? a.models : Path.of(System.getProperty("perturber.models", "models"));
        Path folder = modelFolder(a.model, models);
        if (folder == null) {
            err.println(NAME + ": MODEL '" + a.model + "': no such model folder, and no built-in model of that id in "
                    + models + builtinIds(models));
            return EXIT_BAD_INPUT;
        }
        return ModelCommands.guarded(NAME, args, FeatureVisApplication.class, err, () -> featureVis(a,
                channels, folder, out, err, stopped));
    }

    private static int featureVis(Arguments a, List<Integer> channels, Path folder, PrintStream out, PrintStream err,
            BooleanSupplier stopped) throws Exception {
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        LoadedModel loaded;
        try {
            loaded = service.load(folder).get(300, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // a ModelLoadException's message starts with the file it is about
            err.println(NAME + ": MODEL " + (cause instanceof ModelLoadException m ? ModelLoadException.firstLine(m
                    .getMessage()) : folder + ": cannot be loaded: " + oneLine(cause)));
            return EXIT_FAILED;
        } catch (TimeoutException e) {
            err.println(NAME + ": MODEL " + folder + ": not loaded within 300 s");
            return EXIT_FAILED;
        }
        try {
            return featureVis(a, channels, folder, service, loaded, out, err, stopped);
        } finally {
            service.unload(loaded);
        }
    }

    private static int featureVis(Arguments a, List<Integer> channels, Path folder, InferenceService service,
            LoadedModel loaded, PrintStream out, PrintStream err, BooleanSupplier stopped) throws Exception {
        ModelDescriptor descriptor = loaded.descriptor();
        String id = descriptor.id();
        if (descriptor.layers().stream().noneMatch(l -> l.id().equals(a.layer))) {
            err.println(NAME + ": LAYER '" + a.layer + "': model " + id + " (" + folder + ") has no such layer; its "
                    + "layers: " + String.join(", ", descriptor.layers().stream().map(LayerInfo::id).toList()));
            return EXIT_BAD_INPUT;
        }
        ServiceModel model = new ServiceModel(service, loaded);
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        int w = descriptor.inputWidth();
        int h = descriptor.inputHeight();
        long t0 = System.nanoTime();
        // the dataset examples first: one forward pass per batch, and they tell the layer's channel count
        NullProgressMonitor monitor = new CancelOnStop(stopped);
        DatasetExamples examples = DatasetExamples.measure(model, a.layer, DatasetExamples.builtinRenders(renderer, w,
                h), monitor);
        int last = channels.get(channels.size() - 1);
        if (last >= examples.channels()) {
            err.println(NAME + ": --channels '" + a.channels + "': " + a.layer + " of model " + id + " has "
                    + examples.channels() + " channels (0-" + (examples.channels() - 1) + ")");
            return EXIT_BAD_INPUT;
        }
        FeatureVisSettings settings = FeatureVisSettings.DEFAULT.withSteps(a.steps).withSeed(a.seed);
        List<FeatureObjective> objectives = channels.stream().map(a::objective).toList();
        FeatureVisCache cache = new FeatureVisCache(a.cache != null ? a.cache : FeatureVisCache.defaultRoot());
        out.printf(Locale.ROOT, "%s: model %s (%s), %s (%d channels): %s, %s objective, %d steps, seed %d%n", NAME,
                id, folder, a.layer, examples.channels(), describe(channels), a.objective, a.steps, a.seed);
        out.printf(Locale.ROOT, "%s: dataset examples: %d renders of the built-in objects measured in %.1f s%n",
                NAME, examples.examples().size(), (System.nanoTime() - t0) / 1e9);
        Progress progress = new Progress(out, a.steps, objectives.size());
        FeatureVisualizations visualizations = new FeatureVisualizations(new ObservedModel(model, progress::step),
                folder, cache);
        long cached = objectives.stream().filter(o -> visualizations.cached(o, settings).isPresent()).count();
        if (cached < objectives.size()) {
            // before the optimisation starts: a model whose engine cannot, told in one line
            String why = descriptor.cannotAnswer(new InferenceRequest(0, Set.of(), GradientTarget
                    .objective(LayerObjective.channel(a.layer, examples.channels(), 0, objectives.get(0)
                            .pooling()))));
            if (why != null) {
                err.println(NAME + ": MODEL " + folder + ": " + why);
                return EXIT_FAILED;
            }
            out.printf(Locale.ROOT, "%s: %d of %d from cache (%s); optimising %d as one batch%n", NAME, cached,
                    objectives.size(), cache.root(), objectives.size() - cached);
        }
        long t1 = System.nanoTime();
        List<FeatureVisResult> results = visualizations.compute(objectives, settings, monitor);
        long fromCache = results.stream().filter(FeatureVisResult::fromCache).count();
        visualizations.cacheProblem().ifPresent(problem -> err.println(NAME + ": " + problem
                + " (the sheet is written all the same)"));
        out.printf(Locale.ROOT, "%s: %d of %d from cache (%s)%s%n", NAME, fromCache, results.size(), cache.root(),
                fromCache == results.size() ? "" : String.format(Locale.ROOT, "; %d optimised in %.1f s",
                        visualizations.optimisedCount(), (System.nanoTime() - t1) / 1e9));
        List<LayerSheet.Cell> cells = new ArrayList<>();
        for (FeatureVisResult r : results) {
            int c = r.objective().index();
            List<RankedExample> top = examples.top(c, Math.max(1, a.examples));
            RankedExample best = top.get(0);
            out.printf(Locale.ROOT, "%s: %s: reached %.4g (start %.4g); best dataset example %.4g (%s)%s%n", NAME, r
                    .objective().label(), r.objectiveValue(), r.startValue(), best.activation(), best.example()
                            .name(), r.fromCache() ? ", cached" : "");
            cells.add(new LayerSheet.Cell(r, top.subList(0, a.examples)));
        }
        Path sheet = (a.out != null ? a.out : Path.of(NAME + "-" + fileName(id) + "-" + fileName(a.layer) + ".png"))
                .toAbsolutePath();
        String title = String.format(Locale.ROOT, "%s, %s, %s (%s objective, %d steps, seed %d)", id, a.layer,
                describe(channels), a.objective, a.steps, a.seed);
        LayerSheet.write(sheet, title, cells, a.columns, SCALE, a.examples);
        var written = ImageIO.read(sheet.toFile());
        out.printf(Locale.ROOT, "%s: wrote %s (%dx%d)%n", NAME, sheet, written.getWidth(), written.getHeight());
        return IApplication.EXIT_OK;
    }

    /** Prints a line every eighth of the steps: the step and the objective the channels reached on it. */
    private static final class Progress {
        private final PrintStream out;
        private final int steps;
        private final int channels;
        private final int every;
        private final AtomicInteger step = new AtomicInteger();
        private final long started = System.nanoTime();

        Progress(PrintStream out, int steps, int channels) {
            this.out = out;
            this.steps = steps;
            this.channels = channels;
            this.every = Math.max(1, steps / 8);
        }

        void step(ObservedModel.Step s) {
            int n = step.incrementAndGet();
            if (n % every != 0 && n != steps) {
                return;
            }
            float[] v = s.objective();
            double sum = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            int counted = 0;
            for (float x : v) {
                if (Float.isFinite(x)) {
                    sum += x;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                    counted++;
                }
            }
            String values = counted == 0 ? "objective not reported"
                    : String.format(Locale.ROOT, "objective mean %.4g (min %.4g, max %.4g)", sum / counted, min, max);
            out.printf(Locale.ROOT, "%s: step %d/%d, %d of %d channels in this batch, %s, %.1f s%n", NAME, n, steps, s
                    .items(), channels, values, (System.nanoTime() - started) / 1e9);
        }
    }

    /** A monitor that the application's stop() cancels. */
    private static final class CancelOnStop extends NullProgressMonitor {
        private final BooleanSupplier stopped;

        CancelOnStop(BooleanSupplier stopped) {
            this.stopped = stopped;
        }

        @Override
        public boolean isCanceled() {
            return super.isCanceled() || stopped.getAsBoolean();
        }
    }

    /** The model's folder: MODEL itself when it is a folder, else the built-in model of that id; null if neither. */
    static Path modelFolder(String model, Path models) {
        Path asGiven = Path.of(model);
        if (Files.isDirectory(asGiven)) {
            return asGiven.toAbsolutePath().normalize();
        }
        if (!model.isEmpty() && asGiven.getNameCount() == 1 && !model.startsWith(".") && Files.isDirectory(models
                .resolve(model))) {
            return models.resolve(model).toAbsolutePath().normalize();
        }
        return null;
    }

    static String builtinIds(Path models) {
        try (Stream<Path> s = Files.list(models)) {
            List<String> ids = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            return ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** "0-15", "0-3, 8, 12". */
    static String describe(List<Integer> channels) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < channels.size()) {
            int j = i;
            while (j + 1 < channels.size() && channels.get(j + 1) == channels.get(j) + 1) {
                j++;
            }
            parts.add(j > i ? channels.get(i) + "-" + channels.get(j) : String.valueOf(channels.get(i)));
            i = j + 1;
        }
        return (channels.size() == 1 ? "channel " : "channels ") + String.join(", ", parts);
    }

    private static String fileName(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String oneLine(Throwable e) {
        return ModelCommands.oneLine(e);
    }

    @Override
    public void stop() {
        stopped.set(true);
    }
}
