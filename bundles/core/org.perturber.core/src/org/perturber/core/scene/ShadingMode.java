package org.perturber.core.scene;

/** How a surface is lit: smooth (interpolated normals), flat (face normals) or unlit (albedo only). */
public enum ShadingMode {
    SMOOTH, FLAT, UNLIT
}
