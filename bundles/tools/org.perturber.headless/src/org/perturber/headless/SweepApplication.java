package org.perturber.headless;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.SweepSpecReader;
import org.perturber.sweep.charts.SweepCharts;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code releng/perturber sweep SPEC}: runs (or resumes) a sweep headless, then writes its summary and plots. */
public class SweepApplication implements IApplication {
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = {
            "Runs a sweep: every sample of the spec's design, objects and views through every model, one CSV row per "
                    + "sample and model (samples.csv), then summary.csv and plots (PNG and SVG) in the output folder.",
            "", "A killed run resumes where it stopped when started again with the same spec. The format of SPEC "
                    + "is described in README.md (Sweeps) and shown by the examples in releng/sweeps.", "" })
    static final class Arguments {
        @Parameters(paramLabel = "SPEC", description = "the sweep file (JSON)")
        Path spec;

        @Option(names = "--output", paramLabel = "DIR", description = "write here instead of the spec's \"output\"")
        Path output;

        @Option(names = "--fresh", description = "discard earlier results in the output folder instead of resuming")
        boolean fresh;
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        Arguments a = new Arguments();
        CommandLine cli = new CommandLine(a).setCommandName("releng/perturber sweep");
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("sweep: " + e.getMessage());
            cli.usage(System.err);
            return 2;
        }
        if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            cli.usage(System.out);
            return EXIT_OK;
        }
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        Path models = Path.of(System.getProperty("perturber.models", "models"));
        try {
            SweepSpec spec = new SweepSpecReader(registry, objects.builtinIds(), models).read(a.spec);
            if (a.output != null) {
                spec = spec.withOutput(a.output.toAbsolutePath());
            }
            SweepRunner runner = new SweepRunner(spec, registry, Services.await(SceneRenderer.class, Duration
                    .ofSeconds(30)), objects, Services.await(InferenceService.class, Duration.ofSeconds(30)));
            System.out.printf(Locale.ROOT, "sweep %s: %d samples (%d points x %d objects x %d views) x %d models -> %s%n",
                    spec.name(), runner.plan().size(), runner.plan().points().size(), spec.objects().size(), spec
                            .views(), spec.models().size(), spec.output());
            long[] last = { 0 };
            Summary summary = runner.run(a.fresh, stopped::get, new SweepRunner.Listener() {
                @Override
                public void progress(SweepRunner.Progress p) {
                    long now = System.nanoTime();
                    if (now - last[0] > 2e9 || p.done() == p.total()) { // every 2 s and at the end
                        last[0] = now;
                        System.out.println("sweep: " + p);
                    }
                }

                @Override
                public void problem(String message) {
                    System.out.println("sweep: problem (skipped, the sweep goes on): " + message);
                }
            });
            if (summary == null) {
                System.out.println("sweep: stopped; run the same command again to resume");
                return 1;
            }
            List<Path> plots = SweepCharts.write(summary, spec.output(), spec.name());
            System.out.println("sweep: wrote " + spec.output().resolve("samples.csv") + ", " + spec.output().resolve(
                    Summary.FILE) + " and " + plots.size() + " plots (PNG and SVG)");
            return EXIT_OK;
        } catch (SweepSpecException e) {
            System.err.println("sweep: " + e.getMessage());
            return 2;
        }
    }

    @Override
    public void stop() {
        stopped.set(true);
    }
}
