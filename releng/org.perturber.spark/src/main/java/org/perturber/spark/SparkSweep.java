package org.perturber.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * {@code releng/perturber sweep --spark MASTER SPEC}, and the main class of the spark-submit-able jar: the same sweep
 * as {@code releng/perturber sweep SPEC}, its chunks run as Spark tasks. The driver's own Perturber runtime reads and
 * checks the spec (every error before a task is shipped), names the chunks still to run and writes the rows that
 * come back, in chunk order, into the same samples.csv, then the same summary, plots and report; each executor's
 * runtime runs chunks with the local runner's code ({@link ChunkTask}). Spark retries a failed task; a chunk's rows
 * are written once (the first answer), so a retry neither loses nor duplicates a row.
 */
public final class SparkSweep {
    static final String USAGE = """
            Usage: releng/perturber sweep --spark MASTER [--format csv|parquet] [--inputs ship|shared]
                       [--perturber-home DIR] [--executor-perturber-home DIR] SPEC [sweep options]
              or:  spark-submit --master MASTER --class org.perturber.spark.SparkSweep perturber-spark.jar \\
                       --perturber-home DIR SPEC [sweep options]

            Runs the sweep SPEC (or --session FILE --vary ...) with its chunks as Apache Spark tasks: the same
            samples.csv, summary.csv and plots as a local run (releng/perturber sweep), resumed the same way.
              --spark MASTER        local[N], spark://HOST:PORT, k8s://..., yarn (spark-submit: its --master)
              --format parquet      also write samples.parquet and summary.parquet (folders) beside the CSV
              --inputs ship         send the spec, its model folders and mesh folders to the executors with
                                    Spark (the default for a cluster)
              --inputs shared       the executors read them at the driver's paths (the default for local[N])
              --perturber-home DIR  the Perturber product the driver runs (default: the launcher's)
              --executor-perturber-home DIR  where executors find it (default: the same path; a relative path
                                    is one Spark unpacked: spark-submit --archives perturber.tar.gz#perturber)
            Every other option is the sweep's (releng/perturber sweep --help).
            """;
    private static final int EXIT_BAD_INPUT = 2;
    private static final int EXIT_FAILED = 3;
    private static final int READY = -1;

