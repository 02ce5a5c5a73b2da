package org.perturber.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What a task sends back to the driver: its chunk's number, the problems it met and samples.csv's rows; and, to
 * show that executors start Perturber and load models once per JVM, which JVM ran it ({@code pid@host}), how often
 * that JVM started Perturber and how many sweep runners it had opened.
 */
record ChunkResult(int chunk, List<String> problems, List<List<String>> rows, String jvm, int runtimeStarts,
        int runnersOpened) implements Serializable {
}
