package org.perturber.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Files outside an allowed folder that nothing may read: the access hook is the file's access time. A canary's
 * access time is set far before its modification time, so the kernel (relatime, the default) records the first read
 * of it; root ignores permissions, so making a canary unreadable would prove nothing when tests run as root.
 */
public final class Canaries {
    private static final FileTime UNREAD = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
    private final List<Path> files = new ArrayList<>();

    /**
     * Proves, in {@code folder}, that this filesystem records reads; fails (never skips) where it does not (a
     * noatime mount), since every "never read" check would then pass whatever happened.
     */
    public static Canaries in(Path folder) throws IOException {
        Path control = Files.createTempFile(folder, "canary-control", ".bin");
        Files.write(control, new byte[] { 1, 2, 3 });
        markUnread(control);
        try (InputStream in = Files.newInputStream(control)) {
            in.readAllBytes();
        }
        boolean recorded = !accessTime(control).equals(UNREAD);
        Files.delete(control);
        if (!recorded) {
            throw new IllegalStateException(folder + ": this filesystem does not record reads (mounted noatime?), so"
                    + " the canary files cannot tell whether a hostile file made Perturber read outside its folder");
        }
        return new Canaries();
    }

    /** Writes a canary file and remembers it. */
    public Path plant(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return watch(file);
    }

    /** Watches an existing file from now on. */
    public Path watch(Path file) throws IOException {
        markUnread(file);
        files.add(file);
        return file;
    }

    /** The canaries read since they were planted (none, when all is well). */
    public List<Path> read() throws IOException {
        List<Path> read = new ArrayList<>();
        for (Path f : files) {
            if (!accessTime(f).equals(UNREAD)) {
                read.add(f);
            }
        }
        return read;
    }

    private static void markUnread(Path file) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(null, UNREAD, null);
    }

    private static FileTime accessTime(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime();
    }
}
