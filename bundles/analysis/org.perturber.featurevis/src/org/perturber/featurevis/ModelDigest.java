package org.perturber.featurevis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A SHA-256 digest of what decides a model's function: every regular file of its folder (weights, graph, model.json)
 * except the documentation (*.md) and evaluation.json, which change no output. Feature visualizations are cached
 * under it, so new weights (a retrained model in the same folder) never show old pictures. Remembered per file
 * list, sizes and modification times, so a model of hundreds of megabytes is read once per change.
 */
public final class ModelDigest {
    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

    private ModelDigest() {
    }

    /** The digest of the model in {@code folder}, as 64 hex digits. */
    public static String of(Path folder) throws IOException {
        List<Path> files = files(folder);
        StringBuilder stamp = new StringBuilder(folder.toAbsolutePath().normalize().toString());
        for (Path f : files) {
            stamp.append('\u0000').append(f.getFileName()).append('\u0000').append(Files.size(f)).append('\u0000')
                    .append(Files.getLastModifiedTime(f).toMillis());
        }
        String known = KNOWN.get(stamp.toString());
        if (known != null) {
            return known;
        }
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        KNOWN.put(stamp.toString(), digest);
        return digest;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).filter(p -> {
                String name = p.getFileName().toString();
                return !name.endsWith(".md") && !name.equals("evaluation.json");
            }).sorted().toList();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        }
    }
}
