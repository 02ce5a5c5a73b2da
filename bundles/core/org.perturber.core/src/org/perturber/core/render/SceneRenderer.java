package org.perturber.core.render;

import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Scene;

/**
 * Turns scenes into images offscreen, at any size. Offered as an OSGi service; one GL context is created on first
 * use and reused by every call, from any thread (calls are serialised on the renderer's own GL thread).
 * The same scene gives the same pixels on every call and in every process.
 */
public interface SceneRenderer {
    /**
     * @throws RenderException when the scene cannot be rendered (unknown mesh, no OpenGL), with the reason
     */
    RgbImage render(Scene scene, int width, int height);

    /** What OpenGL the renderer runs on; starts OpenGL if it has not started yet. */
    RendererInfo info();
}
