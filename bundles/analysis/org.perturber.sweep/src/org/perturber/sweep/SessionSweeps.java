package org.perturber.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.session.SessionFile;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Sweeps of one numeric parameter around a workbench session: every sample starts from the session's own scene
 * (objects with their materials, camera, lighting, background) and stack, on the session's models, so the level at
 * the stack's current value gives the very predictions the workbench shows. The workbench's Sweep button and
 * {@code releng/perturber sweep --session} both build their sweeps here, with the same checks.
 */
public final class SessionSweeps {
    private static final List<Metric> METRICS = List.of(Metric.of(Metric.Kind.TOP1), Metric.of(
            Metric.Kind.TRUE_CLASS_PROBABILITY), Metric.of(Metric.Kind.FLIP));
    /** A corruption suite's metrics: top-1 (its errors make the corruption errors) and the true class's probability. */
    private static final List<Metric> SUITE_METRICS = List.of(Metric.of(Metric.Kind.TOP1), Metric.of(
            Metric.Kind.TRUE_CLASS_PROBABILITY));
    private static final String FORM = "PERTURBATION.PARAMETER=FROM:TO:STEPS";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /**
     * A numeric parameter varied from {@code from} to {@code to} in {@code steps} evenly spaced levels. The
     * perturbation is its contribution id or the unique end of it ({@code camera.cameraPerturbation}).
     */
    public record Vary(String perturbation, String parameter, double from, double to, int steps) {
        /**
         * Reads the command line's {@code PERTURBATION.PARAMETER=FROM:TO:STEPS}.
         *
         * @throws SweepSpecException naming the argument and what is wrong with it
         */
        public static Vary parse(String text) throws SweepSpecException {
            String arg = "--vary '" + text + "'";
            int eq = text.indexOf('=');
            int dot = eq < 0 ? -1 : text.lastIndexOf('.', eq);
            if (eq < 0 || dot <= 0 || dot == eq - 1) {
                throw problem(arg + ": expected " + FORM + ", such as camera.cameraPerturbation.elevation=-30:30:7");
            }
            String[] range = text.substring(eq + 1).split(":", -1);
            if (range.length != 3) {
                throw problem(arg + ": expected FROM:TO:STEPS after '=', got '" + text.substring(eq + 1) + "'");
            }
            double from = number(arg, "FROM", range[0]);
            double to = number(arg, "TO", range[1]);
            int steps;
            try {
                steps = Integer.parseInt(range[2].trim());
            } catch (NumberFormatException e) {
                throw problem(arg + ": STEPS '" + range[2] + "' is not a whole number");
            }
            return new Vary(text.substring(0, dot).trim(), text.substring(dot + 1, eq).trim(), from, to, steps);
        }

        private static double number(String arg, String what, String text) throws SweepSpecException {
            try {
                double v = Double.parseDouble(text.trim());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(arg + ": " + what + " '" + text + "' is not a number");
        }

        /** The factor as the command line writes it. */
        public String text() {
            return perturbation + "." + parameter + "=" + SweepRunner.format(from) + ":" + SweepRunner.format(to)
                    + ":" + steps;
        }
    }

    private final ContributionRegistry registry;

    public SessionSweeps(ContributionRegistry registry) {
        this.registry = registry;
    }

    /**
     * The command line's session sweep: reads the session file and the factor, and reports every problem at once.
     *
     * @param output the output folder, or null for {@code sweep-results/NAME} beside the session file
     * @throws SweepSpecException with one {@linkplain SweepSpecException#problems() problem} per line, each naming
     *             the file or argument concerned
     */
    public SweepSpec fromFile(Path session, String vary, int views, Path output) throws SweepSpecException {
        List<String> problems = new ArrayList<>();
        Vary factor = null;
        try {
            factor = Vary.parse(vary);
        } catch (SweepSpecException e) {
            problems.addAll(e.problems());
        }
        SessionFile.Contents contents = read(session, problems);
        if (contents == null || factor == null) {
            checkViews(views, problems); // the rest needs both
            throw new SweepSpecException(problems);
        }
        Path dir = output != null ? output : session.toAbsolutePath().getParent().resolve("sweep-results").resolve(
                name(factor.perturbation(), factor.parameter()));
        try {
            return vary(contents.scene(), contents.stack(), contents.models(), factor, views, dir);
        } catch (SweepSpecException e) {
            String mine = factor.text() + ": ";
            for (String p : e.problems()) { // the factor's problems name it as it was given
                problems.add(p.startsWith(mine) ? "--vary '" + vary + "': " + p.substring(mine.length()) : p);
            }
            throw new SweepSpecException(problems);
        }
    }

