package org.perturber.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * {@code releng/perturber bench spark}: the same specs run by the local runner ({@code releng/perturber sweep}'s
 * own code, {@code SweepApplication.run}) and by Spark ({@link SparkSweep#run}, as {@code sweep --spark local[2]}),
 * alternating run by run in one JVM with one Perturber runtime, so that both see the same machine and the same
 * loaded models. Each run's time per sample is taken between the two progress lines both commands print (0 samples
 * done, all done): what each reports as its samples/s, with the spec's reading, model loading, summary and plots
 * outside it. Then Spark's own cost per task: jobs of empty tasks through the same runJob path.
 */
public final class SparkBenchmark {
    static final String USAGE = """
            Usage: releng/perturber bench spark [--runs N] [--views N] [--master MASTER] [--tasks N]

            Samples per second of the local runner and of Spark on the same specs (a camera sweep and an image
            sweep of the 12 built-in objects, two models), alternating run by run in one JVM, and Spark's own cost
            per task, as BENCH lines.
              --runs N         timed runs of each runner per spec, after one untimed run each (default 5)
              --views N        views per object (default 12: 8 levels x 12 objects x 12 views = 1152 samples)
              --master MASTER  the Spark master (default local[2]; the breakdown of the tasks' time takes a job's
                               first N tasks, N of local[N] or this machine's cores, as each slot's first)
              --tasks N        empty tasks per job for the per-task cost (default 200)
            """;
    private static final int EXIT_BAD_INPUT = 2;
    private static final int EXIT_FAILED = 3;
    /** Samples a chunk (a task) holds: SweepRunner.CHUNK. */
    private static final int SWEEP_CHUNK = 32;
    private static final Pattern PROGRESS = Pattern.compile("^sweep: (\\d+)/(\\d+) samples");

    /** Every sample a new render (camera azimuth): rendering and inference both matter. */
    private static final String CAMERA = """
            {
              "name": "bench-spark-camera",
              "seed": 3,
              "objects": ["all"],
              "views": %d,
              "models": ["standard", "adversarial"],
              "vary": [{"perturbation": "camera.cameraPerturbation", "parameter": "azimuth", "from": -140, "to": 140,
                        "steps": 8}],
              "design": "grid",
              "metrics": ["top1", "true-class-probability"],
              "output": "results/camera"
            }
            """;
    /** Image perturbation only (fade to black): one render per object and view serves every level. */
    private static final String IMAGE = """
            {
              "name": "bench-spark-image",
              "seed": 7,
              "objects": ["all"],
              "views": %d,
              "models": ["standard", "adversarial"],
              "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 0.9,
                        "steps": 8}],
              "design": "grid",
              "metrics": ["top1", "true-class-probability"],
              "output": "results/image"
            }
            """;

    private SparkBenchmark() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Throwable e) {
            System.err.println("bench spark: failed: " + SparkSweep.firstLine(e));
            code = EXIT_FAILED;
        }
        PerturberRuntime.shutdown();
        System.out.flush();
        System.exit(code);
    }

    record Options(int runs, int views, String master, int tasks) {
    }

    static Options parse(String[] args, PrintStream err) {
        int runs = 5;
        int views = 12;
        int tasks = 200;
        String master = "local[2]";
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length || !List.of("--runs", "--views", "--master", "--tasks").contains(a)) {
                problems.add(List.of("--runs", "--views", "--master", "--tasks").contains(a) ? a + " needs a value"
                        : "unknown argument " + a);
                continue;
            }
            String value = args[++i];
            if (a.equals("--master")) {
                master = value;
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                problems.add(a + " " + value + ": a whole number, at least 1");
            }
            switch (a) {
            case "--runs" -> runs = n;
            case "--views" -> views = n;
            default -> tasks = n;
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("bench spark: " + p));
            return null;
        }
        return new Options(runs, views, master, tasks);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Options o = parse(args, err);
        if (o == null) {
            return EXIT_BAD_INPUT;
        }
        String home = System.getProperty("perturber.install", System.getenv("PERTURBER_HOME"));
        if (home == null) {
            err.println("bench spark: no Perturber product named (-Dperturber.install or PERTURBER_HOME)");
            return EXIT_BAD_INPUT;
        }
        PerturberRuntime runtime = PerturberRuntime.get(Path.of(home).toAbsolutePath().normalize(), System
                .getProperty("perturber.models"));
        // every Spark session of this JVM (the sweeps' own too) reports its tasks to the clock
        System.setProperty("spark.extraListeners", TaskClock.class.getName());
        Matcher local = Pattern.compile("local\\[(\\d+)\\]").matcher(o.master());
        TaskClock.firstWave = local.matches() ? Integer.parseInt(local.group(1)) : Runtime.getRuntime()
                .availableProcessors();
        Path dir = Files.createTempDirectory("perturber-bench-spark-");
        try {
            LocalRunner runner = new LocalRunner(runtime);
            out.printf(Locale.ROOT, "# %d cores; Spark master %s; the local runner and Spark alternate run by run, "
                    + "%d timed runs each after one untimed; a run's time is between its 0-done and all-done progress "
                    + "lines%n", Runtime.getRuntime().availableProcessors(), o.master(), o.runs());
            Timings emptyTask = emptyTasks(o, out);
            compare("camera", CAMERA, dir, o, runner, emptyTask, out);
            compare("image", IMAGE, dir, o, runner, emptyTask, out);
            return 0;
        } catch (BenchFailure e) {
            err.println("bench spark: " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            deleteTree(dir);
        }
    }

    /** A command's run that did not end with exit 0: its output, for the reason. */
    private static final class BenchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BenchFailure(String message) {
            super(message);
        }
    }

    /**
     * One spec, both runners, alternating; prints the BENCH lines (time per sample of each; Spark's time around each
     * task's chunk, against an empty task's) and the samples/s.
     */
    private static void compare(String name, String template, Path dir, Options o, LocalRunner local,
            Timings emptyTask, PrintStream out) throws Exception {
        Path spec = dir.resolve(name + ".json");
        Files.writeString(spec, String.format(Locale.ROOT, template, o.views()));
        Timings localTimes = new Timings();
        Timings sparkTimes = new Timings();
        Timings around = new Timings();
        Timings localWhole = new Timings();
        Timings sparkWhole = new Timings();
        Timings session = new Timings();
        List<TaskClock.Totals> totals = new ArrayList<>();
        int samples = 0;
        for (int r = 0; r <= o.runs(); r++) {
            // a new output folder per run: every run a fresh sweep, its executors' runners opened by its first tasks
            Path localOut = dir.resolve("out").resolve(name + "-local-" + r);
            Path sparkOut = dir.resolve("out").resolve(name + "-spark-" + r);
            Timed l = timed("local runner", lines -> local.sweep(new String[] { spec.toString(), "--output", localOut
                    .toString() }, lines));
            TaskClock.take();
            Timed s = timed("Spark " + o.master(), lines -> SparkSweep.run(new String[] { "--spark", o.master(), spec
                    .toString(), "--output", sparkOut.toString() }, lines, lines));
            TaskClock.Totals t = TaskClock.take();
            samples = l.samples();
            if (r > 0) { // the first run of each loads models and classes: untimed
                localTimes.add(l.msPerSample());
                sparkTimes.add(s.msPerSample());
                totals.add(t);
                around.add((double) (t.lifeMs() - t.runMs()) / t.tasks());
                localWhole.add(l.wholeMs());
                sparkWhole.add(s.wholeMs());
                session.add(s.sessionMs());
            }
            deleteTree(localOut);
            deleteTree(sparkOut);
        }
        out.println(localTimes.line("spark_bench_" + name + "_local_runner_per_sample", null));
        out.println(sparkTimes.line("spark_bench_" + name + "_spark_per_sample", localTimes));
        out.println(around.line("spark_bench_" + name + "_task_overhead", emptyTask));
        double localRate = 1000 / localTimes.median();
        double sparkRate = 1000 / sparkTimes.median();
        out.printf(Locale.ROOT, "# %s sweep (%d samples x 2 models, %d chunks): local runner %.1f samples/s, Spark %s "
                + "%.1f samples/s = %.2fx the local runner (goal: 0.9x)%n", name, samples, (samples + SWEEP_CHUNK - 1) / SWEEP_CHUNK,
                localRate, o.master(), sparkRate, sparkRate / localRate);
        long tasks = totals.stream().mapToLong(TaskClock.Totals::tasks).sum();
        long life = totals.stream().mapToLong(TaskClock.Totals::lifeMs).sum();
        long run = totals.stream().mapToLong(TaskClock.Totals::runMs).sum();
        long first = totals.stream().mapToLong(TaskClock.Totals::firstTasks).sum();
        long firstRun = totals.stream().mapToLong(TaskClock.Totals::firstRunMs).sum();
        double others = (double) (run - firstRun) / Math.max(1, tasks - first);
        double aroundMs = (double) (life - run) / tasks;
        out.printf(Locale.ROOT, "# %s sweep on Spark, %d tasks: %.1f ms a task running its chunk (the first of each "
                + "slot, which opens the executor's runner for this sweep: %.1f ms; the others: %.1f ms), %.1f ms "
                + "around it (deserializing %.1f ms, its result %.1f ms)%n", name, tasks, (double) run / tasks,
                (double) firstRun / Math.max(1, first), others, aroundMs, (double) totals.stream().mapToLong(
                        TaskClock.Totals::deserializeMs).sum() / tasks, (double) totals.stream().mapToLong(
                                TaskClock.Totals::resultMs).sum() / tasks);
        out.printf(Locale.ROOT, "# %s sweep, whole commands (reading and checking the spec, the samples, summary.csv "
                + "and plots; medians): local runner %.2f s, Spark %.2f s, of which %.2f s starting Spark's session%n",
                name, localWhole.median() / 1000, sparkWhole.median() / 1000, session.median() / 1000);
        // a long sweep: every slot busy with tasks after its first (the runner open once per executor)
        double steady = (others + aroundMs) / SWEEP_CHUNK / TaskClock.firstWave;
        out.printf(Locale.ROOT, "# %s sweep on Spark, steady state (tasks after each slot's first, slots always busy):"
                + " %.3f ms/sample = %.1f samples/s = %.2fx the local runner%n", name, steady, 1000 / steady,
                localTimes.median() / steady);
    }

    /**
     * Spark's own cost per task: jobs of empty tasks (each returning an empty chunk result) through the same
     * parallelize, map and runJob path as the sweep's tasks; a task's share of the slots' time, job by job.
     */
    private static Timings emptyTasks(Options o, PrintStream out) {
        SparkConf conf = new SparkConf().setAppName("Perturber bench spark").setMaster(o.master()).set(
                "spark.locality.wait", "0").setIfMissing("spark.ui.enabled", "false");
        if (!o.master().startsWith("local")) {
            conf.set("spark.jars", SparkBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toString());
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int slots = sc.sc().defaultParallelism();
            List<Integer> chunks = IntStream.range(0, o.tasks()).boxed().toList();
            Timings perTask = new Timings();
            int jobs = Math.max(5, o.runs() * 2);
            for (int j = -2; j < jobs; j++) { // two untimed jobs first
                JavaRDD<ChunkResult> results = sc.parallelize(chunks, chunks.size()).map(new EmptyChunk());
                int[] back = { 0 };
                long start = System.nanoTime();
                spark.sparkContext().runJob(results.rdd(), new FirstOfPartition(), (Object index, ChunkResult r) -> {
                    back[0]++;
                    return BoxedUnit.UNIT;
                }, ClassTag$.MODULE$.apply(ChunkResult.class));
                double ms = (System.nanoTime() - start) / 1e6;
                if (back[0] != chunks.size()) {
                    throw new IllegalStateException(back[0] + " of " + chunks.size() + " empty tasks came back");
                }
                if (j >= 0) {
                    perTask.add(ms * slots / chunks.size());
                }
            }
            out.println(perTask.line("spark_bench_empty_task_slot_ms", null));
            out.printf(Locale.ROOT, "# empty tasks: jobs of %d tasks on %d slots; a task's share of the slots' time "
                    + "(job time x slots / tasks)%n", chunks.size(), slots);
            return perTask;
        } finally {
            spark.stop();
        }
    }

    /** A task with no work: an empty chunk's result. */
    static final class EmptyChunk implements Function<Integer, ChunkResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public ChunkResult call(Integer chunk) {
            return new ChunkResult(chunk, List.of(), List.of(), "", 0, 0);
        }
    }

    /** The local runner: {@code releng/perturber sweep}'s own entry point in the product's runtime. */
    private static final class LocalRunner {
        private final Method run;
        private final ClassLoader loader;

        LocalRunner(PerturberRuntime runtime) throws Exception {
            Object driver = runtime.newDriver(System.out, System.err);
            loader = driver.getClass().getClassLoader();
            Class<?> application = loader.loadClass("org.perturber.headless.SweepApplication");
            run = application.getMethod("run", String[].class, PrintStream.class, PrintStream.class,
                    BooleanSupplier.class);
        }

        int sweep(String[] args, PrintStream lines) throws Exception {
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                BooleanSupplier never = () -> false;
                return (int) run.invoke(null, args, lines, lines, never);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                Thread.currentThread().setContextClassLoader(before);
            }
        }
    }

    /** A command to time: its exit code, its output going to {@code lines}. */
    private interface Command {
        int run(PrintStream lines) throws Exception;
    }

    /**
     * A timed run: samples swept, the time from its 0-done progress line to its all-done one, the whole command's
     * and (Spark) from its first line to the tasks' submission (the Spark session's start).
     */
    record Timed(int samples, double ms, double wholeMs, double sessionMs) {
        double msPerSample() {
            return ms / samples;
        }
    }

    private static Timed timed(String what, Command command) throws Exception {
        LineClock clock = new LineClock();
        int code;
        try (PrintStream lines = new PrintStream(clock, true, StandardCharsets.UTF_8)) {
            code = command.run(lines);
        }
        if (code != 0 || clock.start == 0 || clock.end == 0) {
            throw new BenchFailure(what + " ended with exit " + code + (clock.end == 0 ? " before its last sample"
                    : "") + ":\n" + clock.text().strip());
        }
        return new Timed(clock.total - clock.startDone, (clock.end - clock.start) / 1e6, (System.nanoTime()
                - clock.created) / 1e6, clock.tasksAt == 0 ? 0 : (clock.tasksAt - clock.first) / 1e6);
    }

    /** The command's output, each progress line's time noted as it is written. */
    private static final class LineClock extends OutputStream {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        final long created = System.nanoTime();
        long first;
        long tasksAt;
        long start;
        long end;
        int startDone;
        int total;

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b != '\n') {
                line.write(b);
                return;
            }
            long now = System.nanoTime();
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (first == 0) {
                first = now;
            }
            if (tasksAt == 0 && text.contains("chunks to run as Spark tasks")) {
                tasksAt = now;
            }
            Matcher m = PROGRESS.matcher(text);
            if (m.find()) {
                int done = Integer.parseInt(m.group(1));
                total = Integer.parseInt(m.group(2));
                if (start == 0) {
                    start = now;
                    startDone = done;
                }
                if (done == total && end == 0) {
                    end = now;
                }
            }
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    /** Samples in milliseconds, printed as the project's BENCH lines. */
    static final class Timings {
        private final List<Double> samples = new ArrayList<>();

        void add(double ms) {
            samples.add(ms);
        }

        double median() {
            return percentile(50);
        }

        double p95() {
            return percentile(95);
        }

        private double percentile(double p) {
            double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        /** {@code BENCH name median_ms=.. p95_ms=.. [floor_ms=.. ratio=..] n=..}; null floor: none applies. */
        String line(String name, Timings floor) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "BENCH %s median_ms=%.3f p95_ms=%.3f",
                    name, median(), p95()));
            if (floor != null) {
                b.append(String.format(Locale.ROOT, " floor_ms=%.3f ratio=%.2f", floor.median(), median() / floor
                        .median()));
            }
            return b.append(" n=").append(samples.size()).toString();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
