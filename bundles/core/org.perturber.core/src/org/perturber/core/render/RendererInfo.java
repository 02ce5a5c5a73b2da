package org.perturber.core.render;

/** The OpenGL the renderer uses: window-system platform (GLX or EGL surfaceless), vendor, renderer and version. */
public record RendererInfo(Platform platform, String vendor, String renderer, String version) {
    public enum Platform {
        /** X server (a real display or Xvfb). */
        GLX,
        /** No X server: Mesa's EGL surfaceless platform, OpenGL ES. */
        EGL_SURFACELESS
    }

    @Override
    public String toString() {
        return platform + ": " + renderer + " (" + version + ")";
    }
}
