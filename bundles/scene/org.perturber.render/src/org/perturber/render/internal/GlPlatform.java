package org.perturber.render.internal;

import org.perturber.core.render.RendererInfo.Platform;

/**
 * Chooses between GLX (an X server is there) and EGL surfaceless (none is), before JOGL first initialises:
 * JOGL reads these system properties once per JVM. The property {@value #PROPERTY} (glx, egl or auto) overrides.
 * EGL surfaceless also needs the environment variable EGL_PLATFORM=surfaceless, which Java cannot set for its own
 * process: the launcher script and the test configuration set it.
 */
final class GlPlatform {
    static final String PROPERTY = "perturber.render.platform";

    private GlPlatform() {
    }

    static Platform choose() {
        String forced = System.getProperty(PROPERTY, "auto");
        return switch (forced) {
        case "glx" -> Platform.GLX;
        case "egl" -> Platform.EGL_SURFACELESS;
        case "auto" -> {
            String display = System.getenv("DISPLAY");
            yield display == null || display.isBlank() ? Platform.EGL_SURFACELESS : Platform.GLX;
        }
        default -> throw new IllegalArgumentException(PROPERTY + " must be glx, egl or auto, got '" + forced + "'");
        };
    }

    /** Sets JOGL's switches for the platform; must run before any JOGL class initialises. */
    static void configure(Platform platform) {
        if (platform == Platform.EGL_SURFACELESS) {
            System.setProperty("nativewindow.ws.name", ".egl");
            System.setProperty("jogl.quirks.force", "NoSurfacelessCtx");
            System.setProperty("jogl.disable.opengldesktop", "true");
        }
    }
}
