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

    /** The object perturbations act on: the first one (others are context, such as clutter). */
    public SceneObject subject() {
        if (objects.isEmpty()) {
            throw new IllegalStateException("the scene has no objects");
        }
        return objects.get(0);
    }

    /** A copy with object {@code index} replaced. */
    public Scene withObject(int index, SceneObject object) {
        List<SceneObject> o = new java.util.ArrayList<>(objects);
        o.set(index, object);
        return withObjects(o);
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
