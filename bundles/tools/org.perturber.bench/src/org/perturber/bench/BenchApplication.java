package org.perturber.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** {@code releng/perturber bench <what>}: runs one benchmark (or all) and prints BENCH lines to standard output. */
public class BenchApplication implements IApplication {
    private static final Map<String, Consumer<Consumer<String>>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("render", RenderBenchmark::run);
        BENCHMARKS.put("inference", out -> {
            InferenceBenchmark.run(out);
            TorchInferenceBenchmark.run(out);
        });
        BENCHMARKS.put("inference-torch", TorchInferenceBenchmark::run);
        BENCHMARKS.put("sweep", SweepBenchmark::run);
        BENCHMARKS.put("featurevis", FeatureVisBenchmark::run);
        BENCHMARKS.put("flip", FlipBenchmark::run);
        BENCHMARKS.put("corruptions", CorruptionBenchmark::run);
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        String what = args.length > 0 ? args[0] : "";
        if (what.equals("all")) {
            BENCHMARKS.values().forEach(b -> b.accept(System.out::println));
            return EXIT_OK;
        }
        Consumer<Consumer<String>> bench = BENCHMARKS.get(what);
        if (bench == null) {
            System.err.println("usage: releng/perturber bench <" + String.join("|", BENCHMARKS.keySet()) + "|all>");
            return 2;
        }
        bench.accept(System.out::println);
        return EXIT_OK;
    }

    @Override
    public void stop() {
    }
}
