package org.perturber.core.scene;

/**
 * Which geometry an object has: a built-in object class by id (for example {@code mug}) or a mesh file
 * (OBJ, glTF) by path. The renderer resolves the reference; the scene stays a plain value.
 */
public record MeshRef(Kind kind, String id) {
    public enum Kind {
        BUILTIN, FILE
    }

    public MeshRef {
        Checks.present("mesh kind", kind);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("mesh reference needs an id or a path");
        }
    }

    public static MeshRef builtin(String id) {
        return new MeshRef(Kind.BUILTIN, id);
    }

    public static MeshRef file(String path) {
        return new MeshRef(Kind.FILE, path);
    }
}
