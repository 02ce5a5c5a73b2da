package org.perturber.app;

import java.util.List;

import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;
import org.perturber.objects.BuiltinObjects;

/** The scene a new session starts with: a built-in object with its own texture, a key and a fill light, a gradient. */
public final class DefaultScene {
    public static final String OBJECT = "mug";

    private DefaultScene() {
    }

    public static Scene create(BuiltinObjects objects) {
        Material material = objects.defaultMaterial(MeshRef.builtin(OBJECT)).orElse(Material.DEFAULT);
        SceneObject object = SceneObject.of(OBJECT, MeshRef.builtin(OBJECT)).withMaterial(material);
        Lighting lighting = new Lighting(List.of(Light.directional(new Vec3(-0.6, 0.8, 0.7), 0.9),
                Light.directional(new Vec3(0.8, 0.2, 0.4), 0.3).withColor(new Rgb(0.8, 0.85, 1.0))),
                new Rgb(0.2, 0.2, 0.22));
        return new Scene(List.of(object), Camera.DEFAULT.withOrbit(25, 20, 3), lighting,
                Background.gradient(new Rgb(0.93, 0.95, 0.98), new Rgb(0.62, 0.66, 0.72)));
    }
}
