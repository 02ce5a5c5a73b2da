package org.perturber.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves a name that a file gives (a model folder's labels file, a sweep spec's mesh or model folder) inside the
 * folder that file lies in: relative, inside it after normalising, and, where it exists, inside it by real path (no
 * link leads out) and of the expected kind (a regular file or a folder: a FIFO or device would block its reader).
 * Only the path is resolved: nothing outside the folder is opened, and nothing is fetched.
 */
public final class ContainedPath {
    /** What the name must be where it exists. */
    public enum Kind {
        FILE, FOLDER
    }

    /** Why a name was refused: a phrase to follow "names 'x', ", without the file that named it. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String reason) {
            super(reason);
        }
    }

    private ContainedPath() {
    }

    /**
     * @param folder     the folder the name must stay in
     * @param folderNoun how messages call that folder ("model folder", "spec's folder")
     * @param name       the name as the file gives it
     * @param kind       what it must be where it exists
     * @return the resolved path (absolute, normalised), which may not exist
     * @throws RefusedException saying why, in words that name {@code folderNoun}
     */
    public static Path resolve(Path folder, String folderNoun, String name, Kind kind) throws RefusedException {
        if (name == null || name.isBlank()) {
            throw new RefusedException("an empty name");
        }
        Path dir = folder.toAbsolutePath().normalize();
        Path resolved;
        try {
            Path given = Path.of(name);
            if (given.isAbsolute() || given.getRoot() != null) {
                throw new RefusedException("an absolute path: files must be inside the " + folderNoun);
            }
            resolved = dir.resolve(given).normalize();
        } catch (InvalidPathException e) {
            throw new RefusedException("not a valid file name");
        }
        if (!resolved.startsWith(dir) || resolved.equals(dir)) {
            throw new RefusedException("which is outside the " + folderNoun);
        }
        if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            return resolved;
        }
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException e) {
            // a dangling link, or one into a folder we may not enter: either way not a file of the folder
            throw new RefusedException("a link that leads nowhere readable");
        }
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new RefusedException("and the " + folderNoun + " itself is unreadable (" + e.getMessage() + ")");
        }
        if (!real.startsWith(realDir)) {
            throw new RefusedException("a link that leads outside the " + folderNoun);
        }
        if (kind == Kind.FILE && !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("which is not a regular file (a folder, FIFO or device)");
        }
        if (kind == Kind.FOLDER && !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException("which is not a folder");
        }
        return resolved;
    }
}
