package org.perturber.objects.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Keeps what a mesh file names (glTF buffers and images, OBJ material libraries, MTL texture maps) inside the mesh
 * file's folder, and checks image dimensions from their headers before anything is decoded.
 */
final class MeshReferences {
    /** Larger textures are refused before decoding: the renderer draws none above 4096 a side (its MAX_SIDE). */
    static final int MAX_TEXTURE_SIDE = 4096;

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    private MeshReferences() {
    }

    /** Refuses a path that is not a plain file (a FIFO would block the reading thread forever, a device too). */
    static void requireRegularFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? "is not a regular file (a folder, FIFO or device); " + what + " must be a plain file"
                    : "does not exist"));
        }
    }

    /** {@link #inside(Path, Path, String, String, String)} for a reference relative to the mesh file itself. */
    static Path inside(Path mesh, String reference, String what) {
        return inside(mesh, mesh.toAbsolutePath().getParent(), reference, reference, what);
    }

    /**
     * The real path of a file a mesh file names, or null when it does not exist (callers decide whether that is an
     * error).
     *
     * @param mesh      the mesh file: its folder is the one every reference must stay in
     * @param base      the folder the reference is relative to (the mesh's, or its MTL library's)
     * @param reference the path as a file name (glTF URIs already decoded)
     * @param shown     the reference as the file spells it, for messages
     * @param what      the element, e.g. "buffer uri" or "map_Kd in x.mtl"
     * @throws IllegalArgumentException naming the mesh file, the reference and why it was refused
     */
    static Path inside(Path mesh, Path base, String reference, String shown, String what) {
        Path owner = mesh.toAbsolutePath();
        String quoted = what + " \"" + shown + "\"";
        if (reference.isBlank()) {
            throw new IllegalArgumentException(owner + ": " + quoted + " is empty");
        }
        if (SCHEME.matcher(reference).matches() && !isWindowsDrive(reference)) {
            throw new IllegalArgumentException(owner + ": " + quoted
                    + " is a URL; only files inside the mesh's folder are read (nothing is fetched)");
        }
        Path folder = owner.getParent();
        Path relative;
        try {
            relative = Path.of(reference);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(owner + ": " + quoted + " is not a valid file name");
        }
        if (relative.isAbsolute() || isWindowsDrive(reference) || reference.startsWith("/")
                || reference.startsWith("\\")) {
            throw new IllegalArgumentException(owner + ": " + quoted
                    + " is an absolute path, outside the mesh's folder");
        }
        Path target = base.resolve(relative).normalize();
        // an MTL library's folder is a real path already; the mesh's may be reached through a link
        Path root = base.startsWith(folder) ? folder.normalize() : realFolder(owner);
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException(owner + ": " + quoted + " leads outside the mesh's folder");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path real;
        try {
            real = target.toRealPath();
            if (!real.startsWith(realFolder(owner))) {
                throw new IllegalArgumentException(owner + ": " + quoted
                        + " is a link that leads outside the mesh's folder");
            }
        } catch (IOException e) {
            // a dangling link: its target is not looked at
            throw new IllegalArgumentException(owner + ": " + quoted + " is a link to a missing file");
        }
        if (!Files.isRegularFile(real)) {
            throw new IllegalArgumentException(owner + ": " + quoted
                    + " is not a regular file (a folder, FIFO or device)");
        }
        return real;
    }

    private static Path realFolder(Path owner) {
        try {
            return owner.getParent().toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(owner + ": its folder cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isWindowsDrive(String reference) {
        return reference.length() >= 2 && Character.isLetter(reference.charAt(0)) && reference.charAt(1) == ':';
    }

    /**
     * Reads an image's width and height from its header only and refuses one above {@link #MAX_TEXTURE_SIDE}.
     *
     * @param source a Path, File or byte stream ImageIO can open
     */
    static void checkImageSize(Path owner, String what, Object source) {
        try (ImageInputStream in = ImageIO.createImageInputStream(source)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(owner + ": " + what
                        + " is not an image format this program reads (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_TEXTURE_SIDE || height > MAX_TEXTURE_SIDE || width <= 0 || height <= 0) {
                    throw new IllegalArgumentException(owner + ": " + what + " is " + width + "x" + height
                            + " pixels; textures may have at most " + MAX_TEXTURE_SIDE + " pixels a side");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(owner + ": " + what + " has an unreadable image header ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Reads a referenced file whole after checking its size against the mesh limit. */
    static byte[] readBounded(Path owner, String what, Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IllegalArgumentException(owner + ": " + what + " has " + size + " bytes, more than the "
                    + maxBytes + " a mesh file may have");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) size);
        }
    }
}