    /** The session file's contents, or null with the problem (naming the file) added to {@code problems}. */
    private static SessionFile.Contents read(Path session, List<String> problems) {
        if (!Files.isRegularFile(session)) {
            problems.add("--session " + session + ": no such file");
            return null;
        }
        try {
            return SessionFile.read(session);
        } catch (IOException e) {
            problems.add("--session " + e.getMessage()); // names the file
            return null;
        }
    }

    /**
     * The command line's corruption suite around a session ({@code sweep --session FILE --suite SUITE}): reads the
     * session file and builds {@link #corruptionSuite} from it, so that the workbench's "Run ImageNet-C" on a saved
     * session gives the same spec (and results folder text) as the view's.
     *
     * @param baseline the baseline's model folder, or null for the default of {@link #corruptionSuite}
     * @param output the output folder, or null for {@code sweep-results/SUITE} beside the session file
     * @throws SweepSpecException with one problem per line, each naming the file or argument concerned
     */
    public SweepSpec suiteFromFile(Path session, String suite, Path baseline, long seed, int views, Path output)
            throws SweepSpecException {
        List<String> problems = new ArrayList<>();
        SessionFile.Contents contents = read(session, problems);
        if (contents == null) {
            checkViews(views, problems);
            throw new SweepSpecException(problems);
        }
        Path dir = output != null ? output : session.toAbsolutePath().getParent().resolve("sweep-results").resolve(
                suite.replaceAll("[^A-Za-z0-9._-]", "_"));
        return corruptionSuite(contents.scene(), contents.stack(), contents.models(), suite, baseline, views, seed,
                dir);
    }

    /**
     * A sweep of one parameter around a session: its scene seen from {@code views} views (view 0 is the scene's own
     * camera, each next one turns its azimuth by 360/views degrees), its stack with the factor's parameter set on
     * the stack's entry of that perturbation (added when the stack has none), on the models in {@code modelDirs}.
     * Measures top-1, the true class's probability and flips; the true class is the subject's (see
     * {@link #label}).
     *
     * @throws SweepSpecException listing every problem: an unknown perturbation or parameter, one that is not
     *             numeric, FROM or TO outside its range, too few or too many steps or views, a missing model folder,
     *             or (once those are fine) more rows than {@link SweepSpec#MAX_PLANNED_ROWS}
     */
    public SweepSpec vary(Scene scene, PerturbationStack stack, List<Path> modelDirs, Vary factor, int views,
            Path output) throws SweepSpecException {
        List<String> problems = new ArrayList<>();
        SweepSpec.Factor resolved = factor(factor, stack, problems);
        checkViews(views, problems);
        List<SweepSpec.SweepModel> models = models(modelDirs, problems);
        if (scene.objects().isEmpty()) {
            problems.add("the session's scene has no object");
        }
        if (!problems.isEmpty()) {
            throw new SweepSpecException(problems);
        }
        SceneObject subject = scene.subject();
        String name = name(resolved.perturbation(), resolved.parameter());
        String label = label(subject);
        String text = text(scene, label, stack, resolved, factor, views, models);
        SweepSpec spec = new SweepSpec(name, "Session sweep of " + factor.text() + " around " + subject.name(), 1,
                List.of(new SweepSpec.SweepObject(subject.name(), subject.mesh(), label)), views, models, stack,
                List.of(resolved), new SweepSpec.Design(SweepSpec.Design.Type.GRID, 0), METRICS, output
                        .toAbsolutePath(), text, scene);
        // the cap of spec files holds here too: steps x views x models can pass it
        String tooLarge = spec.planSizeProblem();
        if (tooLarge != null) {
            throw new SweepSpecException(List.of(factor.text() + ": " + tooLarge + ": use fewer steps, views or "
                    + "models"));
        }
        return spec;
    }

