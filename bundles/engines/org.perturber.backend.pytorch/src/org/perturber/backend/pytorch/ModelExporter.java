package org.perturber.backend.pytorch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Runs releng/export-model, with the machine's own PyTorch, to turn a PyTorch classifier into a model folder
 * (benchmarks and tests make their networks this way instead of shipping them). The Python is
 * {@code PERTURBER_PYTHON}, else Debian's /usr/bin/python3 (a python3 earlier on the PATH, such as a pyenv one, may
 * lack torch), else python3.
 */
public final class ModelExporter {
    private static final long TIMEOUT_MINUTES = 15;

    private ModelExporter() {
    }

    /** The Python the exporter runs with. */
    public static String python() {
        String python = System.getenv("PERTURBER_PYTHON");
        if (python != null && !python.isBlank()) {
            return python;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Runs {@code script args...} from {@code root} (the repository or installation holding releng/) unless
     * {@code out} already holds a model.json.
     *
     * @throws IOException with the script's output when it fails
     */
    public static Path run(Path root, String script, Path out, List<String> args) throws IOException,
            InterruptedException {
        if (Files.isRegularFile(out.resolve("model.json"))) {
            return out;
        }
        List<String> command = new ArrayList<>(List.of(python(), root.resolve(script).toString()));
        command.addAll(args);
        Files.createDirectories(out.getParent());
        Path log = Files.createTempFile(out.getParent(), "export", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + TIMEOUT_MINUTES + " min: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + Files
                        .readString(log, StandardCharsets.UTF_8).strip());
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@code releng/export-model torchvision:NAME --layers LAYERS --format both --weights none --out OUT}. */
    public static Path torchvision(Path root, String name, String layers, Path out) throws IOException,
            InterruptedException {
        return run(root, "releng/export-model", out, List.of("torchvision:" + name, "--layers", layers, "--format",
                "both", "--weights", "none", "--seed", "0", "--out", out.toString()));
    }

    /**
     * The same model folder with only one of its networks (files linked, model.json rewritten to name only that
     * format), beside it: for benchmarks and tests that must reach exactly one engine.
     */
    public static synchronized Path onlyFormat(Path folder, String format) throws IOException {
        Path out = folder.resolveSibling(folder.getFileName() + "-" + format + "-only");
        if (Files.isRegularFile(out.resolve("model.json"))) {
            return out;
        }
        JsonObject json = JsonParser.parseString(Files.readString(folder.resolve("model.json"))).getAsJsonObject();
        String network = json.getAsJsonObject("networks").get(format).getAsString();
        json.remove("networks");
        json.addProperty("format", format);
        json.addProperty("network", network);
        Path tmp = Files.createTempDirectory(folder.getParent(), "only");
        try (var files = Files.walk(folder)) {
            for (Path f : files.toList()) {
                Path target = tmp.resolve(folder.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("model.json")) {
                    Files.createLink(target, f);
                }
            }
        }
        Files.writeString(tmp.resolve("model.json"), json.toString());
        Files.move(tmp, out);
        return out;
    }
}
