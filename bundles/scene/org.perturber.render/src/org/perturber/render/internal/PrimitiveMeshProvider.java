package org.perturber.render.internal;

import java.util.Map;
import java.util.Set;

import org.perturber.core.geometry.MeshProvider;
import org.perturber.core.geometry.Primitives;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.SceneObject;

/** Geometric primitives (sphere, torus, cube): calibration objects for lighting and camera checks. */
public final class PrimitiveMeshProvider implements MeshProvider {
    private static final Map<String, TriangleMesh> MESHES = Map.of(
            "sphere", Primitives.sphere(0.9f, 64, 32),
            "torus", Primitives.torus(0.65f, 0.3f, 96, 48),
            "cube", Primitives.cube(1.1f));

    @Override
    public Set<String> builtinIds() {
        return MESHES.keySet();
    }

    @Override
    public boolean supports(SceneObject object) {
        return object.mesh().kind() == MeshRef.Kind.BUILTIN && MESHES.containsKey(object.mesh().id());
    }

    @Override
    public TriangleMesh meshFor(SceneObject object) {
        TriangleMesh mesh = MESHES.get(object.mesh().id());
        if (mesh == null) {
            throw new IllegalArgumentException("no primitive named '" + object.mesh().id() + "'");
        }
        return mesh;
    }
}
