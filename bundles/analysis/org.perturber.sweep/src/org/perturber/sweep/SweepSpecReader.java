package org.perturber.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.perturber.core.files.ContainedPath;
import org.perturber.core.internal.json.JsonProblems;
import org.perturber.core.param.FileParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.InvalidParameterException;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.scene.MeshRef;
import org.perturber.flipsearch.FlipParameter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads and checks a sweep file before anything runs: every object, model, perturbation, parameter and value must
 * exist and be in range, and a problem is reported with the file and line where it is. The format:
 *
 * <pre>
 * {
 *   "name": "camera-elevation",            short name, used for the output folder by default
 *   "description": "...",
 *   "seed": 1,                              random designs draw from it
 *   "objects": ["all"],                     built-in ids, "all", or {"file": "chair.obj", "label": "chair"}
 *   "views": 4,                             views per object, evenly spaced in azimuth around the standard view
 *   "models": ["standard", "adversarial"],  ids in models/ or model folders
 *   "stack": [{"id": "...", "values": {...}}],           base perturbations, applied to every sample
 *   "vary": [{"perturbation": "...", "parameter": "elevation", "from": -20, "to": 60, "steps": 9},
 *            {"perturbation": "...", "parameter": "class", "values": ["as is", "bowl"]}],
 *   "design": "grid",                       "grid", "one-at-a-time", {"type": "random", "samples": 200},
 *                                           "flip-search" ({"type": "flip-search", "scanPoints": 32, "tolerance": 0.001})
 *                                           or {"type": "corruption-suite", "suite": "imagenet-c", "baseline": "standard",
 *                                           "corruptions": [...], "severities": [1, ...]} (no "vary")
 *   "metrics": ["top1", "true-class-probability", "top5", "flip", "activation:block5_relu:3"],
 *   "output": "results/camera-elevation"    relative to the spec's folder
 * }
 * </pre>
 *
 * Perturbations are named by their contribution id or by its last segment(s) when that is unique
 * ({@code cameraPerturbation}, {@code camera.cameraPerturbation}).
 */
public final class SweepSpecReader {
    /** The largest spec file read: a spec is a page of JSON, levels come from steps rather than lists. */
    public static final long MAX_BYTES = 1L << 20;
    /** A flip search's most scan points (FlipSettings.MAX_SCAN_POINTS): beyond, a grid sweep is the better tool. */
    public static final int MAX_SCAN_POINTS = 4096;
    /** The corruption-suite design's type. */
    public static final String CORRUPTION_SUITE = "corruption-suite";
    /** The parameter a seeded corruption draws its random numbers from; set to the spec's seed. */
    static final String SEED = "seed";
    private final ContributionRegistry registry;
    private final Set<String> builtinObjects;
    private final Path modelsDir;

    public SweepSpecReader(ContributionRegistry registry, Set<String> builtinObjects, Path modelsDir) {
        this.registry = registry;
        this.builtinObjects = builtinObjects;
        this.modelsDir = modelsDir;
    }

    public SweepSpec read(Path file) throws SweepSpecException {
        return read(file, null);
    }

