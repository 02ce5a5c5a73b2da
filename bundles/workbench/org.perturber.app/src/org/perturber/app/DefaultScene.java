package org.perturber.app;

import org.perturber.core.scene.Scene;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/** The scene a new session starts with: the standard scene around a mug. */
public final class DefaultScene {
    public static final String OBJECT = "mug";

    private DefaultScene() {
    }

    public static Scene create(BuiltinObjects objects) {
        return BuiltinScenes.standard(objects, OBJECT);
    }
}
