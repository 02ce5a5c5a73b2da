package org.perturber.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sweep run on Apache Spark from the workbench: the launcher's Spark driver ({@code releng/perturber sweep --spark
 * MASTER ...}, or {@code bin/perturber} of an installed copy) as a child process, its output followed line by line.
 * The workbench never links Spark: its jars stay in the driver's own JVM. The launcher is found from the system
 * property {@code perturber.root} (which the launcher sets: the source tree, or the installed product's folder).
 */
public final class SparkDriver {
    /** How long a stopped driver gets to end after SIGTERM before it is killed. */
    private static final long GRACE_SECONDS = 15;
    /** The driver's progress line: {@code sweep: D/T samples (P%), R samples/s, M:SS left, C/N chunks}. */
    private static final Pattern PROGRESS = Pattern.compile("sweep: (\\d+)/(\\d+) samples \\((\\d+)%\\), "
            + "([0-9.]+|NaN|Infinity) samples/s, (-?\\d+):(\\d+) left, (\\d+)/(\\d+) chunks");
    private static final String PROBLEM = "sweep: problem (skipped, the sweep goes on): ";

    /** What the driver said of its progress. */
    public record Progress(int done, int total, double samplesPerSecond, long secondsLeft, int chunksDone,
            int chunks) {
        /** The line the view shows (as the driver prints it, without "sweep: "). */
        @Override
        public String toString() {
            boolean known = Double.isFinite(samplesPerSecond) && samplesPerSecond > 0; // not before a chunk is back
            String rate = known ? String.format(Locale.ROOT, "%.1f samples/s",
                    samplesPerSecond) : "samples/s not known yet";
            String left = !known || secondsLeft < 0 ? "time left not known yet" : String.format(Locale.ROOT,
                    "%d:%02d left", secondsLeft / 60, secondsLeft % 60);
            return String.format(Locale.ROOT, "%d/%d chunks, %d/%d samples (%.0f%%), %s, %s", chunksDone, chunks,
                    done, total, 100.0 * done / Math.max(1, total), rate, left);
        }

        public double fraction() {
            return total == 0 ? Double.NaN : (double) done / total;
        }

        /** A progress line of the driver, or null for any other line. */
        public static Progress parse(String line) {
            Matcher m = PROGRESS.matcher(line.strip());
            if (!m.matches()) {
                return null;
            }
            double rate = m.group(4).equals("NaN") || m.group(4).equals("Infinity") ? Double.NaN : Double.parseDouble(
                    m.group(4));
            long minutes = Long.parseLong(m.group(5));
            return new Progress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), rate, minutes < 0 ? -1
                    : minutes * 60 + Long.parseLong(m.group(6)), Integer.parseInt(m.group(7)), Integer.parseInt(m
                            .group(8)));
        }
    }

    /** What the view hears while the driver runs (on the driver's reader threads). */
    public interface Listener {
        void progress(Progress progress);

        /** A problem the sweep skipped and went on (the text after "problem ... goes on: "). */
        void problem(String message);

        /** Any other line of the driver's stdout that starts with "sweep" (what it runs, what it wrote). */
        default void said(String line) {
        }
    }

    /** How the driver ended: its exit code, and its stderr's "sweep:" lines (what went wrong, one line each). */
    public record Outcome(int exitCode, boolean stopped, List<String> errors, Path log) {
        /** Every chunk written: the results are complete (4: complete, with entries skipped). */
        public boolean done() {
            return !stopped && (exitCode == 0 || exitCode == 4);
        }

        /** One line saying what went wrong (for a run that is neither done nor stopped). */
        public String error() {
            String why = errors.isEmpty() ? "no reason given on its stderr" : String.join("; ", errors);
            return "the Spark driver ended with exit code " + exitCode + ": " + why + " (its whole output: " + log
                    + ")";
        }
    }

    private final Path launcher;
    private final Map<String, String> environment;

    /**
     * @param launcher the launcher script ({@link #launcher()})
     * @param environment variables the driver gets besides the workbench's own
     */
    public SparkDriver(Path launcher, Map<String, String> environment) {
        this.launcher = launcher;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The launcher beside the running workbench: {@code releng/perturber} of the source tree, or {@code bin/perturber}
     * of an installed copy, under {@code perturber.root}; null when there is none (the workbench was not started by
     * the launcher).
     */
    public static Path launcher() {
        String root = System.getProperty("perturber.root");
        if (root == null || root.isBlank()) {
            return null;
        }
        for (String name : List.of("releng/perturber", "bin/perturber")) {
            Path p = Path.of(root).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    public Path launcherPath() {
        return launcher;
    }

    /** The driver's command line: {@code LAUNCHER sweep --spark MASTER [--inputs MODE] ARGS...}. */
    public List<String> command(String master, String inputs, List<String> sweepArguments) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "sweep", "--spark", master));
        if (inputs != null && !inputs.isEmpty()) {
            command.addAll(List.of("--inputs", inputs));
        }
        command.addAll(sweepArguments);
        return command;
    }

    /**
     * Runs the driver to its end on the calling thread (a Job's), telling {@code listener} its progress; while
     * {@code stopped} turns true it ends the driver's processes gracefully (SIGTERM, then after
     * {@value #GRACE_SECONDS} s SIGKILL): the chunks written stay, and a later run resumes from them.
     *
     * @param log where the driver's whole output goes (stdout and stderr, its stack traces and Spark's log)
     */
    public Outcome run(List<String> command, Path log, BooleanSupplier stopped, Listener listener) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(launcher.getParent().toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        // a workbench quitting mid-sweep ends the driver too (SIGTERM: the chunks written stay)
        Thread onExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }, "Spark driver's end");
        Runtime.getRuntime().addShutdownHook(onExit);
        List<String> errors = new ArrayList<>();
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            Thread stdout = follow(process.getInputStream(), "stdout", out, line -> {
                Progress p = Progress.parse(line);
                if (p != null) {
                    listener.progress(p);
                } else if (line.startsWith(PROBLEM)) {
                    listener.problem(line.substring(PROBLEM.length()));
                } else if (line.startsWith("sweep")) {
                    listener.said(line);
                }
            });
            Thread stderr = follow(process.getErrorStream(), "stderr", out, line -> {
                if (line.startsWith("sweep: ") || line.startsWith("perturber: ")) {
                    synchronized (errors) {
                        errors.add(line);
                    }
                }
            });
            boolean stopping = false;
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (!stopping && stopped.getAsBoolean()) {
                    stopping = true;
                    stop(process);
                }
            }
            stdout.join(5000);
            stderr.join(5000);
            synchronized (errors) {
                return new Outcome(process.exitValue(), stopping, List.copyOf(errors), log);
            }
        } finally {
            if (process.isAlive()) { // this thread was interrupted: nothing may outlive the Job
                stop(process);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs
            }
        }
    }

    /**
     * Ends the driver and whatever it started (a build of the driver on first use, Spark's own children):
     * SIGTERM to each, so the JVM runs its shutdown hooks (Spark stops its context); SIGKILL to those still alive
     * after the grace period.
     */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        for (ProcessHandle p : tree) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static Thread follow(InputStream stream, String name, Writer log, java.util.function.Consumer<String> handler) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (log) {
                        log.write(line);
                        log.write('\n');
                        log.flush();
                    }
                    handler.accept(line);
                }
            } catch (IOException e) {
                // the stream ends with the process; what came is in the log
            }
        }, "Spark driver " + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
