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
import org.perturber.core.scene.Transform;
import org.perturber.core.scene.Vec3;

/** The scene a new session starts with: one object, lit by a key and a fill light, on a soft gradient. */
public final class DefaultScene {
    private DefaultScene() {
    }

    public static Scene create() {
        SceneObject object = SceneObject.of("torus", MeshRef.builtin("torus"))
                .withTransform(Transform.IDENTITY.withRotation(new Vec3(60, 0, 0)))
                .withMaterial(Material.DEFAULT.withAlbedo(new Rgb(0.85, 0.45, 0.2)).withSpecular(0.5, 48));
        Lighting lighting = new Lighting(List.of(Light.directional(new Vec3(-0.6, 0.8, 0.7), 0.95),
                Light.directional(new Vec3(0.8, 0.2, 0.4), 0.3).withColor(new Rgb(0.7, 0.8, 1.0))),
                new Rgb(0.12, 0.12, 0.14));
        return new Scene(List.of(object), Camera.DEFAULT, lighting,
                Background.gradient(new Rgb(0.93, 0.95, 0.98), new Rgb(0.62, 0.66, 0.72)));
    }
}
