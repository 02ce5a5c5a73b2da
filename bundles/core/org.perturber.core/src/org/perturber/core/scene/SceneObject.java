package org.perturber.core.scene;

import java.util.Map;
import java.util.TreeMap;

/**
 * One object of a scene. {@code shape} holds named shape parameters understood by the geometry provider
 * (morph target and amount, twist, bend, bulge, ...): open-ended so that new deformations need no API change.
 */
public record SceneObject(String name, MeshRef mesh, Transform transform, Material material, Map<String, String> shape) {
    public SceneObject {
        Checks.present("object name", name);
        Checks.present("mesh", mesh);
        Checks.present("transform", transform);
        Checks.present("material", material);
        shape = Map.copyOf(Checks.present("shape parameters", shape));
    }

    public static SceneObject of(String name, MeshRef mesh) {
        return new SceneObject(name, mesh, Transform.IDENTITY, Material.DEFAULT, Map.of());
    }

    /**
     * The class a model should see in this object: a built-in object's class is its id; an imported mesh has no
     * class of its own, so its name in the scene (the label asked for at import) stands for it. One rule for
     * attacks, the robustness curve and sweeps.
     */
    public String classLabel() {
        return mesh.kind() == MeshRef.Kind.BUILTIN ? mesh.id() : name;
    }

    public SceneObject withTransform(Transform t) {
        return new SceneObject(name, mesh, t, material, shape);
    }

    public SceneObject withMaterial(Material m) {
        return new SceneObject(name, mesh, transform, m, shape);
    }

    public SceneObject withMesh(MeshRef m) {
        return new SceneObject(name, m, transform, material, shape);
    }

    /** A copy with one shape parameter set (or removed when {@code value} is null). */
    public SceneObject withShape(String key, String value) {
        Map<String, String> copy = new TreeMap<>(shape);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new SceneObject(name, mesh, transform, material, copy);
    }
}
