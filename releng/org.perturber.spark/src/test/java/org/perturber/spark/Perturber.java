package org.perturber.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The source tree's launcher (releng/perturber) as a real process, as a user runs it: headless (no DISPLAY), its
 * output captured to files in a folder of the test's.
 */
final class Perturber {
    static final Path SOURCE = Path.of(System.getProperty("perturber.source", "../..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = SOURCE.resolve("releng/perturber");

    /** A finished command: its exit code and what it printed. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Perturber() {
    }

    /** Starts {@code releng/perturber ARGS} with its output going to {@code log}.out and .err. */
    static Process start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(SOURCE.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().putAll(env);
        pb.redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile());
        pb.redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
        return pb.start();
    }

    /** Runs {@code releng/perturber ARGS} to its end (at most {@code minutes}). */
    static Result run(Path log, int minutes, String... args) throws IOException, InterruptedException {
        Process p = start(log, Map.of(), args);
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("releng/perturber " + String.join(" ", args) + " ran past " + minutes + " min");
        }
        return new Result(p.exitValue(), read(log, ".out"), read(log, ".err"));
    }

    static String read(Path log, String suffix) throws IOException {
        Path f = log.resolveSibling(log.getFileName() + suffix);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** The regular files of a folder, by name (sub-folders such as samples.parquet left out). */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Rows (lines after the header) of a samples.csv. */
    static long rows(Path csv) throws IOException {
        try (Stream<String> lines = Files.lines(csv)) {
            return lines.count() - 1;
        }
    }
}
