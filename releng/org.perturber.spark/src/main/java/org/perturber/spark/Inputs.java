package org.perturber.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The files a sweep reads beyond the installation (its spec, model folders, mesh folders), packed into one zip with
 * their paths relative to the spec's folder, for Spark to ship to every executor (SparkContext.addArchive) and
 * unpack once there. Only regular files inside the spec's folder are packed: a link is followed only when it stays
 * inside.
 */
final class Inputs {
    private Inputs() {
    }

    /**
     * Packs {@code inputs} (files or folders, absolute) relative to {@code base} into {@code zip}.
     *
     * @return the files packed
     * @throws IllegalArgumentException naming an input outside {@code base}
     */
    static int pack(Path base, List<Path> inputs, Path zip) throws IOException {
        Path realBase = base.toRealPath();
        int files = 0;
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            java.util.Set<String> written = new java.util.HashSet<>();
            for (Path input : inputs) {
                if (!input.toRealPath().startsWith(realBase)) {
                    throw new IllegalArgumentException(input + " is outside the spec's folder " + base);
                }
                List<Path> found;
                try (Stream<Path> walk = Files.walk(input)) {
                    found = walk.filter(p -> Files.isRegularFile(p)).sorted().toList();
                }
                for (Path file : found) {
                    Path real = file.toRealPath();
                    if (!real.startsWith(realBase) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    String name = base.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
                    if (written.add(name)) {
                        z.putNextEntry(new ZipEntry(name));
                        Files.copy(real, z);
                        z.closeEntry();
                        files++;
                    }
                }
            }
        }
        return files;
    }
}
