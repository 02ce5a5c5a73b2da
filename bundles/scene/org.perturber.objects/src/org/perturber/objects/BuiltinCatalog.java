package org.perturber.objects;

import java.util.List;
import java.util.Optional;

import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.objects.internal.Catalog;

/**
 * What the built-in object classes are: ids, names and default materials. Plain data, for code that needs the list
 * but no geometry (a perturbation offering "swap texture with: mug, vase, ..."); the meshes come from the
 * {@link BuiltinObjects} service, which nobody needs to construct.
 */
public final class BuiltinCatalog {
    private BuiltinCatalog() {
    }

    /** The ids of the built-in classes, in catalog order. */
    public static List<String> ids() {
        return List.copyOf(Catalog.definitions().keySet());
    }

    /** A name for people, such as "Mug". */
    public static String label(String id) {
        Catalog.Definition d = Catalog.definitions().get(id);
        if (d == null) {
            throw new IllegalArgumentException("no built-in object '" + id + "'; there are " + ids());
        }
        return d.label();
    }

    /** The material a built-in object is shown with, or empty for anything else. */
    public static Optional<Material> defaultMaterial(MeshRef mesh) {
        return mesh.kind() == MeshRef.Kind.BUILTIN ? Optional.ofNullable(Catalog.definitions().get(mesh.id())).map(
                Catalog.Definition::material) : Optional.empty();
    }
}
