package org.perturber.objects.imports;

import org.perturber.core.geometry.TriangleMesh;
import org.perturber.core.scene.Material;

/** A mesh read from a file, centred and scaled to the unit sphere, with the material the file gives it. */
public record ImportedMesh(TriangleMesh mesh, Material material) {
}
