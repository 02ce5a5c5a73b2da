package org.perturber.headless;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.perturber.core.perturbation.TimeBudgets;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.core.session.SessionReferences;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/**
 * The Perturber side of a sweep run on a cluster (Apache Spark, releng/org.perturber.spark): the same arguments,
 * checks, runner, chunks, results folder and report as {@code releng/perturber sweep}, split into what the driver
 * does (read and check everything, name the chunks still to run, write the rows that come back in chunk order, then
 * the summary and plots) and what an executor does ({@link #runChunk}: one chunk's rows). Rows are only ever appended
 * in chunk order, whole chunks at a time, so a stopped run resumes by the local rule, on the cluster or locally.
 * Called by reflection from outside the OSGi framework: every public method takes and returns JDK types only.
 */
public final class DistributedSweep implements AutoCloseable {
    /** Ready to run: what {@link #open} returns when nothing stopped it. */
    public static final int READY = -1;

    private final PrintStream out;
    private final PrintStream err;
    private SweepApplication.Arguments arguments;
    private SweepApplication.Opened opened;
    private SweepResults results;
    private TimeBudgets budgetsBefore;
    /** The first chunk not yet in samples.csv, and those that came back before it. */
    private int next;
    private final TreeMap<Integer, List<List<String>>> waiting = new TreeMap<>();
    private final Set<String> told = new LinkedHashSet<>();
    private SweepRunner.Listener listener;
    private long started;
    private long lastProgress;
    private int samplesAtStart;
    private int samplesDone;

