package org.perturber.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSearch;
import org.perturber.flipsearch.FlipSettings;
import org.perturber.flipsearch.JointFlip;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code releng/perturber flip MODEL [--object ID] [--view DEG] [--stack FILE.json] [--parameters P.param,...]
 * [--unstacked] [--joint] ...}: for a model on the standard scene around a built-in object, the smallest change of
 * each numeric parameter, in each direction, that changes the model's top-1 class (the flip search of
 * {@code org.perturber.flipsearch}), and with --joint the smallest joint change; one line per parameter and
 * direction, and a CSV with --out.
 */
public class FlipApplication implements IApplication {
    /** Exit codes: done; failed (the model failed, a direction could not be searched, stopped); bad input. */
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** The CSV's columns, one row per parameter and direction (direction "joint" for the joint flip's rows). */
    public static final List<String> COLUMNS = List.of("model", "object", "view_deg", "perturbation", "parameter",
            "entry", "direction", "current", "outcome", "value", "inside", "distance", "searched_to",
            "original_class", "new_class", "new_probability", "passes", "problem");
    /** The joint search's outcome in the CSV when it found no flip within its budget. */
    public static final String JOINT_NONE = "NONE_FOUND";
    static final String DEFAULT_OBJECT = "mug";
    private static final String NAME = "flip";

    private final AtomicBoolean stopped = new AtomicBoolean();

    @Command(name = NAME, mixinStandardHelpOptions = true, description = {
            "Finds, for MODEL on the standard scene around a built-in object, the smallest change of each numeric "
                    + "parameter of the stack, in each direction, at which the model's top-1 class changes, and the "
                    + "class it changes to: a coarse scan of the range (one batch through the inference service), "
                    + "then bisection to the tolerance inside the first bracket that flips.",
            "", "Distances are fractions of each parameter's range: the larger, the more robust the model is to "
                    + "that parameter. With --joint, also the smallest joint change of all the parameters (CMA-ES, "
                    + "each change scaled by its range).", "" })
    static final class Arguments {
        @Parameters(index = "0", paramLabel = "MODEL", description = "a model folder, or the id of a built-in model "
                + "(a folder of the models folder: standard, adversarial, ...)")
        String model;

        @Option(names = "--object", paramLabel = "ID", description = "the built-in object of the standard scene "
                + "(default: ${DEFAULT-VALUE})")
        String object = DEFAULT_OBJECT;

        @Option(names = "--view", paramLabel = "DEG", description = "turns the standard view's azimuth by DEG "
                + "degrees, -360 to 360 (default: ${DEFAULT-VALUE})")
        double view;

        @Option(names = "--stack", paramLabel = "FILE.json", description = "a perturbation stack {\"perturbations\": "
                + "[...]}; the search starts from its values (default: an empty stack)")
        Path stack;

        @Option(names = "--parameters", paramLabel = "P.param,...", split = ",", description = "the parameters to "
                + "search, such as camera.cameraPerturbation.elevation,fadeToBlack.amount (a perturbation id or its "
                + "last segments, then the parameter); one not in the stack is searched from its default (default: "
                + "every numeric parameter of the stack's enabled entries)")
        List<String> parameters;

        @Option(names = "--unstacked", description = "also every numeric parameter of the scene and image "
                + "perturbations not in the stack, each from its default")
        boolean unstacked;

        @Option(names = "--joint", description = "also the smallest joint change of all the parameters searched")
        boolean joint;

        @Option(names = "--scan-points", paramLabel = "N", description = "points of the coarse scan over a whole "
                + "range, 2 to " + FlipSettings.MAX_SCAN_POINTS + "; a flip narrower than range/N can be missed "
                + "(default: ${DEFAULT-VALUE})")
        int scanPoints = FlipSettings.DEFAULT.scanPoints();

        @Option(names = "--tolerance", paramLabel = "T", description = "the bisection stops at this fraction of the "
                + "range, in (0, 1) (default: ${DEFAULT-VALUE})")
        double tolerance = FlipSettings.DEFAULT.tolerance();

        @Option(names = "--joint-evaluations", paramLabel = "N", description = "the joint search's budget of forward "
                + "passes, 10 to 100000 (default: ${DEFAULT-VALUE})")
        int jointEvaluations = FlipSettings.DEFAULT.jointEvaluations();

        @Option(names = "--seed", paramLabel = "S", description = "the joint search's random seed: the same seed "
                + "gives the same result (default: ${DEFAULT-VALUE})")
        long seed = FlipSettings.DEFAULT.seed();

        @Option(names = { "--out", "--output" }, paramLabel = "FILE.csv", description = "also write the results as "
                + "CSV, one row per parameter and direction (and per parameter of the joint flip)")
        Path out;

        @Option(names = "--models", paramLabel = "DIR", description = "where built-in model ids are looked up "
                + "(default: the installation's models/)")
        Path models;

        /** Problems found without any service, one line each. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!Double.isFinite(view) || view < -360 || view > 360) {
                problems.add("--view " + view + ": must be -360 to 360 degrees");
            }
            if (scanPoints < 2 || scanPoints > FlipSettings.MAX_SCAN_POINTS) {
                problems.add("--scan-points " + scanPoints + ": must be 2 to " + FlipSettings.MAX_SCAN_POINTS);
            }
            if (!(tolerance > 0 && tolerance < 1)) {
                problems.add("--tolerance " + tolerance + ": must be a fraction of the range in (0, 1)");
            }
            if (jointEvaluations < 10 || jointEvaluations > 100_000) {
                problems.add("--joint-evaluations " + jointEvaluations + ": must be 10 to 100000");
            }
            if (parameters != null && parameters.stream().anyMatch(p -> p.isBlank() || p.strip().lastIndexOf(
                    '.') <= 0 || p.strip().endsWith("."))) {
                problems.add("--parameters '" + String.join(",", parameters) + "': expected PERTURBATION.PARAMETER "
                        + "items separated by commas, such as camera.cameraPerturbation.elevation,fadeToBlack.amount");
            }
            if (models != null && !Files.isDirectory(models)) {
                problems.add("--models " + models + ": not a folder");
            }
            if (out != null && Files.isDirectory(out)) {
                problems.add("--out " + out + ": is a folder; name the CSV file to write");
            }
            return problems;
        }

        FlipSettings settings() {
            return new FlipSettings(scanPoints, tolerance, jointEvaluations, seed);
        }
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        return run(args == null ? new String[0] : args, System.out, System.err, stopped::get);
    }

    /**
     * The whole command: its exit code, with progress and results on {@code out} and one line per problem on
     * {@code err}. The entry point the application and the tests call.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier stopped) {
        Arguments a = new Arguments();
        CommandLine cli = new CommandLine(a).setCommandName("releng/perturber " + NAME);
        Integer ended = ModelCommands.parse(cli, NAME, args, out, err);
        if (ended != null) {
            return ended;
        }
        List<String> problems = a.problems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(NAME + ": " + p));
            return EXIT_BAD_INPUT;
        }
        Path models = a.models != null ? a.models : Path.of(System.getProperty("perturber.models", "models"));
        Path folder = FeatureVisApplication.modelFolder(a.model, models);
        if (folder == null) {
            err.println(NAME + ": MODEL '" + a.model + "': no such model folder, and no built-in model of that id in "
                    + models + FeatureVisApplication.builtinIds(models));
            return EXIT_BAD_INPUT;
        }
        return ModelCommands.guarded(NAME, args, FlipApplication.class, err, () -> flip(a,
                folder, out, err, stopped));
    }

    private static int flip(Arguments a, Path folder, PrintStream out, PrintStream err, BooleanSupplier stopped)
            throws Exception {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        List<String> problems = new ArrayList<>();
        if (!objects.builtinIds().contains(a.object)) {
            problems.add("--object '" + a.object + "': no such built-in object; built-in: " + objects.ids());
        }
        PerturbationStack stack = PerturbationStack.EMPTY;
        if (a.stack != null) {
            StackFileReader.Result read = StackFileReader.read(a.stack, registry);
            read.problems().forEach(p -> problems.add("--stack " + p));
            stack = read.stack() == null ? PerturbationStack.EMPTY : read.stack();
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(NAME + ": " + p));
            return EXIT_BAD_INPUT;
        }
        List<FlipParameter> parameters = parameters(a, stack, registry, problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(NAME + ": " + p));
            return EXIT_BAD_INPUT;
        }
        if (parameters.isEmpty()) {
            err.println(NAME + ": nothing to search: " + (a.stack == null ? "no --stack was given"
                    : "the stack " + a.stack + " has no enabled entry with a numeric parameter") + "; give "
                    + "--parameters P.param,... or --unstacked");
            return EXIT_BAD_INPUT;
        }
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        LoadedModel model;
        try {
            model = service.load(folder).get(300, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelLoadException m) {
                // the folder's own files are wrong: bad input, and the message starts with the file at fault
                err.println(NAME + ": MODEL " + ModelLoadException.firstLine(m.getMessage()));
                return EXIT_BAD_INPUT;
            }
            err.println(NAME + ": MODEL " + folder + ": cannot be loaded: " + oneLine(cause));
            return EXIT_FAILED;
        } catch (TimeoutException e) {
            err.println(NAME + ": MODEL " + folder + ": not loaded within 300 s");
            return EXIT_FAILED;
        }
        try {
            return flip(a, registry, objects, stack, parameters, service, model, out, err, stopped);
        } finally {
            service.unload(model);
        }
    }

    private static int flip(Arguments a, ContributionRegistry registry, BuiltinObjects objects,
            PerturbationStack stack, List<FlipParameter> parameters, InferenceService service, LoadedModel model,
            PrintStream out, PrintStream err, BooleanSupplier stopped) throws Exception {
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        Scene scene = BuiltinScenes.standard(objects, MeshRef.builtin(a.object), a.object, a.view);
        FlipSettings settings = a.settings();
        FlipSearch search = new FlipSearch(new InputPipeline(registry, renderer, service), service, settings);
        String id = model.descriptor().id();
        out.printf(Locale.ROOT, "%s: model %s (%s), object %s, view %s deg, stack of %d entries: %d parameters, "
                + "scan %d points a range, tolerance %s of the range%n", NAME, id, model.location(), a.object,
                number(a.view), stack.entries().size(), parameters.size(), settings.scanPoints(), number(settings
                        .tolerance()));
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, stopped, parameters.size());
        FlipReport report = search.search(scene, stack, List.of(model), parameters, progress).get(0);
        if (report.problem() != null) {
            err.println(NAME + ": MODEL " + model.location() + ": " + report.problem());
            return EXIT_FAILED;
        }
        out.printf(Locale.ROOT, "%s: top-1 of %s here: %s (p %.3f); searched in %.1f s, %d forward passes%n", NAME,
                id, report.originalClass(), report.originalProbability(), (System.nanoTime() - t0) / 1e9, report
                        .passes());
        boolean failed = false;
        for (FlipPoint p : report.points()) {
            out.println(NAME + ": " + describe(p));
            failed |= p.outcome() == FlipPoint.Outcome.FAILED;
        }
        JointFlip joint = null;
        if (a.joint) {
            out.printf(Locale.ROOT, "%s: joint search over %d parameters (up to %d evaluations, seed %d)%n", NAME,
                    parameters.size(), settings.jointEvaluations(), settings.seed());
            long t1 = System.nanoTime();
            joint = search.joint(scene, stack, model, parameters, report, progress);
            out.println(NAME + ": " + describe(joint) + String.format(Locale.ROOT, "; %d passes in %.1f s", joint
                    .passes(), (System.nanoTime() - t1) / 1e9));
        }
        if (a.out != null) {
            Path csv = a.out.toAbsolutePath();
            writeCsv(csv, a, id, report, joint);
            out.println(NAME + ": wrote " + csv);
        }
        if (failed) {
            err.println(NAME + ": some directions could not be searched (\"failed\" above)");
            return EXIT_FAILED;
        }
        return IApplication.EXIT_OK;
    }

    /** The parameters asked for, or the stack's (and with --unstacked the others'); problems one line each. */
    static List<FlipParameter> parameters(Arguments a, PerturbationStack stack, ContributionRegistry registry,
            List<String> problems) {
        if (a.parameters == null) {
            return FlipParameter.of(stack, registry, a.unstacked);
        }
        List<FlipParameter> all = FlipParameter.of(stack, registry, true);
        Set<FlipParameter> chosen = new LinkedHashSet<>();
        for (String item : a.parameters) {
            String text = item.strip();
            int dot = text.lastIndexOf('.');
            String name = text.substring(0, dot);
            String parameter = text.substring(dot + 1);
            String at = "--parameters '" + text + "': ";
            List<Contribution<Perturbation>> matches = registry.perturbations().stream().filter(c -> c.id().equals(
                    name) || c.id().endsWith("." + name)).toList();
            if (matches.size() != 1) {
                problems.add(at + (matches.isEmpty() ? "unknown perturbation '" + name + "'; installed: "
                        + registry.perturbations().stream().map(Contribution::id).toList() : "'" + name
                                + "' names several perturbations: " + matches.stream().map(Contribution::id)
                                        .toList()));
                continue;
            }
            Contribution<Perturbation> c = matches.get(0);
            List<FlipParameter> found = all.stream().filter(f -> f.perturbation().equals(c.id()) && f.parameter()
                    .equals(parameter)).toList();
            if (found.isEmpty()) {
                problems.add(at + whyNot(c, parameter, stack));
            }
            chosen.addAll(found);
        }
        return List.copyOf(chosen);
    }

    /** Why a perturbation's parameter cannot be searched. */
    private static String whyNot(Contribution<Perturbation> c, String parameter, PerturbationStack stack) {
        Perturbation p = c.instance().orElse(null);
        if (p == null) {
            return "perturbation " + c.id() + " failed to load: " + c.failure().orElse("unknown");
        }
        List<ParameterDescriptor> parameters = p.parameters();
        List<String> numeric = parameters.stream().filter(d -> d instanceof NumberParameter
                || d instanceof IntegerParameter).map(ParameterDescriptor::id).toList();
        ParameterDescriptor d = parameters.stream().filter(x -> x.id().equals(parameter)).findFirst().orElse(null);
        if (d == null || !numeric.contains(parameter)) {
            return (d == null ? "perturbation " + c.id() + " has no parameter '" + parameter + "'" : "parameter '"
                    + parameter + "' of " + c.id() + " is not numeric") + "; its numeric parameters: " + numeric;
        }
        boolean inStack = stack.entries().stream().map(StackEntry::perturbation).anyMatch(c.id()::equals);
        if (inStack) {
            return "the stack's " + c.id() + " is disabled; enable it in the stack file";
        }
        if (p.stage() == Stage.MODEL_AWARE) {
            return c.id() + " is an attack: each of its samples is a whole attack; add it to the stack to search it";
        }
        return "parameter '" + parameter + "' of " + c.id() + " has a range of a single value";
    }

    /** "Camera: elevation (camera.cameraPerturbation.elevation) down: 12.3 deg, distance 0.068 ...". */
    static String describe(FlipPoint p) {
        FlipParameter f = p.parameter();
        String head = f.label() + " (" + f.column() + (f.entry() < 0 ? ", not in the stack" : "") + ") " + direction(p
                .direction()) + " from " + f.format(f.current()) + ": ";
        return head + switch (p.outcome()) {
        case FLIP -> String.format(Locale.ROOT, "%s, distance %.4f of the range -> %s (p %.3f); %s", f.format(p
                .value()), p.distance(), p.newClass(), p.newProbability(), passes(p.passes()));
        case NONE_WITHIN_RANGE -> "none within range (searched to " + f.format(p.searchedTo()) + "); " + passes(p
                .passes());
        case AT_LIMIT -> "at the end of the range";
        case FAILED -> "failed: " + p.problem();
        };
    }

    static String describe(JointFlip j) {
        if (!j.found()) {
            return "joint: no flip found";
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < j.parameters().size(); i++) {
            FlipParameter f = j.parameters().get(i);
            values.add(f.column() + " " + f.format(f.current()) + " -> " + f.format(j.values()[i]));
        }
        return String.format(Locale.ROOT, "joint: norm %.4f (best single %s): %s -> %s (p %.3f)", j.norm(), Double
                .isNaN(j.bestSingle()) ? "none" : String.format(Locale.ROOT, "%.4f", j.bestSingle()), String.join(", ",
                        values), j.newClass(), j.newProbability());
    }

    private static String passes(int n) {
        return n + (n == 1 ? " pass" : " passes");
    }

    private static String direction(FlipParameter.Direction d) {
        return d == FlipParameter.Direction.UP ? "up" : "down";
    }

    /** Written to a temporary file beside the target and renamed over it: a failure leaves no half file. */
    private static void writeCsv(Path csv, Arguments a, String modelId, FlipReport report, JointFlip joint)
            throws IOException {
        Path dir = csv.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + csv.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); CSVPrinter printer = new CSVPrinter(
                    w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
                printer.printRecord(COLUMNS);
                for (FlipPoint p : report.points()) {
                    FlipParameter f = p.parameter();
                    printer.printRecord(modelId, a.object, number(a.view), f.perturbation(), f.parameter(), f.entry(),
                            direction(p.direction()), number(f.current()), p.outcome(), number(p.value()), number(p
                                    .inside()), number(p.distance()), number(p.searchedTo()), report.originalClass(),
                            p.newClass() == null ? "" : p.newClass(), number(p.newProbability()), p.passes(), p
                                    .problem() == null ? "" : p.problem());
                }
                if (joint != null) {
                    for (int i = 0; i < joint.parameters().size(); i++) {
                        FlipParameter f = joint.parameters().get(i);
                        printer.printRecord(modelId, a.object, number(a.view), f.perturbation(), f.parameter(), f
                                .entry(), "joint", number(f.current()), joint.found() ? FlipPoint.Outcome.FLIP
                                        : JOINT_NONE, number(joint.values()[i]), "", number(joint.norm()), "", joint
                                                .originalClass(), joint.newClass() == null ? "" : joint.newClass(),
                                number(joint.newProbability()), joint.passes(), "");
                    }
                }
            }
            Files.move(tmp, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A number for the CSV and messages: shortest exact form, empty for NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Prints which parameter is searched; the application's stop() cancels through it. */
    private static final class Progress extends NullProgressMonitor {
        private final PrintStream out;
        private final BooleanSupplier stopped;
        private final int parameters;
        private final long started = System.nanoTime();
        private int searched;

        Progress(PrintStream out, BooleanSupplier stopped, int parameters) {
            this.out = out;
            this.stopped = stopped;
            this.parameters = parameters;
        }

        @Override
        public void subTask(String name) {
            if (searched < parameters) {
                searched++;
                out.printf(Locale.ROOT, "%s: searching %s (%d of %d), %.1f s%n", NAME, name, searched, parameters,
                        (System.nanoTime() - started) / 1e9);
            }
        }

        @Override
        public boolean isCanceled() {
            return super.isCanceled() || stopped.getAsBoolean();
        }
    }

    private static String oneLine(Throwable e) {
        return ModelCommands.oneLine(e);
    }

    @Override
    public void stop() {
        stopped.set(true);
    }
}
