package org.perturber.objects;

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

/**
 * The standard scene around one object: the object with its own material, a key and a fill light, a soft gradient
 * behind, the camera a little above and to the side. The workbench opens on it and sweeps start from it, so that an
 * effect seen interactively is measured from the same starting point.
 */
public final class BuiltinScenes {
    /** Azimuth of the standard view, in degrees. */
    public static final double AZIMUTH = 25;

    private BuiltinScenes() {
    }

    public static Scene standard(BuiltinObjects objects, String id) {
        return standard(objects, MeshRef.builtin(id), id, 0);
    }

    /** The camera of the standard scene: where Reset camera puts it back. */
    public static Camera standardCamera() {
        return Camera.DEFAULT.withOrbit(AZIMUTH, 20, 3);
    }

    /**
     * The standard scene for any mesh (built-in or a file), seen from the standard view turned by
     * {@code azimuthOffset} degrees.
     */
    public static Scene standard(BuiltinObjects objects, MeshRef mesh, String name, double azimuthOffset) {
        Material material = objects.defaultMaterial(mesh).orElse(Material.DEFAULT);
        SceneObject object = SceneObject.of(name, mesh).withMaterial(material);
        Lighting lighting = new Lighting(List.of(Light.directional(new Vec3(-0.6, 0.8, 0.7), 0.9),
                Light.directional(new Vec3(0.8, 0.2, 0.4), 0.3).withColor(new Rgb(0.8, 0.85, 1.0))),
                new Rgb(0.2, 0.2, 0.22));
        return new Scene(List.of(object), standardCamera().withOrbit(AZIMUTH + azimuthOffset, 20, 3), lighting,
                Background.gradient(new Rgb(0.93, 0.95, 0.98), new Rgb(0.62, 0.66, 0.72)));
    }
}