    public DistributedSweep(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Reads and checks the sweep the arguments describe (the command line of {@code sweep}, without the cluster's
     * options), loads its models, checks meshes and layers, and opens its output folder, resuming what is there:
     * everything that can be wrong is told here, one line each, before any task is shipped.
     *
     * @return {@link #READY}, or the exit code of {@code sweep} (0 after --help, 2 bad input, 3 failed)
     */
    public int open(String[] args) throws InterruptedException {
        int[] exit = { 0 };
        arguments = SweepApplication.parse(args, out, err, exit);
        if (arguments == null) {
            return exit[0];
        }
        budgetsBefore = TimeBudgets.current();
        TimeBudgets.setCurrent(arguments.budgets(budgetsBefore));
        try {
            opened = SweepApplication.open(arguments, err);
            if (opened == null) {
                return SweepApplication.EXIT_BAD_INPUT;
            }
            SweepApplication.announce(opened, out);
            opened.runner().prepare();
            listener = SweepApplication.listener(out);
            opened.runner().reportMissing(listener);
            results = opened.runner().open(arguments.fresh);
            next = results.completedChunks();
            samplesAtStart = samplesBefore(next);
            samplesDone = samplesAtStart;
            return READY;
        } catch (SweepSpecException e) {
            e.problems().forEach(p -> err.println("sweep: " + p));
            return SweepApplication.EXIT_BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            return SweepApplication.failed(e, err);
        }
    }

    /** Chunks of the whole plan. */
    public int chunks() {
        return opened.runner().chunks();
    }

    /** The chunks still to run, in order: those after the ones an earlier run wrote. */
    public List<Integer> pending() {
        List<Integer> pending = new ArrayList<>();
        for (int c = next; c < chunks(); c++) {
            pending.add(c);
        }
        return pending;
    }

    /** Samples a chunk holds (for the progress a task makes). */
    public int samplesIn(int chunk) {
        return opened.runner().samplesIn(chunk);
    }

    /** The folder the spec (or session) file is in: what the executors' copies of the inputs are relative to. */
    public String base() {
        return file().toAbsolutePath().normalize().getParent().toString();
    }

    /**
     * The files and folders an executor reads to run this sweep beyond its own installation (absolute paths): the
     * spec or session file, the model folders that are not the installation's built-in ones, the folders of mesh
     * files (an OBJ's materials and textures lie beside it) and what a session names. What a cluster ships to its
     * executors when they do not share the driver's files.
     */
    public List<String> inputs() throws IOException {
        Set<Path> inputs = new LinkedHashSet<>();
        Path file = file().toAbsolutePath().normalize();
        inputs.add(file);
        Path builtins = Path.of(System.getProperty("perturber.models", "models")).toAbsolutePath().normalize();
        for (SweepSpec.SweepModel m : opened.spec().models()) {
            Path dir = m.directory().toAbsolutePath().normalize();
            if (!dir.startsWith(builtins)) {
                inputs.add(dir);
            }
        }
        for (SweepSpec.SweepObject o : opened.spec().objects()) {
            if (o.mesh().kind() == MeshRef.Kind.FILE) {
                inputs.add(Path.of(o.mesh().id()).toAbsolutePath().normalize().getParent());
            }
        }
        if (arguments.session != null) {
            ContributionRegistry registry = Services.await(ContributionRegistry.class, java.time.Duration.ofSeconds(
                    30));
            for (SessionReferences.Reference r : SessionReferences.of(SessionFile.read(arguments.session),
                    registry)) {
                Path p = file.getParent().resolve(r.path()).normalize();
                if (Files.exists(p) && !p.startsWith(builtins)) {
                    inputs.add(p);
                }
            }
        }
        // a spec's output folder is never an input, nor anything under it
        Path output = opened.spec().output().toAbsolutePath().normalize();
        return inputs.stream().filter(p -> !p.startsWith(output)).map(Path::toString).toList();
    }

    /**
     * The arguments an executor runs with: these, with the spec (or session) file named by an absolute path, or,
     * when {@code base} is given, by the same relative path under {@code base} (where the executor finds its copy of
     * the inputs); --models and --output by absolute paths (an executor's working folder is its own). The output
     * folder is only named: executors never write it.
     */
    public List<String> workerArguments(String[] args, String base) {
        Path here = Path.of(base());
        Path spec = file();
        List<String> rewritten = new ArrayList<>();
        String option = null;
        for (String arg : args) {
            if (option != null) {
                rewritten.add(Path.of(arg).toAbsolutePath().normalize().toString());
                option = null;
            } else if (List.of("--models", "--output", "--out").contains(arg)) {
                rewritten.add(arg);
                option = arg;
            } else if (arg.startsWith("--models=") || arg.startsWith("--output=") || arg.startsWith("--out=")) {
                int eq = arg.indexOf('=');
                rewritten.add(arg.substring(0, eq + 1) + Path.of(arg.substring(eq + 1)).toAbsolutePath().normalize());
            } else if (arg.equals(spec.toString())) {
                Path absolute = spec.toAbsolutePath().normalize();
                rewritten.add(base == null ? absolute.toString() : Path.of(base).resolve(here.relativize(absolute))
                        .toString());
            } else {
                rewritten.add(arg);
            }
        }
        return rewritten;
    }

    /** Starts the clock of samples/s and time left (when the tasks are submitted). */
    public void begin() {
        started = System.nanoTime();
        lastProgress = started;
        out.println("sweep: " + new SweepRunner.Progress(samplesDone, opened.runner().plan().size(), 0, Double.NaN)
                + ", " + next + "/" + chunks() + " chunks");
    }

    /**
     * A chunk's rows as an executor returned them, and its problems: written as soon as every chunk before it is,
     * then the progress. A chunk that came back before (a task run twice) is ignored: rows are written once.
     */
    public synchronized void accept(int chunk, List<List<String>> rows, List<String> problems) throws IOException {
        for (String p : problems) {
            if (told.add(p)) {
                listener.problem(p);
            }
        }
        if (chunk < next || waiting.containsKey(chunk)) {
            return;
        }
        if (rows.size() > opened.runner().rowsPerChunk() || rows.stream().anyMatch(r -> r.size() != results.header()
                .size())) {
            throw new IOException("chunk " + chunk + " came back with rows that do not fit samples.csv's header");
        }
        waiting.put(chunk, rows);
        while (waiting.containsKey(next)) {
            results.append(waiting.remove(next));
            samplesDone += samplesIn(next);
            next++;
        }
        int total = opened.runner().plan().size();
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = (samplesDone - samplesAtStart) / Math.max(1e-9, seconds);
        long now = System.nanoTime();
        if (now - lastProgress > 2e9 || next == chunks()) { // every 2 s and at the end, as a local run
            lastProgress = now;
            // no rate before the first whole chunk is written (chunks may come back out of order): time left unknown
            out.println("sweep: " + new SweepRunner.Progress(samplesDone, total, rate, rate == 0 ? Double.NaN
                    : (total - samplesDone) / Math
                    .max(1e-9, rate)) + ", " + next + "/" + chunks() + " chunks");
        }
    }

    /** The output folder (absolute). */
    public String output() {
        return opened.spec().output().toAbsolutePath().normalize().toString();
    }

    /** Chunks written to samples.csv so far (those before the first missing one). */
    public synchronized int written() {
        return next;
    }

    /**
     * After the tasks: the summary, plots and report when every chunk is written, else the stopped line (the run
     * resumes from the chunks written); the exit code of {@code sweep}.
     */
    public int finish() {
        try {
            results.close();
            results = null;
            Summary summary = next == chunks() ? opened.runner().finish() : null;
            return SweepApplication.report(opened, summary, out, err);
        } catch (IOException | RuntimeException e) {
            return SweepApplication.failed(e, err);
        }
    }

    @Override
    public void close() throws IOException {
        if (results != null) {
            results.close();
            results = null;
        }
        if (budgetsBefore != null) {
            TimeBudgets.setCurrent(budgetsBefore);
        }
    }

    private Path file() {
        return arguments.spec != null ? arguments.spec : arguments.session;
    }

    private int samplesBefore(int chunk) {
        int n = 0;
        for (int c = 0; c < chunk; c++) {
            n += samplesIn(c);
        }
        return n;
    }

    /**
     * An executor JVM's runners of one sweep (by the arguments they were opened with): those ready for another
     * chunk, their models and meshes loaded, and the first one opened, whose cache of renders the later ones share.
     */
    private static final class Pool {
        final ConcurrentLinkedQueue<SweepRunner> free = new ConcurrentLinkedQueue<>();
        SweepRunner first;
    }

    private static final Map<List<String>, Pool> POOLS = new ConcurrentHashMap<>();
    /** Runners this JVM opened (each loaded the models and checked the meshes): what a task reports. */
    private static final java.util.concurrent.atomic.AtomicInteger OPENED = new java.util.concurrent.atomic
            .AtomicInteger();

    /**
     * An executor's task: chunk {@code chunk} of the sweep these arguments describe, with this JVM's models and
     * meshes (loaded by the first chunk, kept for the next ones; each concurrent task has its own runner).
     *
     * @return the problems met (one line each), then one line: the number of runners this JVM has opened (each
     *         loaded the models and checked the meshes; the others reuse them), then the rows (samples.csv's cells):
     *         lists of strings alone cross into the cluster's serialization
     * @throws IllegalStateException with the reason when the sweep cannot be read or run here
     */
    public static List<List<String>> runChunk(List<String> args, int chunk) throws InterruptedException {
        Pool pool = POOLS.computeIfAbsent(List.copyOf(args), k -> new Pool());
        SweepRunner runner = pool.free.poll();
        try {
            if (runner == null) {
                runner = openRunner(args, pool);
                OPENED.incrementAndGet();
            }
            List<String> problems = new ArrayList<>();
            SweepRunner.Listener collect = new SweepRunner.Listener() {
                @Override
                public void progress(SweepRunner.Progress progress) {
                }

                @Override
                public void problem(String message) {
                    problems.add(message);
                }
            };
            List<List<String>> rows = runner.chunk(chunk, () -> Thread.currentThread().isInterrupted(), collect);
            if (rows == null) {
                throw new InterruptedException("chunk " + chunk + " cancelled");
            }
            List<List<String>> answer = new ArrayList<>();
            answer.add(new ArrayList<>(problems));
            answer.add(new ArrayList<>(List.of(Integer.toString(OPENED.get()))));
            rows.forEach(r -> answer.add(new ArrayList<>(r)));
            pool.free.offer(runner);
            return answer;
        } catch (SweepSpecException e) {
            throw new IllegalStateException(String.join("; ", e.problems()));
        }
    }

    private static SweepRunner openRunner(List<String> args, Pool pool) throws SweepSpecException, InterruptedException {
        ByteArrayOutputStream told = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(told, true, StandardCharsets.UTF_8);
        int[] exit = { 0 };
        SweepApplication.Arguments a = SweepApplication.parse(args.toArray(String[]::new), quiet, quiet, exit);
        if (a == null) {
            throw new IllegalStateException("sweep arguments refused on the executor: " + told.toString(
                    StandardCharsets.UTF_8).strip());
        }
        // the budgets of the driver's command line (one JVM per executor: set once, as the command would)
        TimeBudgets.setCurrent(a.budgets(TimeBudgets.current()));
        try {
            SweepApplication.Opened o = SweepApplication.open(a, quiet);
            if (o == null) {
                throw new IllegalStateException(told.toString(StandardCharsets.UTF_8).strip());
            }
            synchronized (pool) {
                if (pool.first == null) {
                    pool.first = o.runner();
                } else {
                    o.runner().shareRenders(pool.first);
                }
            }
            o.runner().prepare();
            return o.runner();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sweep on the executor: " + e.getMessage());
        }
    }
}
