package org.perturber.core.geometry;

import java.util.Optional;
import java.util.Set;

import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.SceneObject;

/**
 * Supplies geometry for scene objects: built-in object classes (with their shape parameters such as morphing)
 * or imported files. Registered as OSGi services; the renderer asks each provider that {@link #supports} the
 * object's mesh reference.
 */
public interface MeshProvider {
    /** The built-in object ids this provider knows (empty for file importers). */
    Set<String> builtinIds();

    boolean supports(SceneObject object);

    /**
     * Builds (or returns a cached) mesh, centred at the origin and fitting the unit sphere.
     *
     * @throws IllegalArgumentException naming the object or file and the problem
     */
    TriangleMesh meshFor(SceneObject object);

    /** The material the object comes with (a built-in class's characteristic texture, a file's own material). */
    default Optional<Material> defaultMaterial(MeshRef mesh) {
        return Optional.empty();
    }
}
