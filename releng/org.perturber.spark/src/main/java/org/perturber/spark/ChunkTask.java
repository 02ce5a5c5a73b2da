package org.perturber.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.Function;

/**
 * A Spark task: one chunk of a sweep, run by the executor's Perturber runtime (started by its JVM's first task,
 * kept with its models and meshes for the next ones). Holds only strings: the product folder, the built-in models'
 * folder and the sweep's arguments, in which {@link #INPUTS} stands for where Spark unpacked the shipped inputs.
 */
final class ChunkTask implements Function<Integer, ChunkResult> {
    private static final long serialVersionUID = 1L;
    /** In the arguments: the folder of the shipped inputs, replaced on the executor by its unpacked copy. */
    static final String INPUTS = "/perturber-inputs-on-the-executor";
    /** The name the inputs' archive is unpacked under (SparkFiles). */
    static final String ARCHIVE = "perturber-inputs";

    private final String home;
    private final String models;
    private final ArrayList<String> arguments;

    ChunkTask(String home, String models, List<String> arguments) {
        this.home = home;
        this.models = models;
        this.arguments = new ArrayList<>(arguments);
    }

    @Override
    public ChunkResult call(Integer chunk) throws Exception {
        // a relative product folder is one Spark unpacked (spark-submit --archives perturber.tar.gz#perturber)
        Path product = Path.of(home).isAbsolute() ? Path.of(home) : Path.of(SparkFiles.getRootDirectory()).resolve(
                home);
        String builtins = models != null && Files.isDirectory(Path.of(models)) ? models : null;
        PerturberRuntime runtime = PerturberRuntime.get(product.toAbsolutePath().normalize(), builtins);
        List<String> args = new ArrayList<>();
        for (String a : arguments) {
            args.add(a.startsWith(INPUTS) ? SparkFiles.get(ARCHIVE) + a.substring(INPUTS.length()) : a);
        }
        @SuppressWarnings("unchecked")
        List<List<String>> answer = (List<List<String>>) runtime.invoke(null, "runChunk", new Class<?>[] { List.class,
                int.class }, args, chunk);
        return new ChunkResult(chunk, new ArrayList<>(answer.get(0)), new ArrayList<>(answer.subList(2, answer
                .size())), ProcessHandle.current().pid() + "@" + java.net.InetAddress.getLocalHost().getHostName(),
                PerturberRuntime.starts(), Integer.parseInt(answer.get(1).get(0)));
    }
}
