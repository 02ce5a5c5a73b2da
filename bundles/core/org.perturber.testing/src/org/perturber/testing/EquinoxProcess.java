package org.perturber.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A second Equinox, started as a child process from the running test's own: the same bundles (the test runtime's
 * config.ini, copied into a private configuration area), the same install area and JDK, running one application.
 * Its stdout is read line by line as it comes (with the time each line arrived), its stderr goes to a file, and a
 * deadline bounds it: a child still running then is killed and the test fails with its output.
 */
public final class EquinoxProcess implements AutoCloseable {
    /** Exit status of a process killed by SIGKILL (128 + 9), as the JDK reports it on Linux. */
    public static final int KILLED = 137;
    /** Settings of the test runtime that must not reach the child (it runs its own application). */
    private static final List<String> NOT_INHERITED = List.of("eclipse.application", "eclipse.ignoreApp",
            "eclipse.product", "osgi.configuration.area", "osgi.instance.area");
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** A line of the child's stdout and when it arrived ({@link System#nanoTime()}). */
    public record Line(String text, long nanos) {
    }

    private final String name;
    private final Process process;
    private final long deadline;
    private final Duration timeout;
    private final Path stderr;
    private final Path configuration;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;

    private EquinoxProcess(String name, Process process, Duration timeout, Path configuration, Path stdout,
            Path stderr) {
        this.name = name;
        this.configuration = configuration;
        this.process = process;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.stderr = stderr;
        this.reader = new Thread(() -> read(stdout), "stdout of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code application} (an id of the extension point org.eclipse.core.runtime.applications) in a new
     * Equinox with the running test's bundles; its configuration, workspace and logs go to a new folder under
     * {@code work}.
     *
     * @param vmArgs JVM arguments besides those every child gets (headless AWT, DJL offline)
     * @param timeout how long the child may run: past it, it is killed and the waiting test fails
     */
    public static EquinoxProcess start(Path work, Duration timeout, List<String> vmArgs, String application,
            String... args) throws IOException {
        return start(work, null, timeout, vmArgs, application, args);
    }

    /**
     * As {@link #start(Path, Duration, List, String, String...)}, but in a copy of {@code warm}, the configuration
     * area of an earlier child that ended by itself: its bundles are already resolved and its natives extracted, so
     * the child starts sooner, and whatever happens to it (a kill) touches only its own copy.
     */
    public static EquinoxProcess start(Path work, Path warm, Duration timeout, List<String> vmArgs,
            String application, String... args) throws IOException {
        String name = "equinox-" + STARTED.incrementAndGet();
        Path dir = Files.createDirectories(work.resolve(name));
        Path configuration = dir.resolve("configuration");
        if (warm != null) {
            copy(warm, configuration);
        }
        Files.createDirectories(configuration);
        Properties config = testConfiguration();
        Path launcher = launcherJar(config);
        for (String key : NOT_INHERITED) {
            config.remove(key);
        }
        if (warm == null) {
            try (Writer w = Files.newBufferedWriter(configuration.resolve("config.ini"),
                    StandardCharsets.ISO_8859_1)) {
                config.store(w, "the test runtime's config.ini, for a child Equinox running " + application);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "-Dai.djl.offline=true"));
        command.addAll(vmArgs);
        command.addAll(List.of("-jar", launcher.toString(), "-configuration", configuration.toString(), "-install",
                area("osgi.install.area").toString(), "-data", dir.resolve("workspace").toString(), "-nosplash",
                "-consoleLog", "-application", application));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile()).start();
        return new EquinoxProcess(name, p, timeout, configuration, stdout, stderr);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** This child's configuration area (to start others from, once it has ended by itself). */
    public Path configuration() {
        return configuration;
    }

    /** The running test's config.ini (its bundles, framework and install area). */
    private static Properties testConfiguration() throws IOException {
        Path ini = area("osgi.configuration.area").resolve("config.ini");
        Properties config = new Properties();
        try (Reader r = Files.newBufferedReader(ini, StandardCharsets.ISO_8859_1)) {
            config.load(r);
        }
        return config;
    }

    /** A folder named by a system property of the running Equinox (a file: URL). */
    private static Path area(String property) {
        String url = System.getProperty(property);
        if (url == null || !url.startsWith("file:")) {
            throw new IllegalStateException(property + " is " + url + ": not running in an Equinox started from "
                    + "files (a test runtime)");
        }
        return Path.of(URI.create(url.replace(" ", "%20")));
    }

    /** The Equinox launcher jar among the runtime's bundles (it must be one of them to start a child). */
    private static Path launcherJar(Properties config) {
        for (String entry : config.getProperty("osgi.bundles", "").split(",")) {
            String location = entry.replaceFirst("^reference:", "").replaceFirst("@.*$", "");
            String file = location.substring(location.lastIndexOf('/') + 1);
            if (file.startsWith("org.eclipse.equinox.launcher") && file.endsWith(".jar") && location.startsWith(
                    "file:")) {
                return Path.of(location.substring("file:".length()));
            }
        }
        throw new IllegalStateException("no org.eclipse.equinox.launcher jar among the test runtime's bundles "
                + "(osgi.bundles); add it to the test bundle's requirements");
    }

    private void read(Path copy) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer w = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                long now = System.nanoTime();
                synchronized (lines) {
                    lines.add(new Line(line, now));
                    lines.notifyAll();
                }
                w.write(line + "\n");
                w.flush();
            }
        } catch (IOException e) {
            // the stream ends when the child dies; what arrived is kept
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /** The process id (for messages). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stdout's lines so far. */
    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits for the first stdout line that matches, and returns it; fails when the child ends without printing
     * one, or its deadline passes (the child is then killed).
     */
    public Line awaitLine(Predicate<String> matching) throws InterruptedException {
        synchronized (lines) {
            for (int seen = 0;; ) {
                for (; seen < lines.size(); seen++) {
                    if (matching.test(lines.get(seen).text())) {
                        return lines.get(seen);
                    }
                }
                if (!reader.isAlive()) {
                    throw new AssertionError(name + " ended (exit " + exitOrNone() + ") without the awaited line; "
                            + "its output:\n" + output());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    kill();
                    throw new AssertionError(name + " did not print the awaited line within " + timeout
                            + "; killed it; its output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for the child to end by itself and returns its exit code; past the deadline, kills it and fails. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            kill();
            throw new AssertionError(name + " (pid " + pid() + ") was still running after " + timeout
                    + "; killed it; its output:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10)); // the rest of its stdout
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()}, which on Linux is {@code kill -9}), waits
     * for it to be gone and returns its exit status: {@link #KILLED} when the signal ended it.
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    private String exitOrNone() {
        return process.isAlive() ? "none yet" : Integer.toString(process.exitValue());
    }

    /** Stdout and stderr so far, for failure messages. */
    public String output() {
        StringBuilder b = new StringBuilder();
        lines().forEach(l -> b.append(l.text()).append('\n'));
        try {
            if (Files.exists(stderr)) {
                b.append("--- stderr ---\n").append(Files.readString(stderr, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Kills the child if it still runs (a failed test must not leave it behind). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
