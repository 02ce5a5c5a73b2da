package org.perturber.featurevis;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.perturber.core.image.RgbImage;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Feature visualizations on disk: one PNG and one small JSON per (model weights, objective, settings), under
 * {@code root/<model digest>/}. Written to a temporary file and moved into place, so a killed process leaves no half
 * entry; an entry that does not read back (damaged, another size, an old format) is a miss, recomputed and replaced.
 */
public final class FeatureVisCache {
    /** Bumped when the optimisation changes in a way that changes images: older entries are then misses. */
    static final int FORMAT = 1;
    /** A cached PNG larger than this is not decoded (a canvas is at most a few hundred pixels a side). */
    private static final long MAX_PNG_BYTES = 4L << 20;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path root;

    public FeatureVisCache(Path root) {
        this.root = root;
    }

    /** Where Perturber keeps it when nothing else is said: ~/.perturber/featurevis. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".perturber", "featurevis");
    }

    public Path root() {
        return root;
    }

    /** The cached result, or empty (never computed, or unreadable). */
    public Optional<FeatureVisResult> get(String modelDigest, FeatureObjective objective, FeatureVisSettings settings,
            int width, int height) {
        Path png = file(modelDigest, objective, settings, ".png");
        Path json = file(modelDigest, objective, settings, ".json");
        try {
            if (!Files.isRegularFile(png) || !Files.isRegularFile(json) || Files.size(png) > MAX_PNG_BYTES
                    || Files.size(json) > MAX_PNG_BYTES) {
                return Optional.empty();
            }
            Entry entry = GSON.fromJson(Files.readString(json, StandardCharsets.UTF_8), Entry.class);
            BufferedImage image = ImageIO.read(png.toFile());
            if (entry == null || entry.format != FORMAT || image == null || image.getWidth() != width || image
                    .getHeight() != height || !objective.key().equals(entry.objective) || !settings.key().equals(
                            entry.settings)) {
                return Optional.empty();
            }
            return Optional.of(new FeatureVisResult(objective, settings, fromBuffered(image), entry.value, entry.start,
                    entry.trace == null ? new float[0] : entry.trace, entry.millis, true));
        } catch (IOException | RuntimeException e) { // JsonParseException, a bad image: a miss
            return Optional.empty();
        }
    }

    /** Stores a result (replacing an older one). */
    public void put(String modelDigest, FeatureVisResult result) throws IOException {
        Path png = file(modelDigest, result.objective(), result.settings(), ".png");
        Files.createDirectories(png.getParent());
        Entry entry = new Entry();
        entry.format = FORMAT;
        entry.objective = result.objective().key();
        entry.settings = result.settings().key();
        entry.value = result.objectiveValue();
        entry.start = result.startValue();
        entry.trace = result.trace();
        entry.millis = result.millis();
        Path tmpPng = Files.createTempFile(png.getParent(), "entry", ".png.tmp");
        Path tmpJson = Files.createTempFile(png.getParent(), "entry", ".json.tmp");
        try {
            ImageIO.write(toBuffered(result.image()), "png", tmpPng.toFile());
            Files.writeString(tmpJson, GSON.toJson(entry), StandardCharsets.UTF_8);
            move(tmpJson, file(modelDigest, result.objective(), result.settings(), ".json"));
            move(tmpPng, png);
        } finally {
            Files.deleteIfExists(tmpPng);
            Files.deleteIfExists(tmpJson);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The entry's file: the digest's folder, a hash of the objective and settings as the name. */
    Path file(String modelDigest, FeatureObjective objective, FeatureVisSettings settings, String suffix) {
        if (!modelDigest.matches("[0-9a-f]{16,128}")) {
            throw new IllegalArgumentException("not a model digest: " + modelDigest);
        }
        var sha = ModelDigest.sha256();
        sha.update((FORMAT + "\n" + objective.key() + "\n" + settings.key()).getBytes(StandardCharsets.UTF_8));
        String name = HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        return root.resolve(modelDigest.substring(0, 32)).resolve(name + suffix);
    }

    /** An 8-bit RGB image of the result (what the PNG holds). */
    public static BufferedImage toBuffered(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, image.width(), image.height(), image.toPackedRgb(), 0, image.width());
        return out;
    }

    static RgbImage fromBuffered(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] d = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                d[i] = ((rgb >> 16) & 0xff) / 255f;
                d[i + 1] = ((rgb >> 8) & 0xff) / 255f;
                d[i + 2] = (rgb & 0xff) / 255f;
            }
        }
        return new RgbImage(w, h, d);
    }

    /** What the JSON beside each PNG holds. */
    static final class Entry {
        int format;
        String objective;
        String settings;
        float value;
        float start;
        float[] trace;
        long millis;
    }
}