    /**
     * A corruption-suite sweep around a session (the workbench's "Run ImageNet-C"): its scene seen from
     * {@code views} views (view 0 is the scene's own camera, each next one turns its azimuth by 360/views degrees),
     * its stack under every corruption of the suite at every severity (and the clean images), on the models in
     * {@code modelDirs}; corruption errors are normalised by {@code baseline}. Corruptions whose perturbation failed
     * to load are kept as missing: the sweep reports them and runs the others.
     *
     * @param suite the suite, such as {@link SuiteCorruption#IMAGENET_C}
     * @param baseline one of {@code modelDirs}, or null for the one named "standard" (the built-in baseline) when
     *            active, else the first
     * @param seed the seed of every seeded corruption
     * @throws SweepSpecException listing every problem: no corruption of the suite installed, a missing model
     *             folder, a baseline not among the models, views out of range, a seed out of a corruption's range,
     *             or more rows than {@link SweepSpec#MAX_PLANNED_ROWS}
     */
    public SweepSpec corruptionSuite(Scene scene, PerturbationStack stack, List<Path> modelDirs, String suite,
            Path baseline, int views, long seed, Path output) throws SweepSpecException {
        List<String> problems = new ArrayList<>();
        checkViews(views, problems);
        List<SweepSpec.SweepModel> models = models(modelDirs, problems);
        if (scene.objects().isEmpty()) {
            problems.add("the session's scene has no object");
        }
        List<SuiteCorruption> declared = registry.corruptions(suite);
        if (declared.isEmpty()) {
            problems.add("unknown corruption suite '" + suite + "': no installed perturbation declares a corruption "
                    + "of it");
        }
        String baselineId = null;
        for (SweepSpec.SweepModel m : models) {
            boolean named = baseline == null ? m.id().equals("standard") : m.directory().equals(baseline
                    .toAbsolutePath().normalize());
            if (named && baselineId == null) {
                baselineId = m.id();
            }
        }
        if (baselineId == null && baseline == null && !models.isEmpty()) {
            baselineId = models.get(0).id();
        }
        if (baselineId == null && baseline != null) {
            problems.add("the baseline " + baseline + " is not among the session's models " + modelDirs);
        }
        if (!problems.isEmpty()) {
            throw new SweepSpecException(problems);
        }
        int levels = declared.stream().mapToInt(SuiteCorruption::levels).min().orElse(1);
        List<Integer> severities = new ArrayList<>();
        for (int s = 1; s <= levels; s++) {
            severities.add(s);
        }
        SweepSpec.Suite resolved;
        try {
            resolved = SweepSpecReader.suite(registry, suite, baselineId, declared, severities, seed);
        } catch (IllegalArgumentException e) {
            throw new SweepSpecException(List.of(e.getMessage()));
        }
        SceneObject subject = scene.subject();
        String label = label(subject);
        JsonObject root = new JsonObject();
        root.addProperty("format", "perturber-session-corruption-suite-1");
        root.add("scene", GSON.toJsonTree(scene));
        root.addProperty("label", label);
        root.add("stack", JsonParser.parseString(stack.toJson()));
        root.addProperty("suite", suite);
        root.addProperty("baseline", baselineId);
        root.addProperty("seed", seed);
        root.addProperty("views", views);
        root.add("models", modelsJson(models));
        JsonArray metrics = new JsonArray();
        SUITE_METRICS.forEach(m -> metrics.add(m.column()));
        root.add("metrics", metrics);
        SweepSpec spec = new SweepSpec(suite, "The " + suite + " corruption suite around " + subject.name()
                + ", normalised by " + baselineId, seed, List.of(new SweepSpec.SweepObject(subject.name(), subject
                        .mesh(), label)), views, models, stack, List.of(), SweepSpec.Design.corruptionSuite(
                                resolved), SUITE_METRICS, output.toAbsolutePath(), GSON.toJson(sorted(root)) + "\n",
                scene);
        String tooLarge = spec.planSizeProblem();
        if (tooLarge != null) {
            throw new SweepSpecException(List.of(suite + ": " + tooLarge + ": use fewer views or models"));
        }
        return spec;
    }

