package org.perturber.objects.tests;

import java.time.Duration;
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
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.testing.Fixtures;

/** The object tests' scene: a built-in object on the pure blue background that {@link Fixtures} measures. */
final class Renders {
    private Renders() {
    }

    static BuiltinObjects objects() {
        return Services.await(BuiltinObjects.class, Duration.ofSeconds(20));
    }

    static Scene scene(String id) {
        Material material = objects().defaultMaterial(MeshRef.builtin(id)).orElseThrow();
        SceneObject object = SceneObject.of(id, MeshRef.builtin(id)).withMaterial(material);
        return new Scene(List.of(object), Camera.DEFAULT.withOrbit(20, 15, 3),
                new Lighting(List.of(Light.directional(new Vec3(-0.5, 0.8, 0.7), 0.9)), new Rgb(0.2, 0.2, 0.2)),
                Background.solid(Fixtures.BACKGROUND));
    }
}
