package org.perturber.objects.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.perturber.core.geometry.MeshProvider;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.SceneObject;

/**
 * A user's meshes: OBJ (with MTL and textures) and glTF 2.0 (.gltf, .glb), read with the de.javagl libraries,
 * centred and scaled to the unit sphere, cached by path, modification time and size. A malformed or oversized file
 * is refused with a message naming the file and the problem. Declarative Services: OSGI-INF/mesh-files.xml.
 */
public class MeshFiles implements MeshProvider {
    /** Files above this size are refused before parsing (a typo'd path to a dataset should not hang the UI). */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    /**
     * More triangles than this are refused (glTF: from its accessors before any geometry is read; OBJ: while the
     * file streams), and more than three times as many vertices.
     */
    public static final int DEFAULT_MAX_TRIANGLES = 4_000_000;
    private static final int CACHE_SIZE = 16;

    private final long maxBytes;
    private final int maxTriangles;
    private final Map<String, ImportedMesh> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ImportedMesh> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public MeshFiles() {
        this(DEFAULT_MAX_BYTES);
    }

    public MeshFiles(long maxBytes) {
        this(maxBytes, DEFAULT_MAX_TRIANGLES);
    }

    /** A provider with other limits, for a lab whose meshes are larger (or a test that needs smaller ones). */
    public MeshFiles(long maxBytes, int maxTriangles) {
        this.maxBytes = maxBytes;
        this.maxTriangles = maxTriangles;
    }

    @Override
    public Set<String> builtinIds() {
        return Set.of();
    }

    @Override
    public boolean supports(SceneObject object) {
        return object.mesh().kind() == MeshRef.Kind.FILE && format(object.mesh().id()) != null;
    }

    @Override
    public TriangleMesh meshFor(SceneObject object) {
        return read(Path.of(object.mesh().id())).mesh();
    }

    @Override
    public Optional<Material> defaultMaterial(MeshRef mesh) {
        return mesh.kind() == MeshRef.Kind.FILE && format(mesh.id()) != null
                ? Optional.of(read(Path.of(mesh.id())).material())
                : Optional.empty();
    }

    /**
     * Reads (or returns the cached) mesh and material of a file.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public ImportedMesh read(Path file) {
        Path path = file.toAbsolutePath();
        String format = format(path.toString());
        if (format == null) {
            throw new IllegalArgumentException(path + ": unknown mesh format (use .obj, .gltf or .glb)");
        }
        MeshReferences.requireRegularFile(path, "a mesh"); // before opening: a FIFO would block forever
        long size;
        String key;
        try {
            size = Files.size(path);
            key = path + "|" + Files.getLastModifiedTime(path).toMillis() + "|" + size;
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (size > maxBytes) {
            throw new IllegalArgumentException(path + ": " + size + " bytes is more than the " + maxBytes
                    + " bytes a mesh file may have");
        }
        synchronized (cache) {
            ImportedMesh cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ImportedMesh mesh;
        try {
            mesh = format.equals("obj") ? ObjImporter.read(path, maxTriangles)
                    : GltfImporter.read(path, maxBytes, maxTriangles);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot read (" + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(path + ": too large to load", e);
        }
        if (mesh.mesh().triangleCount() > maxTriangles) {
            throw new IllegalArgumentException(path + ": " + mesh.mesh().triangleCount()
                    + " triangles is more than the " + maxTriangles + " supported");
        }
        synchronized (cache) {
            cache.put(key, mesh);
        }
        return mesh;
    }

    private static String format(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".obj")) {
            return "obj";
        }
        return p.endsWith(".gltf") || p.endsWith(".glb") ? "gltf" : null;
    }
}
