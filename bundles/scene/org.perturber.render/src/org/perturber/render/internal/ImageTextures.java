package org.perturber.render.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.perturber.core.render.RenderException;

import com.jogamp.opengl.GL;
import com.jogamp.opengl.GL3ES3;

/** Image files as GL textures, cached by path, modification time and size. GL thread only. */
final class ImageTextures {
    /** A texture on the GPU and the image's size. */
    record Loaded(int texture, int width, int height) {
    }

    private static final int MAX_SIDE = 4096;
    private final Map<String, Loaded> cache = new LinkedHashMap<>();

    void forget() {
        cache.clear();
    }

    Loaded get(GL3ES3 gl, String file) {
        Path path = Path.of(file).toAbsolutePath();
        String key;
        try {
            key = path + "|" + Files.getLastModifiedTime(path).toMillis() + "|" + Files.size(path);
        } catch (IOException e) {
            throw new RenderException("texture file " + path + ": cannot read (" + e.getMessage() + ")", e);
        }
        Loaded loaded = cache.get(key);
        if (loaded == null) {
            loaded = load(gl, path);
            cache.put(key, loaded);
        }
        return loaded;
    }

    private static Loaded load(GL3ES3 gl, Path path) {
        if (!Files.isRegularFile(path)) { // a FIFO or a device would block the GL thread, and all rendering, forever
            throw new RenderException("texture file " + path + ": not a regular file");
        }
        BufferedImage image;
        int w;
        int h;
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new RenderException("texture file " + path + ": not an image format this JVM reads (PNG, "
                        + "JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the size from the header, before a single pixel is decoded: a small file may claim a huge image
                w = reader.getWidth(0);
                h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw new RenderException("texture file " + path + ": " + w + "x" + h + " is larger than "
                            + MAX_SIDE + " pixels a side");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenderException r) {
                throw r;
            }
            throw new RenderException("texture file " + path + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (image.getWidth() != w || image.getHeight() != h) {
            throw new RenderException("texture file " + path + ": its pixels do not match its header's size");
        }
        byte[] rgba = new byte[w * h * 4];
        // GL's first row is the bottom one; texture coordinate v = 0 is the image's bottom
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, h - 1 - y);
                int i = (y * w + x) * 4;
                rgba[i] = (byte) (argb >> 16);
                rgba[i + 1] = (byte) (argb >> 8);
                rgba[i + 2] = (byte) argb;
                rgba[i + 3] = (byte) 255;
            }
        }
        return new Loaded(upload(gl, w, h, rgba), w, h);
    }

    static int upload(GL3ES3 gl, int w, int h, byte[] rgba) {
        int[] tex = new int[1];
        gl.glGenTextures(1, tex, 0);
        gl.glBindTexture(GL.GL_TEXTURE_2D, tex[0]);
        gl.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1);
        gl.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA8, w, h, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE,
                ByteBuffer.wrap(rgba));
        gl.glGenerateMipmap(GL.GL_TEXTURE_2D);
        gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR_MIPMAP_LINEAR);
        gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR);
        gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_S, GL.GL_REPEAT);
        gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_T, GL.GL_REPEAT);
        gl.glBindTexture(GL.GL_TEXTURE_2D, 0);
        return tex[0];
    }
}