    private SparkSweep() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Throwable e) {
            System.err.println("sweep: failed: " + firstLine(e));
            code = EXIT_FAILED;
        }
        PerturberRuntime.shutdown();
        System.out.flush();
        System.exit(code);
    }

    /** The cluster's options, and the sweep's arguments (everything else). */
    record Options(String master, boolean parquet, String inputs, Path home, String executorHome, List<String> sweep) {
        boolean local() {
            return master == null || master.startsWith("local");
        }

        boolean ship() {
            return inputs != null ? inputs.equals("ship") : !local();
        }
    }

    /** Parses the cluster's options; null after one line per problem on {@code err}. */
    static Options parse(String[] args, PrintStream err) {
        String master = null;
        boolean parquet = false;
        String inputs = null;
        String home = System.getProperty("perturber.install", System.getenv("PERTURBER_HOME"));
        String executorHome = null;
        List<String> sweep = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
            case "--spark", "--format", "--inputs", "--perturber-home", "--executor-perturber-home" -> {
                if (value == null) {
                    problems.add(a + " needs a value");
                    continue;
                }
                i++;
                switch (a) {
                case "--spark" -> master = value;
                case "--format" -> {
                    if (!List.of("csv", "parquet").contains(value)) {
                        problems.add("--format " + value + ": csv or parquet");
                    }
                    parquet = value.equals("parquet");
                }
                case "--inputs" -> {
                    if (!List.of("ship", "shared").contains(value)) {
                        problems.add("--inputs " + value + ": ship or shared");
                    }
                    inputs = value;
                }
                case "--perturber-home" -> home = value;
                default -> executorHome = value;
                }
            }
            default -> sweep.add(a);
            }
        }
        if (home == null) {
            problems.add("give --perturber-home DIR: the Perturber product to run (a folder with plugins/)");
        }
        if (master == null && System.getProperty("spark.master") == null) {
            problems.add("give --spark MASTER (local[2], spark://HOST:7077, ...), or start with spark-submit --master");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("sweep: " + p));
            return null;
        }
        if (master == null) {
            master = System.getProperty("spark.master");
        }
        return new Options(master, parquet, inputs, Path.of(home).toAbsolutePath().normalize(), executorHome, sweep);
    }

    /** The whole command; its exit code (those of {@code releng/perturber sweep}). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(USAGE);
            return args.length == 0 ? EXIT_BAD_INPUT : 0;
        }
        Options o = parse(args, err);
        if (o == null) {
            return EXIT_BAD_INPUT;
        }
        PerturberRuntime runtime;
        try {
            runtime = PerturberRuntime.get(o.home(), System.getProperty("perturber.models"));
        } catch (IOException e) {
            err.println("sweep: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        Object driver = runtime.newDriver(out, err);
        String[] sweepArgs = o.sweep().toArray(String[]::new);
        try {
            int code = (int) runtime.invoke(driver, "open", new Class<?>[] { String[].class }, (Object) sweepArgs);
            if (code != READY) {
                return code;
            }
            @SuppressWarnings("unchecked")
            List<Integer> pending = (List<Integer>) runtime.invoke(driver, "pending", new Class<?>[0]);
            Path zip = null;
            if (o.ship() && !pending.isEmpty()) {
                zip = pack(runtime, driver, err);
                if (zip == null) {
                    return EXIT_BAD_INPUT;
                }
            }
            @SuppressWarnings("unchecked")
            List<String> workerArgs = (List<String>) runtime.invoke(driver, "workerArguments", new Class<?>[] {
                    String[].class, String.class }, sweepArgs, o.ship() ? ChunkTask.INPUTS : null);
            SparkSession spark = null;
            try {
                try {
                    if (!pending.isEmpty() || o.parquet()) {
                        spark = session(o);
                    }
                    if (!pending.isEmpty() && !runTasks(spark, o, zip, workerArgs, pending, runtime, driver, out,
                            err)) {
                        runtime.invoke(driver, "finish", new Class<?>[0]);
                        return EXIT_FAILED;
                    }
                } catch (IllegalStateException e) {
                    if (spark == null || !spark.sparkContext().isStopped()) {
                        throw e;
                    }
                    err.println("sweep: failed on Spark: " + stopped(o));
                    runtime.invoke(driver, "finish", new Class<?>[0]);
                    return EXIT_FAILED;
                }
                code = (int) runtime.invoke(driver, "finish", new Class<?>[0]);
                if (o.parquet() && (code == 0 || code == 4)) {
                    String output = (String) runtime.invoke(driver, "output", new Class<?>[0]);
                    writeParquet(spark, Path.of(output), out);
                }
                return code;
            } finally {
                if (spark != null) {
                    spark.stop();
                }
                if (zip != null) {
                    Files.deleteIfExists(zip);
                }
            }
        } finally {
            runtime.invoke(driver, "close", new Class<?>[0]);
        }
    }

    /** The inputs' zip, or null after a line saying which input cannot be shipped. */
    private static Path pack(PerturberRuntime runtime, Object driver, PrintStream err) throws Exception {
        @SuppressWarnings("unchecked")
        List<String> inputs = (List<String>) runtime.invoke(driver, "inputs", new Class<?>[0]);
        Path base = Path.of((String) runtime.invoke(driver, "base", new Class<?>[0]));
        Path zip = Files.createTempFile("perturber-inputs-", ".zip");
        try {
            Inputs.pack(base, inputs.stream().map(Path::of).toList(), zip);
            return zip;
        } catch (IllegalArgumentException e) {
            Files.deleteIfExists(zip);
            err.println("sweep: cannot ship the inputs to the executors: " + e.getMessage() + "; use --inputs shared "
                    + "when every executor reads the driver's paths");
            return null;
        }
    }

    private static SparkSession session(Options o) {
        SparkConf conf = new SparkConf().setAppName("Perturber sweep").setMaster(o.master())
                // nothing is near any data: a task starts at once wherever a core is free
                .set("spark.locality.wait", "0")
                // every task's rows come back to the driver, which writes them to disk as they come: Spark's cap on
                // a job's results in the driver's memory (1 GiB) would stop a sweep of some millions of rows
                .setIfMissing("spark.driver.maxResultSize", "0")
                // what the launcher gives the product's processes (releng/lib/launch.sh): executors render
                // without a display, through Mesa's EGL surfaceless platform
                .setIfMissing("spark.executorEnv.EGL_PLATFORM", "surfaceless")
                .setIfMissing("spark.executorEnv.KMP_BLOCKTIME", env("KMP_BLOCKTIME", "0"))
                .setIfMissing("spark.executorEnv.ONEDNN_MAX_CPU_ISA", env("ONEDNN_MAX_CPU_ISA", "AVX"))
                .setIfMissing("spark.executorEnv.TORCH_CPP_LOG_LEVEL", env("TORCH_CPP_LOG_LEVEL", "ERROR"));
        if (o.local()) {
            conf.setIfMissing("spark.ui.enabled", "false");
        } else if (!conf.contains("spark.jars")) {
            // started by the launcher rather than spark-submit: the executors need this jar (ChunkTask)
            conf.set("spark.jars", SparkSweep.class.getProtectionDomain().getCodeSource().getLocation().toString());
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    /**
     * One task per chunk still to run; each chunk's answer is handed to the driver as it comes (so rows reach the
     * disk while the job runs, in chunk order). False after a line saying why the job failed.
     */
    private static boolean runTasks(SparkSession spark, Options o, Path zip, List<String> workerArgs,
            List<Integer> pending, PerturberRuntime runtime, Object driver, PrintStream out, PrintStream err)
            throws Exception {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (zip != null) {
            sc.sc().addArchive(zip.toUri() + "#" + ChunkTask.ARCHIVE);
        }
        String executorHome = o.executorHome() != null ? o.executorHome() : o.home().toString();
        JavaRDD<ChunkResult> results = sc.parallelize(pending, pending.size()).map(new ChunkTask(executorHome, System
                .getProperty("perturber.models"), workerArgs));
        out.printf(Locale.ROOT, "sweep: %d chunks to run as Spark tasks on %s (%s inputs)%n", pending.size(),
                o.master(), o.ship() ? "shipped" : "shared");
        runtime.invoke(driver, "begin", new Class<?>[0]);
        Exception[] handlerFailure = { null };
        java.util.Map<String, int[]> jvms = new java.util.TreeMap<>();
        int[] tasks = { 0 };
        try {
            spark.sparkContext().runJob(results.rdd(), new FirstOfPartition(), (Object index, ChunkResult r) -> {
                tasks[0]++;
                int[] seen = jvms.computeIfAbsent(r.jvm(), k -> new int[2]);
                seen[0] = Math.max(seen[0], r.runtimeStarts());
                seen[1] = Math.max(seen[1], r.runnersOpened());
                try {
                    runtime.invoke(driver, "accept", new Class<?>[] { int.class, List.class, List.class }, r.chunk(),
                            r.rows(), r.problems());
                } catch (Exception e) {
                    handlerFailure[0] = e;
                    throw new IllegalStateException(e);
                }
                return BoxedUnit.UNIT;
            }, ClassTag$.MODULE$.apply(ChunkResult.class));
            out.println(executors(tasks[0], jvms));
            return true;
        } catch (Exception e) {
            // a failed job (a task failed past its retries, or this handler failed) is a SparkException: checked,
            // though Scala's runJob declares none
            Throwable why = handlerFailure[0] != null ? handlerFailure[0] : e;
            err.println("sweep: failed on Spark: " + (handlerFailure[0] == null && spark.sparkContext().isStopped()
                    ? stopped(o) : firstLine(why)));
            return false;
        }
    }

    /**
     * Where the tasks ran: JVMs, Perturber's starts and the runners opened (each loads the models and checks the
     * meshes once), e.g. "sweep: 12 tasks ran in 2 executor JVMs: Perturber started once in each; 2 sweep runners
     * opened (models and meshes loaded with them), reused by the other 10 tasks".
     */
    static String executors(int tasks, java.util.Map<String, int[]> jvms) {
        int starts = jvms.values().stream().mapToInt(v -> v[0]).sum();
        int runners = jvms.values().stream().mapToInt(v -> v[1]).sum();
        boolean once = jvms.values().stream().allMatch(v -> v[0] <= 1);
        return String.format(Locale.ROOT, "sweep: %d tasks ran in %d executor JVM%s: Perturber started %s; %d sweep "
                + "runner%s opened (models and meshes loaded with them), reused by the other %d task%s", tasks, jvms
                        .size(), jvms.size() == 1 ? "" : "s", once ? "once in each" : starts + " times in all", runners, runners == 1 ? "" : "s",
                Math.max(0, tasks - runners), tasks - runners == 1 ? "" : "s");
    }

    /** samples.csv and summary.csv as Parquet folders (one part each), with the column types Spark infers. */
    private static void writeParquet(SparkSession spark, Path output, PrintStream out) {
        for (String name : List.of("samples", "summary")) {
            Path csv = output.resolve(name + ".csv");
            if (!Files.isRegularFile(csv)) {
                continue;
            }
            Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
            rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(output.resolve(name + ".parquet").toString());
        }
        out.println("sweep: wrote " + output.resolve("samples.parquet") + " and " + output.resolve("summary.parquet")
                + " (Parquet)");
    }

    /** Spark stopped the application itself: a master that never answered, or that gave up on it. */
    private static String stopped(Options o) {
        return "Spark stopped the application (is " + o.master() + " reachable, with workers that have free cores "
                + "and memory?); details in " + System.getProperty("perturber.sparkLog", "Spark's log");
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().lines().findFirst().orElse("");
    }
}