    /**
     * The class a model should see in an object, as the workbench decides it: a built-in object's class is its id;
     * an imported mesh has no class of its own, so its name in the scene stands for it (when that is none of a
     * model's labels, the metrics that need the true class stay empty).
     */
    public static String label(SceneObject object) {
        return object.classLabel();
    }

    private SweepSpec.Factor factor(Vary v, PerturbationStack stack, List<String> problems) {
        String arg = v.text();
        if (v.steps() < 2 || v.steps() > SweepSpec.MAX_STEPS) {
            problems.add(arg + ": STEPS must be between 2 and " + SweepSpec.MAX_STEPS + ", got " + v.steps());
        }
        List<Contribution<Perturbation>> matches = SweepSpecReader.matching(registry, v.perturbation());
        if (matches.size() != 1) {
            problems.add(arg + ": " + (matches.isEmpty() ? "unknown perturbation '" + v.perturbation()
                    + "'; installed: " + registry.perturbations().stream().map(Contribution::id).toList()
                    : "'" + v.perturbation() + "' names several perturbations: " + matches.stream().map(
                            Contribution::id).toList()));
            return null;
        }
        Contribution<Perturbation> c = matches.get(0);
        if (c.instance().isEmpty()) {
            problems.add(arg + ": perturbation " + c.id() + " failed to load: " + c.failure().orElse("unknown"));
            return null;
        }
        List<ParameterDescriptor> parameters = c.instance().get().parameters();
        ParameterDescriptor d = parameters.stream().filter(p -> p.id().equals(v.parameter())).findFirst().orElse(
                null);
        double min;
        double max;
        if (d instanceof NumberParameter n) {
            min = n.min();
            max = n.max();
        } else if (d instanceof IntegerParameter n) {
            min = n.min();
            max = n.max();
        } else {
            List<String> numeric = parameters.stream().filter(p -> p instanceof NumberParameter
                    || p instanceof IntegerParameter).map(ParameterDescriptor::id).toList();
            problems.add(arg + ": " + (d == null ? "perturbation " + c.id() + " has no parameter '" + v.parameter()
                    + "'" : "parameter '" + v.parameter() + "' of " + c.id() + " is not numeric") + "; its numeric "
                    + "parameters: " + numeric);
            return null;
        }
        boolean whole = d instanceof IntegerParameter;
        checkEnd(arg, "FROM", v.from(), v.parameter(), min, max, whole, problems);
        checkEnd(arg, "TO", v.to(), v.parameter(), min, max, whole, problems);
        int at = last(stack, c.id());
        if (at >= 0 && !stack.entries().get(at).enabled()) {
            problems.add(arg + ": the stack's " + c.id() + " is disabled, so varying it would change nothing; "
                    + "enable it first");
        }
        return SweepSpec.Factor.range(c.id(), v.parameter(), v.from(), v.to(), v.steps(), whole);
    }

    private static void checkEnd(String arg, String which, double value, String parameter, double min, double max,
            boolean whole, List<String> problems) {
        if (value < min || value > max) {
            problems.add(String.format(Locale.ROOT, "%s: %s %s is outside the range of %s, [%s, %s]", arg, which,
                    SweepRunner.format(value), parameter, SweepRunner.format(min), SweepRunner.format(max)));
        } else if (whole && value != Math.rint(value)) {
            problems.add(arg + ": " + which + " " + SweepRunner.format(value) + " is not a whole number, as "
                    + parameter + " needs");
        }
    }

