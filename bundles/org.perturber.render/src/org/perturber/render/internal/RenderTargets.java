package org.perturber.render.internal;

import com.jogamp.opengl.GL;
import com.jogamp.opengl.GL3ES3;

/**
 * Our own framebuffers: a full-size one (colour and depth) that scenes are drawn into, and, when supersampling, a
 * half-size colour one that the exact 2:1 linear blit averages into (each output pixel is the mean of 2x2).
 * Recreated only when the size changes. GL thread only.
 */
final class RenderTargets {
    private int width;
    private int height;
    private int drawFramebuffer;
    private int resolveFramebuffer;
    private int[] renderbuffers = new int[0];

    void forget() {
        width = 0;
        height = 0;
        renderbuffers = new int[0];
    }

    void bindForDrawing(GL3ES3 gl, int w, int h, int outW, int outH) {
        if (w != width || h != height) {
            release(gl);
            int[] fb = new int[2];
            gl.glGenFramebuffers(2, fb, 0);
            renderbuffers = new int[3];
            gl.glGenRenderbuffers(3, renderbuffers, 0);
            drawFramebuffer = fb[0];
            resolveFramebuffer = fb[1];
            attach(gl, drawFramebuffer, renderbuffers[0], GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0, w, h);
            attach(gl, drawFramebuffer, renderbuffers[1], GL.GL_DEPTH_COMPONENT24, GL.GL_DEPTH_ATTACHMENT, w, h);
            attach(gl, resolveFramebuffer, renderbuffers[2], GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0, outW, outH);
            width = w;
            height = h;
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
            gl.glDeleteFramebuffers(2, new int[] { drawFramebuffer, resolveFramebuffer }, 0);
            gl.glDeleteRenderbuffers(renderbuffers.length, renderbuffers, 0);
        }
    }
}
