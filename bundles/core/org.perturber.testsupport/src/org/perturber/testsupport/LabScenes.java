package org.perturber.testsupport;

import java.time.Duration;
import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/** The scenes Perturber starts from, rendered by its own renderer (JOGL; EGL surfaceless without a display). */
public final class LabScenes {
    /** How long to wait for Perturber's services to come up in a fresh test runtime. */
    public static final Duration SERVICE_WAIT = Duration.ofSeconds(60);
    private static final BuiltinObjects OBJECTS = new BuiltinObjects();

    private LabScenes() {
    }

    /** The ids of the built-in objects ("mug", "vase", ...): each is also the class label the built-in models know. */
    public static List<String> objectIds() {
        return OBJECTS.ids();
    }

    /** The workbench's standard scene around a built-in object: its own texture, the standard camera and lights. */
    public static Scene standard(String objectId) {
        if (!OBJECTS.ids().contains(objectId)) {
            throw new IllegalArgumentException("no built-in object '" + objectId + "'; there are " + OBJECTS.ids());
        }
        return BuiltinScenes.standard(OBJECTS, objectId);
    }

    /** Perturber's renderer (a service; waited for). */
    public static SceneRenderer renderer() {
        return Services.await(SceneRenderer.class, SERVICE_WAIT);
    }

    /** A scene rendered square, as a model of that input size would see it before any image perturbation. */
    public static RgbImage render(Scene scene, int size) {
        return renderer().render(scene, size, size);
    }
}
