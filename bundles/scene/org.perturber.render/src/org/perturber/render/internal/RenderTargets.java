package org.perturber.render.internal;

import org.perturber.core.scene.Background;

import com.jogamp.opengl.GL;
import com.jogamp.opengl.GL3ES3;

/**
 * Our own framebuffers: a full-size one (colour and depth) that scenes are drawn into; when supersampling, a
 * half-size colour one that the exact 2:1 linear blit averages into (each output pixel is the mean of 2x2); and a
 * full-size colour one holding the last background drawn, copied into each new frame. Recreated only when the size
 * changes. GL thread only.
 */
final class RenderTargets {
    private int width;
    private int height;
    private int drawFramebuffer;
    private int resolveFramebuffer;
    private int backgroundFramebuffer;
    private int[] renderbuffers = new int[0];
    /** What the background framebuffer holds, or null. */
    private Background background;

    void forget() {
        width = 0;
        height = 0;
        renderbuffers = new int[0];
        background = null;
    }

    /** Whether the background framebuffer already holds this background at the current size. */
    boolean hasBackground(Background b) {
        return b.equals(background);
    }

    /** Binds the background framebuffer, to draw {@code b} into it. */
    void bindBackgroundForDrawing(GL3ES3 gl, Background b) {
        gl.glBindFramebuffer(GL.GL_FRAMEBUFFER, backgroundFramebuffer);
        background = b;
    }

    /** Copies the background into the bound draw framebuffer (same size and format: a plain copy). */
    void copyBackground(GL3ES3 gl) {
        gl.glBindFramebuffer(GL3ES3.GL_READ_FRAMEBUFFER, backgroundFramebuffer);
        gl.glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST);
    }

    void bindForDrawing(GL3ES3 gl, int w, int h, int outW, int outH) {
        if (w != width || h != height) {
            release(gl);
            int[] fb = new int[3];
            gl.glGenFramebuffers(3, fb, 0);
            renderbuffers = new int[4];
            gl.glGenRenderbuffers(4, renderbuffers, 0);
            drawFramebuffer = fb[0];
            resolveFramebuffer = fb[1];
            backgroundFramebuffer = fb[2];
            attach(gl, drawFramebuffer, renderbuffers[0], GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0, w, h);
            attach(gl, drawFramebuffer, renderbuffers[1], GL.GL_DEPTH_COMPONENT24, GL.GL_DEPTH_ATTACHMENT, w, h);
            attach(gl, resolveFramebuffer, renderbuffers[2], GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0, outW, outH);
            attach(gl, backgroundFramebuffer, renderbuffers[3], GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0, w, h);
            width = w;
            height = h;
            background = null;
        }
        gl.glBindFramebuffer(GL.GL_FRAMEBUFFER, drawFramebuffer);
    }

    /** Binds the framebuffer to read the final image from, blitting down first when supersampled. */
    void bindForReading(GL3ES3 gl, int w, int h, int outW, int outH) {
        if (w == outW && h == outH) {
            gl.glBindFramebuffer(GL3ES3.GL_READ_FRAMEBUFFER, drawFramebuffer);
            return;
        }
        gl.glBindFramebuffer(GL3ES3.GL_READ_FRAMEBUFFER, drawFramebuffer);
        gl.glBindFramebuffer(GL3ES3.GL_DRAW_FRAMEBUFFER, resolveFramebuffer);
        gl.glBlitFramebuffer(0, 0, w, h, 0, 0, outW, outH, GL.GL_COLOR_BUFFER_BIT, GL.GL_LINEAR);
        gl.glBindFramebuffer(GL3ES3.GL_READ_FRAMEBUFFER, resolveFramebuffer);
    }

    private static void attach(GL3ES3 gl, int framebuffer, int renderbuffer, int format, int attachment, int w,
            int h) {
        gl.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer);
        gl.glBindRenderbuffer(GL.GL_RENDERBUFFER, renderbuffer);
        gl.glRenderbufferStorage(GL.GL_RENDERBUFFER, format, w, h);
        gl.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, attachment, GL.GL_RENDERBUFFER, renderbuffer);
        int status = gl.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER);
        if (status != GL.GL_FRAMEBUFFER_COMPLETE) {
            throw new IllegalStateException("framebuffer " + w + "x" + h + " incomplete: 0x"
                    + Integer.toHexString(status));
        }
    }

    private void release(GL3ES3 gl) {
        if (renderbuffers.length > 0) {
            gl.glDeleteFramebuffers(3, new int[] { drawFramebuffer, resolveFramebuffer, backgroundFramebuffer }, 0);
            gl.glDeleteRenderbuffers(renderbuffers.length, renderbuffers, 0);
        }
    }
}
