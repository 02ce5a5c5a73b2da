package org.perturber.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.TimeBudgets;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.core.session.SessionReferences;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;
import org.perturber.sweep.CorruptionErrors;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.SweepSpecReader;
import org.perturber.sweep.charts.SweepCharts;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code releng/perturber sweep SPEC}, or {@code sweep --session FILE --vary P.PARAM=FROM:TO:STEPS}: runs (or
 * resumes) a sweep headless, then writes its summary and plots.
 */
public class SweepApplication implements IApplication {
    /**
     * Exit codes (README, Sweeps): done; stopped (resumable); bad arguments or spec; failed running (an Error
     * outside the guarded plugin calls too: never 0); done, but entries were skipped in some rows (a plugin threw,
     * returned an unusable image, exceeded its time budget, or a model's backend failed: samples.csv's skipped
     * column says which rows, one line on stderr each thing), or a corruption suite's corruption did not run (its
     * perturbation failed to load: one line on stderr each).
     */
    public static final int EXIT_STOPPED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILED = 3;
    public static final int EXIT_SKIPPED = 4;
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = {
            "Runs a sweep: every sample of the spec's design, objects and views through every model, one CSV row per "
                    + "sample and model (samples.csv), then summary.csv and plots (PNG and SVG) in the output folder.",
            "", "A killed run resumes where it stopped when started again with the same spec. The format of SPEC "
                    + "is described in README.md (Sweeps) and shown by the examples in releng/sweeps.", "",
            "With --session instead of SPEC, sweeps one numeric parameter around a saved workbench session (File > "
                    + "Save session): its object, camera, lighting, background, stack and models; the level equal "
                    + "to the session's value gives the predictions the workbench showed.", "" })
    static final class Arguments {
        @Parameters(paramLabel = "SPEC", arity = "0..1", description = "the sweep file (JSON)")
        Path spec;

        @Option(names = "--session", paramLabel = "FILE", description = "a saved workbench session to sweep around")
        Path session;

        @Option(names = "--vary", paramLabel = "PERTURBATION.PARAMETER=FROM:TO:STEPS", description = "with "
                + "--session: the parameter to sweep, such as camera.cameraPerturbation.elevation=-30:30:7")
        String vary;

        @Option(names = "--suite", paramLabel = "SUITE", description = "with --session, instead of --vary: every "
                + "corruption of the suite (imagenet-c) at every severity around the session, with corruption errors "
                + "(the workbench's Run ImageNet-C)")
        String suite;

        @Option(names = "--baseline", paramLabel = "DIR", description = "with --suite: the model folder (one of the "
                + "session's) the corruption errors are divided by (default: standard when the session has it, else "
                + "its first model)")
        Path baseline;

        @Option(names = "--seed", paramLabel = "N", description = "with --suite: the seed of the seeded corruptions "
                + "(default: 1)")
        Long seed;

        @Option(names = "--views", paramLabel = "N", description = "with --session: views, each turning the "
                + "session's camera by 360/N degrees further (default: 1, the session's camera)")
        Integer views;

        @Option(names = { "--output", "--out" }, paramLabel = "DIR", description = "write here instead of the "
                + "spec's \"output\" (default for --session: sweep-results/NAME beside the session file)")
        Path output;

        @Option(names = "--models", paramLabel = "DIR", description = "a folder of model folders, named by id in the "
                + "spec's \"models\" (default: the installation's models/; a spec may name other folders only inside "
                + "its own folder)")
        Path models;

        @Option(names = "--allow-outside", description = "with --session: read the files the session names outside "
                + "its own folder and the models folder (listed and refused otherwise)")
        boolean allowOutside;

        @Option(names = "--fresh", description = "discard earlier results in the output folder instead of resuming")
        boolean fresh;

        @Option(names = "--time-budget", paramLabel = "SECONDS", description = "how long one call into a scene or "
                + "image perturbation may take before it is abandoned and its entry skipped (default: 10, or "
                + "-Dperturber.timeBudget; 0: no limit)")
        String timeBudget;

        @Option(names = "--attack-time-budget", paramLabel = "SECONDS", description = "the same for model-aware "
                + "perturbations (attacks; default: 300, or -Dperturber.timeBudget.modelAware; 0: no limit)")
        String attackTimeBudget;

        /** The budgets the options set over {@code base}; call after {@link #problems()} found none. */
        TimeBudgets budgets(TimeBudgets base) {
            TimeBudgets b = base;
            if (timeBudget != null) {
                b = b.withSceneAndImage(TimeBudgets.parseSeconds(timeBudget));
            }
            if (attackTimeBudget != null) {
                b = b.withModelAware(TimeBudgets.parseSeconds(attackTimeBudget));
            }
            return b;
        }

        /** What is wrong with the combination of arguments, one problem a line. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (spec == null && session == null) {
                problems.add("give a sweep file (SPEC), or --session FILE --vary "
                        + "PERTURBATION.PARAMETER=FROM:TO:STEPS");
            }
            if (spec != null && session != null) {
                problems.add("SPEC (" + spec + ") and --session " + session + " exclude each other: give one");
            }
            if (session != null && vary == null && suite == null) {
                problems.add("--session " + session + " needs --vary PERTURBATION.PARAMETER=FROM:TO:STEPS (or "
                        + "--suite SUITE)");
            }
            if (vary != null && suite != null) {
                problems.add("--vary and --suite exclude each other: give one");
            }
            if (session == null && suite != null) {
                problems.add("--suite applies to --session sweeps; a spec file has its own \"design\"");
            }
            if (suite == null && (baseline != null || seed != null)) {
                problems.add("--baseline and --seed apply to --session ... --suite sweeps");
            }
            if (session == null && vary != null) {
                problems.add("--vary applies to --session sweeps; a spec file has its own \"vary\"");
            }
            if (session == null && views != null) {
                problems.add("--views applies to --session sweeps; a spec file has its own \"views\"");
            }
            for (String[] budget : new String[][] { { "--time-budget", timeBudget }, { "--attack-time-budget",
                    attackTimeBudget } }) {
                try {
                    if (budget[1] != null) {
                        TimeBudgets.parseSeconds(budget[1]);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(budget[0] + ": " + e.getMessage());
                }
            }
            return problems;
        }
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        return run(args, System.out, System.err, stopped::get);
    }

    /**
     * The whole command: its exit code, with progress on {@code out} and one line per problem on {@code err}. The
     * entry point the application and the tests call.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier stopped)
            throws InterruptedException {
        try {
            return sweep(args, out, err, stopped);
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable e) {
            // an Error past every guard (an OutOfMemoryError outside a plugin's call): one line, never exit 0
            err.println("sweep: failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e
                    .getMessage().strip().lines().findFirst().orElse("")));
            return EXIT_FAILED;
        }
    }

    private static int sweep(String[] args, PrintStream out, PrintStream err, BooleanSupplier stopped)
            throws InterruptedException {
        int[] exit = { 0 };
        Arguments a = parse(args, out, err, exit);
        if (a == null) {
            return exit[0];
        }
        // for this command's stacks; the test runtime calls run() in its own JVM, so the budgets are put back after
        TimeBudgets before = TimeBudgets.current();
        TimeBudgets.setCurrent(a.budgets(before));
        try {
            return sweep(a, out, err, stopped);
        } finally {
            TimeBudgets.setCurrent(before);
        }
    }

    /**
     * The command line's arguments, checked; or null after the usage (help: exit 0) or one line per problem (exit
     * 2), with the exit code in {@code exit[0]}.
     */
    static Arguments parse(String[] args, PrintStream out, PrintStream err, int[] exit) {
        Arguments a = new Arguments();
        CommandLine cli = new CommandLine(a).setCommandName("releng/perturber sweep");
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("sweep: " + e.getMessage());
            cli.usage(err);
            exit[0] = EXIT_BAD_INPUT;
            return null;
        }
        if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            cli.usage(out);
            exit[0] = IApplication.EXIT_OK;
            return null;
        }
        if (!a.problems().isEmpty()) {
            a.problems().forEach(p -> err.println("sweep: " + p));
            exit[0] = EXIT_BAD_INPUT;
            return null;
        }
        return a;
    }

    private static int sweep(Arguments a, PrintStream out, PrintStream err, BooleanSupplier stopped)
            throws InterruptedException {
        try {
            Opened opened = open(a, err);
            if (opened == null) {
                return EXIT_BAD_INPUT;
            }
            announce(opened, out);
            Summary summary = opened.runner().run(a.fresh, stopped, listener(out));
            return report(opened, summary, out, err);
        } catch (SweepSpecException e) {
            e.problems().forEach(p -> err.println("sweep: " + p));
            return EXIT_BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            return failed(e, err);
        }
    }

    /** A failure while running (a disk full, a model that stops working): one line, not a stack trace. */
    static int failed(Exception e, PrintStream err) {
        err.println("sweep: failed: " + (e.getMessage() == null ? "no reason given" : e.getMessage().strip().lines()
                .findFirst().orElse("")));
        return EXIT_FAILED;
    }

    /** A sweep read from the command line and its runner, not started yet. */
    record Opened(SweepSpec spec, SweepRunner runner, Path models) {
    }

    /**
     * Reads the spec (or the session) the arguments name and makes its runner: every check that needs no model.
     *
     * @return null when a problem was told on {@code err} (bad input)
     */
    static Opened open(Arguments a, PrintStream err) throws SweepSpecException, IOException {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        Path models = a.models != null ? a.models : Path.of(System.getProperty("perturber.models", "models"));
        if (a.models != null && !Files.isDirectory(a.models)) {
            err.println("sweep: --models " + a.models + ": not a folder");
            return null;
        }
        SweepSpec spec;
        if (a.session != null) {
            spec = a.suite != null ? new SessionSweeps(registry).suiteFromFile(a.session, a.suite, a.baseline,
                    a.seed == null ? 1 : a.seed, a.views == null ? 1 : a.views, a.output)
                    : new SessionSweeps(registry).fromFile(a.session, a.vary, a.views == null ? 1 : a.views, a.output);
            // the session read: now what it names outside its folder, which only the user may allow
            List<SessionReferences.Reference> outside = a.allowOutside ? List.of() : SessionReferences.outside(
                    SessionFile.read(a.session), a.session, List.of(models), registry);
            if (!outside.isEmpty()) {
                outside.forEach(r -> err.println("sweep: " + a.session + ": " + r.element() + " names " + r.path()
                        + ", outside the session's folder and " + models + "; give --allow-outside to read it"));
                return null;
            }
        } else {
            spec = new SweepSpecReader(registry, objects.builtinIds(), models).read(a.spec, a.output);
        }
        SweepRunner runner = new SweepRunner(spec, registry, Services.await(SceneRenderer.class, Duration.ofSeconds(
                30)), objects, Services.await(InferenceService.class, Duration.ofSeconds(30)));
        return new Opened(spec, runner, models);
    }

    /** The first line: what the sweep is and where it writes. */
    static void announce(Opened opened, PrintStream out) {
        SweepSpec spec = opened.spec();
        SweepRunner runner = opened.runner();
        if (runner.flipSearch()) {
            // a sample is one object and view, searched for every model, parameter and direction
            out.printf(Locale.ROOT, "sweep %s: flip search, %d samples (%d objects x %d views) x %d models x %d "
                    + "parameters x 2 directions = %d rows -> %s%n", spec.name(), runner.plan().size(), spec.objects()
                            .size(), spec.views(), spec.models().size(), spec.factors().size(), spec.plannedRows(),
                    spec.output());
        } else if (spec.design().suite() != null) {
            SweepSpec.Suite suite = spec.design().suite();
            out.printf(Locale.ROOT, "sweep %s: corruption suite %s, %d samples ((1 clean + %d corruptions x %d "
                    + "severities) x %d objects x %d views) x %d models -> %s%n", spec.name(), suite.name(), runner
                            .plan().size(), suite.corruptions().size(), suite.severities().size(), spec.objects()
                                    .size(), spec.views(), spec.models().size(), spec.output());
        } else {
            out.printf(Locale.ROOT, "sweep %s: %d samples (%d points x %d objects x %d views) x %d models -> %s%n",
                    spec.name(), runner.plan().size(), runner.plan().points().size(), spec.objects().size(), spec
                            .views(), spec.models().size(), spec.output());
        }
    }

    /** Progress every 2 s and at the end, and each distinct problem once, on {@code out}. */
    static SweepRunner.Listener listener(PrintStream out) {
        long[] last = { 0 };
        return new SweepRunner.Listener() {
            @Override
            public void progress(SweepRunner.Progress p) {
                long now = System.nanoTime();
                if (now - last[0] > 2e9 || p.done() == p.total()) {
                    last[0] = now;
                    out.println("sweep: " + p);
                }
            }

            @Override
            public void problem(String message) {
                out.println("sweep: problem (skipped, the sweep goes on): " + message);
            }
        };
    }

    /**
     * After the run: plots, the files written, a suite's corruption errors, and what was skipped or missing; the
     * exit code. {@code summary} is null for a stopped run.
     */
    static int report(Opened opened, Summary summary, PrintStream out, PrintStream err) throws IOException {
        SweepSpec spec = opened.spec();
        SweepRunner runner = opened.runner();
        if (!StackApplier.abandonedCalls().isEmpty()) {
            out.println("sweep: calls abandoned at their time budget and still running: " + StackApplier
                    .abandonedCalls());
        }
        if (summary == null) {
            out.println("sweep: stopped; run the same command again to resume");
            return EXIT_STOPPED;
        }
        List<Path> plots = SweepCharts.write(summary, spec.output(), spec.name());
        CorruptionErrors errors = summary.corruptionErrors();
        out.println("sweep: wrote " + spec.output().resolve("samples.csv") + ", " + spec.output().resolve(Summary.FILE)
                + (errors == null ? "" : ", " + CorruptionErrors.FILE + ", " + CorruptionErrors.MEANS_FILE) + " and "
                + plots.size() + " plots (PNG and SVG)");
        if (errors != null) {
            // the means, one line per model (the reasons for a "-" are in mce.csv's notes)
            out.println("sweep: corruption errors normalised by " + errors.baseline() + ", severities " + errors
                    .severities() + ":");
            errors.table().forEach(line -> out.println("sweep:   " + line));
        }
        // a corruption that did not run: its CE is missing, so the results are incomplete
        List<SweepSpec.Missing> missing = spec.design().suite() == null ? List.of() : spec.design().suite().missing();
        missing.forEach(m -> err.println("sweep: " + m.problem()));
        if (!missing.isEmpty()) {
            err.println("sweep: " + missing.size() + " of " + spec.design().suite().chosen().size() + " corruptions "
                    + "did not run; their corruption errors read \"missing\" in " + CorruptionErrors.FILE);
        }
        // read back from the file, so that a resumed run says what its earlier runs skipped too; a flip search's
        // rows name their problem (one line) in "problem": a failed search
        SweepResults.Skipped skipped = runner.flipSearch() ? SweepResults.skipped(spec.output().resolve(
                SweepResults.SAMPLES), "problem", "\n") : SweepResults.skipped(spec.output().resolve(
                        SweepResults.SAMPLES), SweepRunner.SKIPPED, SweepRunner.SKIPPED_SEPARATOR);
        if (skipped.any()) {
            skipped.things().forEach((thing, rows) -> err.println("sweep: skipped " + thing + ", in " + rows + " of "
                    + skipped.total() + " rows"));
            err.println("sweep: " + skipped.rows() + " of " + skipped.total() + (runner.flipSearch()
                    ? " searches failed (outcome failed, column problem of samples.csv)"
                    : " rows lack something (column " + SweepRunner.SKIPPED + " of samples.csv; details above and "
                            + "in the log)"));
            return EXIT_SKIPPED;
        }
        return missing.isEmpty() ? IApplication.EXIT_OK : EXIT_SKIPPED;
    }

    @Override
    public void stop() {
        stopped.set(true);
    }
}