    private static void checkViews(int views, List<String> problems) {
        if (views < 1 || views > SweepSpec.MAX_VIEWS) {
            problems.add("--views: must be between 1 and " + SweepSpec.MAX_VIEWS + ", got " + views);
        }
    }

    /** Each folder by its name, made unique ("standard", "standard-2") so that CSV rows tell them apart. */
    private static List<SweepSpec.SweepModel> models(List<Path> dirs, List<String> problems) {
        if (dirs.isEmpty()) {
            problems.add("the session has no models");
        }
        List<SweepSpec.SweepModel> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path d : dirs) {
            Path dir = d.toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve("model.json"))) {
                problems.add("model folder " + dir + ": no model.json there");
                continue;
            }
            String id = dir.getFileName().toString();
            for (int i = 2; !ids.add(id); i++) {
                id = dir.getFileName() + "-" + i;
            }
            models.add(new SweepSpec.SweepModel(id, dir));
        }
        return models;
    }

    /** The stack entry a factor sets: the last one of its perturbation (as {@link SweepPlan#stackFor}), or -1. */
    private static int last(PerturbationStack stack, String perturbation) {
        int at = -1;
        for (int e = 0; e < stack.entries().size(); e++) {
            if (stack.entries().get(e).perturbation().equals(perturbation)) {
                at = e;
            }
        }
        return at;
    }

    private static String name(String perturbation, String parameter) {
        return (perturbation.substring(perturbation.lastIndexOf('.') + 1) + "-" + parameter).replaceAll(
                "[^A-Za-z0-9._-]", "_");
    }

    /**
     * Everything the results depend on, as JSON with sorted keys (scene maps have no stable order), so that a
     * resumed run continues only the same sweep. The varied parameter's current value is left out: every sample
     * sets it, so moving its slider in the workbench does not make another sweep.
     */
    private static String text(Scene scene, String label, PerturbationStack stack, SweepSpec.Factor factor,
            Vary v, int views, List<SweepSpec.SweepModel> models) {
        int at = last(stack, factor.perturbation());
        PerturbationStack base = stack;
        if (at >= 0) {
            StackEntry e = stack.entries().get(at);
            Map<String, Object> values = new TreeMap<>(e.values());
            values.remove(factor.parameter());
            base = stack.set(at, new StackEntry(e.perturbation(), values, e.enabled()));
        }
        JsonObject root = new JsonObject();
        root.addProperty("format", "perturber-session-sweep-1");
        root.add("scene", GSON.toJsonTree(scene));
        root.addProperty("label", label);
        root.add("stack", JsonParser.parseString(base.toJson()));
        JsonObject vary = new JsonObject();
        vary.addProperty("perturbation", factor.perturbation());
        vary.addProperty("parameter", factor.parameter());
        vary.addProperty("from", v.from());
        vary.addProperty("to", v.to());
        vary.addProperty("steps", v.steps());
        root.add("vary", vary);
        root.addProperty("views", views);
        root.add("models", modelsJson(models));
        JsonArray metrics = new JsonArray();
        METRICS.forEach(m -> metrics.add(m.column()));
        root.add("metrics", metrics);
        return GSON.toJson(sorted(root)) + "\n";
    }

    private static JsonArray modelsJson(List<SweepSpec.SweepModel> models) {
        JsonArray dirs = new JsonArray();
        for (SweepSpec.SweepModel m : models) {
            JsonObject model = new JsonObject();
            model.addProperty("id", m.id());
            model.addProperty("folder", m.directory().toString());
            dirs.add(model);
        }
        return dirs;
    }

    private static JsonElement sorted(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject out = new JsonObject();
            new TreeMap<>(e.getAsJsonObject().asMap()).forEach((k, v) -> out.add(k, sorted(v)));
            return out;
        }
        if (e.isJsonArray()) {
            JsonArray out = new JsonArray();
            e.getAsJsonArray().forEach(v -> out.add(sorted(v)));
            return out;
        }
        return e;
    }

    private static SweepSpecException problem(String message) {
        return new SweepSpecException(List.of(message));
    }
}