    /**
     * Reads a spec whose results go to {@code outputChosen} (the command line's --output) instead of its "output";
     * null keeps the spec's "output", which must then stay under the spec's folder.
     */
    public SweepSpec read(Path file, Path outputChosen) throws SweepSpecException {
        String text;
        try {
            if (!Files.isRegularFile(file)) { // a folder, a FIFO or a device would fail or block the read
                throw new SweepSpecException(file.toString(), 0, Files.exists(file) ? "not a regular file (a folder, "
                        + "a pipe or a device)" : "no such file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new SweepSpecException(file.toString(), 0, size + " bytes is more than a sweep spec may have ("
                        + MAX_BYTES + ", SweepSpecReader.MAX_BYTES)");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SweepSpecException(file.toString(), 0, "cannot read the file: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Parse(text, file.toString(), dir, outputChosen).spec();
    }

    /** Reads a spec from text; relative paths resolve against {@code baseDir}. */
    public SweepSpec read(String text, String source, Path baseDir) throws SweepSpecException {
        return new Parse(text, source, baseDir, null).spec();
    }

    /** The perturbations a name means: the one with that id, or those whose id ends with "." + name. */
    static List<Contribution<Perturbation>> matching(ContributionRegistry registry, String id) {
        return registry.perturbations().stream().filter(c -> c.id().equals(id) || c.id().endsWith("." + id))
                .toList();
    }

    /**
     * A corruption-suite design's corruptions resolved against the installed perturbations: those that can run
     * (their perturbation loaded and has the declared severity parameter) and those that cannot, with why; which of
     * them take a seed.
     *
     * @param chosen the corruptions chosen, in the suite's order
     * @throws IllegalArgumentException when {@code seed} lies outside a seeded corruption's seed range
     */
    static SweepSpec.Suite suite(ContributionRegistry registry, String suite, String baseline,
            List<SuiteCorruption> chosen, List<Integer> severities, long seed) {
        List<SuiteCorruption> runnable = new ArrayList<>();
        List<SweepSpec.Missing> missing = new ArrayList<>();
        Set<String> seeded = new HashSet<>();
        for (SuiteCorruption c : chosen) {
            String why = unusable(registry, c);
            if (why != null) {
                missing.add(new SweepSpec.Missing(c, why));
                continue;
            }
            runnable.add(c);
            Perturbation p = registry.perturbation(c.perturbation()).orElseThrow().instance().orElseThrow();
            for (ParameterDescriptor d : p.parameters()) {
                if (d.id().equals(SEED) && d instanceof IntegerParameter n) {
                    if (seed < n.min() || seed > n.max()) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "\"seed\" %d is outside the "
                                + "range of %s's seed, [%d, %d]; every seeded corruption draws from the spec's seed",
                                seed, c.name(), n.min(), n.max()));
                    }
                    seeded.add(c.name());
                }
            }
        }
        return new SweepSpec.Suite(suite, baseline, runnable, severities, seeded, missing);
    }

    /** Why a declared corruption cannot run (its perturbation failed, or lacks the severity), or null. */
    private static String unusable(ContributionRegistry registry, SuiteCorruption c) {
        Contribution<Perturbation> contribution = registry.perturbation(c.perturbation()).orElse(null);
        if (contribution == null) {
            return "its perturbation is not installed";
        }
        Perturbation p;
        try {
            p = contribution.instance().orElse(null);
        } catch (RuntimeException | LinkageError e) {
            p = null;
        }
        if (p == null) {
            return "failed to load: " + contribution.failure().orElse("no reason given").strip().lines()
                    .findFirst().orElse("");
        }
        ParameterDescriptor d;
        try {
            d = p.parameters().stream().filter(x -> x.id().equals(c.severity())).findFirst().orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return "its parameters() failed: " + e;
        }
        if (!(d instanceof NumberParameter) && !(d instanceof IntegerParameter)) {
            return "it has no numeric parameter '" + c.severity() + "', the severity its declaration names";
        }
        return null;
    }

    /** One parse: the text is kept to find the line of each problem. */
    private final class Parse {
        private final String text;
        private final String source;
        private final Path baseDir;
        private final Path outputChosen;

        Parse(String text, String source, Path baseDir, Path outputChosen) {
            this.text = text;
            this.source = source;
            this.baseDir = baseDir;
            this.outputChosen = outputChosen;
        }

        private SweepSpecException error(String token, String message) {
            return new SweepSpecException(source, line(token), message);
        }

        /** Line of the first occurrence of a token, quoted when it is a name; 0 when not found. */
        private int line(String token) {
            if (token == null) {
                return 0;
            }
            int at = text.indexOf("\"" + token + "\"");
            if (at < 0) {
                at = text.indexOf(token);
            }
            if (at < 0) {
                return 0;
            }
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        SweepSpec spec() throws SweepSpecException {
            JsonObject root;
            try {
                JsonElement parsed = JsonParser.parseString(text);
                if (!parsed.isJsonObject()) {
                    throw new SweepSpecException(source, 1, "a sweep is a JSON object {...}");
                }
                root = parsed.getAsJsonObject();
            } catch (JsonParseException e) {
                // Gson's message ends with "at line L column C path ..."
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(String.valueOf(e
                        .getMessage()));
                throw new SweepSpecException(source, m.find() ? Integer.parseInt(m.group(1)) : 0, "not valid JSON: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            }
            for (String key : root.keySet()) {
                if (!List.of("name", "description", "seed", "objects", "views", "models", "stack", "vary", "design",
                        "metrics", "output").contains(key)) {
                    throw error(key, "unknown key \"" + key + "\"");
                }
            }
            String name = string(root, "name", null);
            if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
                throw error("name", "\"name\" is required: letters, digits, '.', '_' or '-'");
            }
            String description = string(root, "description", "");
            long seed = root.has("seed") ? number(root, "seed").longValue() : 0;
            int views = root.has("views") ? number(root, "views").intValue() : 1;
            if (views < 1 || views > SweepSpec.MAX_VIEWS) {
                throw error("views", "\"views\" must be between 1 and " + SweepSpec.MAX_VIEWS + ", got " + views);
            }
            List<SweepSpec.SweepObject> objects = objects(root);
            List<SweepSpec.SweepModel> models = models(root);
            PerturbationStack stack = stack(root);
            SweepSpec.Design design = design(root, models, seed);
            boolean flips = design.type() == SweepSpec.Design.Type.FLIP_SEARCH;
            boolean suite = design.type() == SweepSpec.Design.Type.CORRUPTION_SUITE;
            if (suite && root.has("vary")) {
                throw error("vary", "\"vary\" does not apply to the corruption-suite design: it runs every "
                        + "corruption of the suite at every severity (choose them with the design's "
                        + "\"corruptions\" and \"severities\"); remove \"vary\"");
            }
            List<SweepSpec.Factor> factors = suite ? List.of() : factors(root, flips);
            List<Metric> metrics;
            if (suite) {
                metrics = metrics(root);
                if (!metrics.contains(Metric.of(Metric.Kind.TOP1))) {
                    throw error("metrics", "the corruption-suite design needs the metric \"top1\": corruption "
                            + "errors are top-1 error rates");
                }
            } else if (flips) {
                if (root.has("metrics")) {
                    throw error("metrics", "\"metrics\" do not apply to the flip-search design: its rows are flip "
                            + "points (value, distance, new class); remove \"metrics\"");
                }
                checkStarts(stack, factors);
                metrics = List.of();
            } else {
                metrics = metrics(root);
            }
            Path output;
            if (outputChosen != null) {
                output = outputChosen.toAbsolutePath().normalize();
            } else {
                String named = string(root, "output", "sweep-results/" + name);
                output = contained(named);
            }
            SweepSpec spec = new SweepSpec(name, description, seed, objects, views, models, stack, factors, design,
                    metrics, output, text, null);
            String tooLarge = spec.planSizeProblem();
            if (tooLarge != null) {
                throw error(suite ? "design" : "vary", tooLarge + (flips ? ": search fewer parameters, objects or "
                        + "views, use fewer scan points or a larger tolerance, or split the sweep" : suite ? ": use "
                                + "fewer corruptions, severities, objects, views or models" : ": use fewer steps, a "
                                        + "one-at-a-time or random design, or split the sweep"));
            }
            return spec;
        }

        /**
         * A mesh file or model folder the spec names: inside the spec's folder (a spec from elsewhere must not make
         * a sweep read the user's other files); built-in models are named by id instead.
         */
        private Path inSpecFolder(String name, String at, ContainedPath.Kind kind) throws SweepSpecException {
            try {
                return ContainedPath.resolve(baseDir, "spec's folder", name, kind);
            } catch (ContainedPath.RefusedException e) {
                throw error(name, at + " names '" + name + "', " + e.getMessage() + " " + baseDir.toAbsolutePath()
                        .normalize() + (kind == ContainedPath.Kind.FOLDER ? " (built-in models are named by id)"
                                : ""));
            }
        }

        /** The spec's "output" under the spec's folder: elsewhere only when the command line says so (--output). */
        private Path contained(String named) throws SweepSpecException {
            Path base = baseDir.toAbsolutePath().normalize();
            Path output;
            try {
                Path given = Path.of(named);
                output = given.isAbsolute() ? given.normalize() : base.resolve(given).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw error("output", "\"output\" is not a usable path: " + e.getReason());
            }
            if (!output.startsWith(base) || output.equals(base)) {
                throw error("output", "\"output\" " + named + " is outside the spec's folder " + base
                        + " (or is that folder itself): name a folder under it, or give --output DIR on the "
                        + "command line to write elsewhere");
            }
            return output;
        }

        private String string(JsonObject o, String key, String fallback) throws SweepSpecException {
            if (!o.has(key)) {
                return fallback;
            }
            JsonElement e = o.get(key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(key, "\"" + key + "\" must be a string, got " + JsonProblems.kind(e));
            }
            return e.getAsString();
        }

        /** A string element, or a refusal naming its path ("objects[1].file") and what it is instead. */
        private String text(JsonElement e, String path, String token, String expected) throws SweepSpecException {
            if (!JsonProblems.isString(e)) {
                throw error(token, JsonProblems.wrongType(path, expected, e));
            }
            return e.getAsString();
        }

        private Number number(JsonObject o, String key) throws SweepSpecException {
            JsonElement e = o.get(key);
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw error(key, "\"" + key + "\" must be a number, got " + JsonProblems.kind(e));
            }
            double v = e.getAsDouble();
            if (!Double.isFinite(v)) {
                throw error(key, "\"" + key + "\" must be a finite number");
            }
            return e.getAsNumber();
        }

        private JsonArray array(JsonObject o, String key, boolean required) throws SweepSpecException {
            if (!o.has(key)) {
                if (required) {
                    throw new SweepSpecException(source, 0, "\"" + key + "\" is required");
                }
                return new JsonArray();
            }
            if (!o.get(key).isJsonArray()) {
                throw error(key, "\"" + key + "\" must be a list [...]");
            }
            return o.getAsJsonArray(key);
        }

        private List<SweepSpec.SweepObject> objects(JsonObject root) throws SweepSpecException {
            List<SweepSpec.SweepObject> objects = new ArrayList<>();
            JsonArray list = array(root, "objects", true);
            for (int i = 0; i < list.size(); i++) {
                JsonElement e = list.get(i);
                String at = "objects[" + i + "]";
                if (JsonProblems.isString(e) && e.getAsString().equals("all")) {
                    for (String id : builtinObjects) {
                        objects.add(new SweepSpec.SweepObject(id, MeshRef.builtin(id), id));
                    }
                } else if (JsonProblems.isString(e)) {
                    String id = e.getAsString();
                    if (!builtinObjects.contains(id)) {
                        throw error(id, "unknown object '" + id + "'; built-in: " + builtinObjects
                                + ", or {\"file\": ..., \"label\": ...}");
                    }
                    objects.add(new SweepSpec.SweepObject(id, MeshRef.builtin(id), id));
                } else if (e.isJsonObject() && e.getAsJsonObject().has("file")) {
                    JsonObject o = e.getAsJsonObject();
                    String file = text(o.get("file"), at + ".file", "file", "a mesh file name (a string)");
                    Path path = inSpecFolder(file, at + ".file", ContainedPath.Kind.FILE);
                    if (!Files.isRegularFile(path)) {
                        throw error(file, "mesh file " + path + " does not exist");
                    }
                    String label = o.has("label") ? text(o.get("label"), at + ".label", "label", "a class label "
                            + "(a string)") : "";
                    objects.add(new SweepSpec.SweepObject(path.getFileName().toString(), MeshRef.file(path
                            .toString()), label));
                } else {
                    throw error("objects", JsonProblems.wrongType(at, "a built-in id, \"all\" or {\"file\": ..., "
                            + "\"label\": ...}", e));
                }
            }
            if (objects.isEmpty()) {
                throw error("objects", "\"objects\" lists no object");
            }
            return List.copyOf(new java.util.LinkedHashSet<>(objects));
        }

        private List<SweepSpec.SweepModel> models(JsonObject root) throws SweepSpecException {
            List<SweepSpec.SweepModel> models = new ArrayList<>();
            JsonArray list = array(root, "models", true);
            for (int i = 0; i < list.size(); i++) {
                String name = text(list.get(i), "models[" + i + "]", "models", "a model id or folder (a string)");
                Path dir = name.contains("/") ? inSpecFolder(name, "models[" + i + "]", ContainedPath.Kind.FOLDER)
                        : modelsDir.resolve(name);
                if (!Files.isRegularFile(dir.resolve("model.json"))) {
                    throw error(name, "unknown model '" + name + "': " + dir + " has no model.json" + (name
                            .contains("/") ? "" : "; built-in: " + builtinModels()));
                }
                models.add(new SweepSpec.SweepModel(name.contains("/") ? dir.getFileName().toString() : name, dir));
            }
            if (models.isEmpty()) {
                throw error("models", "\"models\" lists no model");
            }
            return models;
        }

        private List<String> builtinModels() {
            try (var dirs = Files.list(modelsDir)) {
                return dirs.filter(d -> Files.isRegularFile(d.resolve("model.json"))).map(d -> d.getFileName()
                        .toString()).sorted().toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        private PerturbationStack stack(JsonObject root) throws SweepSpecException {
            List<StackEntry> entries = new ArrayList<>();
            JsonArray list = array(root, "stack", false);
            for (int i = 0; i < list.size(); i++) {
                JsonElement e = list.get(i);
                String at = "stack[" + i + "]";
                if (!e.isJsonObject() || !e.getAsJsonObject().has("id")) {
                    throw error("stack", JsonProblems.wrongType(at, "{\"id\": ..., \"values\": {...}}", e));
                }
                JsonObject o = e.getAsJsonObject();
                String id = text(o.get("id"), at + ".id", "id", "a perturbation id (a string)");
                Contribution<Perturbation> c = perturbation(id);
                StackEntry entry = new StackEntry(c.id(), Map.of(), true);
                if (o.has("values")) {
                    if (!o.get("values").isJsonObject()) {
                        throw error("values", JsonProblems.wrongType(at + ".values", "an object {\"parameter\": "
                                + "value, ...}", o.get("values")));
                    }
                    for (Map.Entry<String, JsonElement> v : o.getAsJsonObject("values").entrySet()) {
                        ParameterDescriptor d = parameter(c, v.getKey());
                        Object value = value(d, v.getValue(), c.id(), at + ".values." + v.getKey());
                        if (d instanceof FileParameter && value instanceof String name && !name.isBlank()) {
                            // an image the stack names lies in the spec's folder, like its meshes
                            value = inSpecFolder(name, at + ".values." + v.getKey(), ContainedPath.Kind.FILE)
                                    .toString();
                        }
                        entry = entry.with(v.getKey(), value);
                    }
                }
                entries.add(entry);
            }
            return new PerturbationStack(entries);
        }

        private Contribution<Perturbation> perturbation(String id) throws SweepSpecException {
            List<Contribution<Perturbation>> all = registry.perturbations();
            List<Contribution<Perturbation>> matches = matching(registry, id);
            if (matches.isEmpty()) {
                throw error(id, "unknown perturbation '" + id + "'; installed: " + all.stream().map(
                        Contribution::id).toList());
            }
            if (matches.size() > 1) {
                throw error(id, "'" + id + "' names several perturbations: " + matches.stream().map(
                        Contribution::id).toList());
            }
            Contribution<Perturbation> c = matches.get(0);
            if (c.instance().isEmpty()) {
                throw error(id, "perturbation " + c.id() + " failed to load: " + c.failure().orElse("unknown"));
            }
            return c;
        }

        private ParameterDescriptor parameter(Contribution<Perturbation> c, String id) throws SweepSpecException {
            List<ParameterDescriptor> parameters = c.instance().orElseThrow().parameters();
            return parameters.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> error(id,
                    "perturbation " + c.id() + " has no parameter '" + id + "'; it has " + parameters.stream().map(
                            ParameterDescriptor::id).toList()));
        }

        /** A value checked against its parameter: right type, in range (no silent clamping in a sweep file). */
        private Object value(ParameterDescriptor d, JsonElement e, String perturbation, String path)
                throws SweepSpecException {
            if (!e.isJsonPrimitive()) {
                throw error(d.id(), JsonProblems.wrongType(path, "a number, string or boolean for " + d.id(), e));
            }
            JsonPrimitive p = e.getAsJsonPrimitive();
            Object raw = p.isBoolean() ? p.getAsBoolean() : p.isNumber() ? p.getAsDouble() : p.getAsString();
            if (raw instanceof Double v && !Double.isFinite(v)) {
                throw error(d.id(), path + ": " + d.id() + " must be a finite number, got " + p.getAsString());
            }
            checkRange(d, raw, d.id());
            try {
                return d.normalize(raw);
            } catch (InvalidParameterException ex) {
                throw error(d.id(), path + ": " + perturbation + ": " + ex.getMessage());
            }
        }

        private void checkRange(ParameterDescriptor d, Object raw, String token) throws SweepSpecException {
            if (raw instanceof Double v && d instanceof NumberParameter n && (v < n.min() || v > n.max())) {
                throw error(token, String.format(Locale.ROOT, "%s = %s is outside its range [%s, %s]", d.id(), v, n
                        .min(), n.max()));
            }
            if (raw instanceof Double v && d instanceof IntegerParameter n && (v < n.min() || v > n.max()
                    || v != Math.rint(v))) {
                throw error(token, String.format(Locale.ROOT, "%s = %s must be a whole number in [%d, %d]", d.id(), v,
                        n.min(), n.max()));
            }
        }

        /**
         * A flip search starts each factor at the base stack's value (on the stack's last entry of that
         * perturbation, as the sweep's factors set it) or the parameter's default: it must lie in [from, to].
         */
        private void checkStarts(PerturbationStack stack, List<SweepSpec.Factor> factors) throws SweepSpecException {
            for (int i = 0; i < factors.size(); i++) {
                SweepSpec.Factor f = factors.get(i);
                Contribution<Perturbation> c = perturbation(f.perturbation());
                ParameterDescriptor d = parameter(c, f.parameter());
                Object value = null;
                String where = "its default";
                for (StackEntry e : stack.entries()) {
                    if (e.perturbation().equals(f.perturbation())) {
                        value = e.values().get(f.parameter());
                        where = value == null ? "its default (the stack's entry leaves it unset)" : "the stack's value";
                    }
                }
                double start = value instanceof Number v ? v.doubleValue() : d instanceof NumberParameter number
                        ? number.defaultValue() : ((IntegerParameter) d).defaultValue();
                if (start < f.from() || start > f.to()) {
                    throw error(f.parameter(), String.format(Locale.ROOT, "vary[%d]: the flip search starts %s at "
                            + "%s = %s (%s), outside its range [%s, %s]: widen \"from\"/\"to\" to include it, or "
                            + "set the value in \"stack\"", i, c.id(), f.parameter(), SweepRunner.format(start),
                            where, SweepRunner.format(f.from()), SweepRunner.format(f.to())));
                }
            }
        }

        private List<SweepSpec.Factor> factors(JsonObject root, boolean flips) throws SweepSpecException {
            List<SweepSpec.Factor> factors = new ArrayList<>();
            JsonArray list = array(root, "vary", true);
            for (int i = 0; i < list.size(); i++) {
                JsonElement e = list.get(i);
                String at = "vary[" + i + "]";
                if (!e.isJsonObject()) {
                    throw error("vary", JsonProblems.wrongType(at, "a factor {\"perturbation\": ..., "
                            + "\"parameter\": ..., ...}", e));
                }
                JsonObject o = e.getAsJsonObject();
                String pid = string(o, "perturbation", null);
                String param = string(o, "parameter", null);
                if (pid == null || param == null) {
                    throw error("vary", "a factor needs \"perturbation\" and \"parameter\"");
                }
                Contribution<Perturbation> c = perturbation(pid);
                ParameterDescriptor d = parameter(c, param);
                if (flips) {
                    factors.add(searched(o, c, d, at, factors));
                } else if (o.has("values")) {
                    if (!o.get("values").isJsonArray()) {
                        throw error("values", JsonProblems.wrongType(at + ".values", "a list of levels [...]", o.get(
                                "values")));
                    }
                    List<Object> levels = new ArrayList<>();
                    JsonArray values = o.getAsJsonArray("values");
                    for (int v = 0; v < values.size(); v++) {
                        levels.add(value(d, values.get(v), c.id(), at + ".values[" + v + "]"));
                    }
                    if (levels.isEmpty()) {
                        throw error(param, "factor " + param + " lists no values");
                    }
                    boolean numeric = levels.stream().allMatch(Number.class::isInstance);
                    double lo = numeric ? levels.stream().mapToDouble(v -> ((Number) v).doubleValue()).min()
                            .orElse(0) : 0;
                    double hi = numeric ? levels.stream().mapToDouble(v -> ((Number) v).doubleValue()).max()
                            .orElse(0) : 0;
                    factors.add(new SweepSpec.Factor(c.id(), param, levels, lo, hi, numeric, false));
                } else if (o.has("from") && o.has("to")) {
                    if (!(d instanceof NumberParameter) && !(d instanceof IntegerParameter)) {
                        throw error(param, param + " is not numeric: list its \"values\" instead of from/to");
                    }
                    double from = number(o, "from").doubleValue();
                    double to = number(o, "to").doubleValue();
                    checkRange(d, from, param);
                    checkRange(d, to, param);
                    int steps = o.has("steps") ? number(o, "steps").intValue() : 11;
                    if (steps < 1 || steps > SweepSpec.MAX_STEPS) {
                        throw error("steps", "\"steps\" must be between 1 and " + SweepSpec.MAX_STEPS
                                + ", got " + steps);
                    }
                    factors.add(SweepSpec.Factor.range(c.id(), param, from, to, steps,
                            d instanceof IntegerParameter));
                } else {
                    throw error(param, "factor " + param + " needs \"from\" and \"to\" (and \"steps\"), or "
                            + "\"values\"");
                }
            }
            if (factors.isEmpty()) {
                throw error("vary", "\"vary\" lists no factor");
            }
            return factors;
        }

        /**
         * A parameter a flip search moves: numeric, with "from" and "to" bounding the search ("steps" means nothing
         * to a search and is ignored; "values" is refused), each parameter once.
         */
        private SweepSpec.Factor searched(JsonObject o, Contribution<Perturbation> c, ParameterDescriptor d,
                String at, List<SweepSpec.Factor> before) throws SweepSpecException {
            String param = d.id();
            if (!(d instanceof NumberParameter) && !(d instanceof IntegerParameter)) {
                throw error(param, at + ": " + c.id() + " " + param + " is not numeric: the flip-search design "
                        + "searches numeric parameters only");
            }
            if (FlipParameter.of(c, d, -1, null) == null) {
                // a seed: another seed is another draw, not a larger change ("seed" may also name the spec's
                // own seed, so the line is found by the perturbation's name as written)
                throw error(o.get("perturbation").getAsString(), at + ": " + c.id() + " " + param + " cannot be searched for a flip (a random "
                        + "seed or a range of one value)");
            }
            if (o.has("values") || !o.has("from") || !o.has("to")) {
                throw error(param, at + ": the flip-search design searches " + param + " between \"from\" and "
                        + "\"to\"" + (o.has("values") ? ", not over listed \"values\"" : "; give both"));
            }
            double from = number(o, "from").doubleValue();
            double to = number(o, "to").doubleValue();
            checkRange(d, from, param);
            checkRange(d, to, param);
            if (!(from < to)) {
                throw error(param, at + ": the flip-search design needs \"from\" below \"to\", got " + SweepRunner
                        .format(from) + " and " + SweepRunner.format(to));
            }
            for (SweepSpec.Factor f : before) {
                if (f.perturbation().equals(c.id()) && f.parameter().equals(param)) {
                    throw error(param, at + ": " + c.id() + " " + param + " is searched twice");
                }
            }
            return SweepSpec.Factor.range(c.id(), param, from, to, 2, d instanceof IntegerParameter);
        }

        private SweepSpec.Design design(JsonObject root, List<SweepSpec.SweepModel> models, long seed)
                throws SweepSpecException {
            if (!root.has("design")) {
                return new SweepSpec.Design(SweepSpec.Design.Type.GRID, 0);
            }
            JsonElement e = root.get("design");
            String type = e.isJsonObject() ? string(e.getAsJsonObject(), "type", "") : text(e, "design", "design",
                    "\"grid\", \"one-at-a-time\", \"flip-search\" or {\"type\": \"random\", \"samples\": N}");
            return switch (type) {
            case "grid" -> new SweepSpec.Design(SweepSpec.Design.Type.GRID, 0);
            case "one-at-a-time" -> new SweepSpec.Design(SweepSpec.Design.Type.ONE_AT_A_TIME, 0);
            case "flip-search" -> flipSearch(e);
            case CORRUPTION_SUITE -> corruptionSuite(e, models, seed);
            case "random" -> {
                int samples = e.isJsonObject() && e.getAsJsonObject().has("samples") ? number(e.getAsJsonObject(),
                        "samples").intValue() : 0;
                if (samples < 1) {
                    throw error("design", "a random design needs \"samples\" (at least 1)");
                }
                yield new SweepSpec.Design(SweepSpec.Design.Type.RANDOM, samples);
            }
            default -> throw error("design", "unknown design '" + type + "'; known: grid, one-at-a-time, "
                    + "flip-search, {\"type\": \"random\", \"samples\": N}, {\"type\": \"" + CORRUPTION_SUITE
                    + "\", \"suite\": \"" + SuiteCorruption.IMAGENET_C + "\", \"baseline\": MODEL}");
            };
        }

        /**
         * {"type": "corruption-suite", "suite": "imagenet-c", "baseline": MODEL, "corruptions": [NAME, ...],
         * "severities": [1, ...]}: every corruption of the suite (or those listed) at every severity (or those
         * listed). A corruption whose perturbation failed to load is kept as missing (the sweep says so and goes
         * on without it); an unknown suite, corruption or baseline or a severity out of range is refused here.
         */
        private SweepSpec.Design corruptionSuite(JsonElement e, List<SweepSpec.SweepModel> models, long seed)
                throws SweepSpecException {
            String form = "{\"type\": \"" + CORRUPTION_SUITE + "\", \"suite\": \"" + SuiteCorruption.IMAGENET_C
                    + "\", \"baseline\": MODEL}";
            if (!e.isJsonObject()) {
                throw error("design", "the corruption-suite design needs its suite and baseline: " + form);
            }
            JsonObject o = e.getAsJsonObject();
            for (String key : o.keySet()) {
                if (!List.of("type", "suite", "baseline", "corruptions", "severities").contains(key)) {
                    throw error(key, "design: unknown key \"" + key + "\" for " + CORRUPTION_SUITE + "; it takes "
                            + "\"suite\", \"baseline\", \"corruptions\" and \"severities\"");
                }
            }
            String suite = string(o, "suite", null);
            if (suite == null) {
                throw error("design", "the corruption-suite design needs \"suite\", such as \""
                        + SuiteCorruption.IMAGENET_C + "\"");
            }
            List<SuiteCorruption> declared = registry.corruptions(suite);
            if (declared.isEmpty()) {
                throw error(suite, "unknown corruption suite '" + suite + "': no installed perturbation declares a "
                        + "corruption of it (Perturber's image perturbations declare \"" + SuiteCorruption.IMAGENET_C
                        + "\")");
            }
            List<String> modelIds = models.stream().map(SweepSpec.SweepModel::id).toList();
            String baseline = string(o, "baseline", null);
            if (baseline == null) {
                throw error("design", "the corruption-suite design needs \"baseline\": the model whose errors the "
                        + "others' corruption errors are divided by, one of " + modelIds);
            }
            if (!modelIds.contains(baseline)) {
                throw error(baseline, "\"baseline\" '" + baseline + "' is not among the sweep's models " + modelIds);
            }
            List<String> names = declared.stream().map(SuiteCorruption::name).toList();
            List<SuiteCorruption> chosen = new ArrayList<>(declared);
            if (o.has("corruptions")) {
                JsonArray list = array(o, "corruptions", true);
                Set<String> wanted = new LinkedHashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String name = text(list.get(i), "design.corruptions[" + i + "]", "corruptions",
                            "a corruption's name (a string)");
                    if (!names.contains(name)) {
                        throw error(name, "unknown corruption '" + name + "' in suite " + suite + "; its corruptions: "
                                + names);
                    }
                    if (!wanted.add(name)) {
                        throw error(name, "corruption '" + name + "' is listed twice");
                    }
                }
                if (wanted.isEmpty()) {
                    throw error("corruptions", "\"corruptions\" lists no corruption; leave it out to run all "
                            + names.size());
                }
                chosen.removeIf(c -> !wanted.contains(c.name()));
            }
            int levels = chosen.stream().mapToInt(SuiteCorruption::levels).min().orElse(1);
            List<Integer> severities = new ArrayList<>();
            if (o.has("severities")) {
                JsonArray list = array(o, "severities", true);
                for (int i = 0; i < list.size(); i++) {
                    JsonElement v = list.get(i);
                    String at = "design.severities[" + i + "]";
                    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                        throw error("severities", JsonProblems.wrongType(at, "a whole number from 1 to " + levels, v));
                    }
                    double s = v.getAsDouble();
                    if (s != Math.rint(s) || s < 1 || s > levels) {
                        throw error("severities", at + ": severity " + v.getAsString() + " is out of range: the "
                                + "suite's severities are the whole numbers 1 to " + levels + " (0, the clean image, "
                                + "always runs)");
                    }
                    if (severities.contains((int) s)) {
                        throw error("severities", at + ": severity " + (int) s + " is listed twice");
                    }
                    severities.add((int) s);
                }
                if (severities.isEmpty()) {
                    throw error("severities", "\"severities\" lists no severity; leave it out to run 1 to "
                            + levels);
                }
                severities.sort(null);
            } else {
                for (int s = 1; s <= levels; s++) {
                    severities.add(s);
                }
            }
            try {
                return SweepSpec.Design.corruptionSuite(suite(registry, suite, baseline, chosen, severities, seed));
            } catch (IllegalArgumentException ex) {
                throw error("seed", ex.getMessage());
            }
        }

        /** "flip-search", or {"type": "flip-search", "scanPoints": 32, "tolerance": 0.001}. */
        private SweepSpec.Design flipSearch(JsonElement e) throws SweepSpecException {
            if (!e.isJsonObject()) {
                return new SweepSpec.Design(SweepSpec.Design.Type.FLIP_SEARCH, 0);
            }
            JsonObject o = e.getAsJsonObject();
            for (String key : o.keySet()) {
                if (!List.of("type", "scanPoints", "tolerance").contains(key)) {
                    throw error(key, "design: unknown key \"" + key + "\" for flip-search; it takes \"scanPoints\" "
                            + "and \"tolerance\"");
                }
            }
            int scan = SweepSpec.Design.SCAN_POINTS;
            if (o.has("scanPoints")) {
                double v = number(o, "scanPoints").doubleValue();
                if (v != Math.rint(v) || v < 2 || v > MAX_SCAN_POINTS) {
                    throw error("scanPoints", "\"scanPoints\" must be a whole number from 2 to " + MAX_SCAN_POINTS
                            + ", got " + SweepRunner.format(v));
                }
                scan = (int) v;
            }
            double tolerance = SweepSpec.Design.TOLERANCE;
            if (o.has("tolerance")) {
                tolerance = number(o, "tolerance").doubleValue();
                if (!(tolerance > 0 && tolerance < 1)) {
                    throw error("tolerance", "\"tolerance\" is a fraction of each parameter's range, in (0, 1), got "
                            + SweepRunner.format(tolerance));
                }
            }
            return new SweepSpec.Design(SweepSpec.Design.Type.FLIP_SEARCH, 0, scan, tolerance);
        }

        private List<Metric> metrics(JsonObject root) throws SweepSpecException {
            List<Metric> metrics = new ArrayList<>();
            JsonArray list = array(root, "metrics", false);
            if (list.isEmpty()) {
                return List.of(Metric.of(Metric.Kind.TOP1), Metric.of(Metric.Kind.TRUE_CLASS_PROBABILITY));
            }
            for (int i = 0; i < list.size(); i++) {
                String name = text(list.get(i), "metrics[" + i + "]", "metrics", "a metric name (a string)");
                try {
                    metrics.add(Metric.parse(name));
                } catch (IllegalArgumentException ex) {
                    throw error(name, ex.getMessage());
                }
            }
            return metrics;
        }
    }
}
