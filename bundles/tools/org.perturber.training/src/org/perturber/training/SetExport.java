package org.perturber.training;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.perturber.core.render.SceneRenderer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Writes rendered training and held-out sets to a folder for tools outside Perturber (a lab's PyTorch training,
 * releng/examples/train_small_cnn.py): per part, raw 8-bit pixels {@code <part>-images.u8} (N x H x W x 3, row-major,
 * RGB, no header) and labels {@code <part>-labels.u8} (N bytes, indices into the class list), and {@code set.json}
 * with the counts, resolution, class names, seeds and how the samples were drawn. The folder is written under a
 * temporary name beside it and renamed into place at the end, so a failed export leaves no half-written set.
 */
public final class SetExport {
    public static final String DESCRIPTOR = "set.json";
    public static final String FORMAT = "perturber-rendered-set";
    public static final String TRAIN = "train";
    public static final String HELD_OUT = "heldout";
    /** The most samples one part may hold: its pixels must fit in one Java array (RenderedSet keeps them so). */
    public static final long MAX_BYTES_PER_PART = Integer.MAX_VALUE - 64;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** One part of the set: which samples of which seed, with the share of shuffled textures. */
    public record Part(String name, long seed, int size, double shuffledFraction) {
    }

    /** What is exported: the recipe whose sampler is used, the resolution and the parts. */
    public record Request(Recipe recipe, int resolution, List<Part> parts) {
    }

    private SetExport() {
    }

    public static String imagesFile(String part) {
        return part + "-images.u8";
    }

    public static String labelsFile(String part) {
        return part + "-labels.u8";
    }

    /** Bytes of one part's pixels. */
    public static long pixelBytes(int size, int resolution) {
        return (long) size * resolution * resolution * 3;
    }

    /**
     * The problems with a request, one line each (empty when it can be written): sizes that are not positive, parts
     * too large for one array, a folder that exists and is not empty, less free space than the set needs.
     */
    public static List<String> problems(Request request, Path dir) {
        List<String> problems = new ArrayList<>();
        if (request.resolution() < 8 || request.resolution() > 1024) {
            problems.add("resolution " + request.resolution() + " is outside 8..1024");
            return problems;
        }
        long total = 0;
        for (Part p : request.parts()) {
            long bytes = pixelBytes(p.size(), request.resolution());
            if (p.size() < 1) {
                problems.add(p.name() + " set: " + p.size() + " samples; it needs at least 1");
            } else if (bytes > MAX_BYTES_PER_PART) {
                problems.add(String.format(Locale.ROOT, "%s set: %d samples at %dx%d are %.1f GB; at most %d fit "
                        + "(%.1f GB)", p.name(), p.size(), request.resolution(), request.resolution(), bytes / 1e9,
                        MAX_BYTES_PER_PART / pixelBytes(1, request.resolution()), MAX_BYTES_PER_PART / 1e9));
            }
            total += bytes + p.size();
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            problems.add(dir + " exists and is not an empty folder; name a new one");
        }
        Path parent = dir.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent != null && problems.isEmpty()) {
            try {
                long free = Files.getFileStore(parent).getUsableSpace();
                if (total > free) {
                    problems.add(String.format(Locale.ROOT, "the set needs %.2f GB and %s has %.2f GB free", total
                            / 1e9, parent, free / 1e9));
                }
            } catch (IOException e) {
                problems.add("cannot tell the free space of " + parent + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Renders every part and writes the folder; {@code log} hears progress (every 500 samples). Call
     * {@link #problems} first: this refuses a request that has any.
     */
    public static void write(SceneRenderer renderer, Request request, Path dir, Consumer<String> log)
            throws IOException {
        List<String> problems = problems(request, dir);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial");
        try {
            if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
                // a temporary folder is private; the set is data for other tools and people
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("format", FORMAT);
            descriptor.put("version", 1);
            descriptor.put("layout", "N x H x W x 3 uint8, row-major, RGB (0..255); labels: N uint8, class indices");
            descriptor.put("resolution", request.resolution());
            descriptor.put("classes", SceneSampler.classes());
            descriptor.put("recipe", request.recipe().id());
            descriptor.put("sampler", "SceneSampler, own textures (classes take turns: sample i is class i mod "
                    + SceneSampler.classes().size() + ")");
            Map<String, Object> parts = new LinkedHashMap<>();
            for (Part p : request.parts()) {
                long t0 = System.nanoTime();
                RenderedSet set = RenderedSet.render(renderer, p.seed(), p.size(), request.resolution(),
                        SceneSampler.TextureMode.OWN, i -> ModelTraining.shuffledDraw(p.seed(), i) < p
                                .shuffledFraction(), done -> log.accept(String.format(Locale.ROOT,
                                        "  %s: rendered %d/%d", p.name(), done, p.size())));
                writePart(set, staging, p.name());
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("count", p.size());
                part.put("seed", p.seed());
                part.put("shuffledFraction", p.shuffledFraction());
                part.put("images", imagesFile(p.name()));
                part.put("labels", labelsFile(p.name()));
                parts.put(p.name(), part);
                log.accept(String.format(Locale.ROOT, "  %s: %d samples (seed %d) written in %.0f s", p.name(),
                        p.size(), p.seed(), (System.nanoTime() - t0) / 1e9));
            }
            descriptor.put("parts", parts);
            Files.writeString(staging.resolve(DESCRIPTOR), GSON.toJson(descriptor) + "\n");
            if (Files.exists(target)) {
                Files.delete(target); // empty: problems() said so
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(staging);
            throw e;
        }
    }

    /** Writes one rendered set as {@code <name>-images.u8} and {@code <name>-labels.u8} in {@code dir}. */
    public static void writePart(RenderedSet set, Path dir, String name) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(imagesFile(name))),
                1 << 20)) {
            set.writePixels(out);
        }
        byte[] labels = new byte[set.size()];
        for (int i = 0; i < set.size(); i++) {
            labels[i] = (byte) set.label(i);
        }
        Files.write(dir.resolve(labelsFile(name)), labels);
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover hidden .partial folder does not disturb a later export
        }
    }
}
