package org.perturber.core.scene;

import java.util.List;

/**
 * A complete, immutable scene description: objects, camera, lighting and background. Perturbations derive new
 * scenes from old ones; the renderer turns a scene into pixels, the same pixels every time.
 */
public record Scene(List<SceneObject> objects, Camera camera, Lighting lighting, Background background) {
    public Scene {
        objects = List.copyOf(Checks.present("objects", objects));
        Checks.present("camera", camera);
        Checks.present("lighting", lighting);
        Checks.present("background", background);
    }

    /** One object of the given built-in class, default camera, light and background. */
    public static Scene of(SceneObject object) {
        return new Scene(List.of(object), Camera.DEFAULT, Lighting.DEFAULT, Background.DEFAULT);
    }

    public Scene withObjects(List<SceneObject> o) {
        return new Scene(o, camera, lighting, background);
    }

    public Scene withCamera(Camera c) {
        return new Scene(objects, c, lighting, background);
    }

    public Scene withLighting(Lighting l) {
        return new Scene(objects, camera, l, background);
    }

    public Scene withBackground(Background b) {
        return new Scene(objects, camera, lighting, b);
    }
}
