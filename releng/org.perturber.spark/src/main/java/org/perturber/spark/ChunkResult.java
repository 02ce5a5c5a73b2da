package org.perturber.spark;

import java.io.Serializable;
import java.util.List;

/** What a task sends back to the driver: its chunk's number, the problems it met and samples.csv's rows. */
record ChunkResult(int chunk, List<String> problems, List<List<String>> rows) implements Serializable {
}
