package org.perturber.objects.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Texture;

import de.javagl.jgltf.model.AccessorByteData;
import de.javagl.jgltf.model.AccessorData;
import de.javagl.jgltf.model.AccessorFloatData;
import de.javagl.jgltf.model.AccessorIntData;
import de.javagl.jgltf.model.AccessorModel;
import de.javagl.jgltf.model.AccessorShortData;
import de.javagl.jgltf.model.GltfModel;
import de.javagl.jgltf.model.GltfModels;
import de.javagl.jgltf.model.ImageModel;
import de.javagl.jgltf.model.MeshModel;
import de.javagl.jgltf.model.MeshPrimitiveModel;
import de.javagl.jgltf.model.NodeModel;
import de.javagl.jgltf.model.io.GltfAsset;
import de.javagl.jgltf.model.io.GltfAssetReader;
import de.javagl.jgltf.model.io.GltfReference;
import de.javagl.jgltf.model.v2.MaterialModelV2;

/**
 * glTF 2.0 (.gltf with its buffers, or binary .glb): every triangle primitive of every node, in world space; the
 * first material's base colour factor and base colour texture.
 */
final class GltfImporter {
    private static final int TRIANGLES = 4;

    private GltfImporter() {
    }

    static ImportedMesh read(Path file, long maxBytes, int maxTriangles) throws IOException {
        GltfAsset asset;
        try (InputStream in = Files.newInputStream(file)) {
            // without references: the library would resolve any URI itself, so each one is checked here first
            asset = new GltfAssetReader().readWithoutReferences(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid glTF file (" + rootMessage(e) + ")", e);
        }
        // one budget for the file and everything it references: many references (or one file named many times)
        // must not multiply the per-file limit
        long budget = maxBytes - Files.size(file);
        for (GltfReference reference : asset.getReferences()) {
            // data: URIs are decoded by the library and are not listed here
            String what = (reference.getName().startsWith("image") ? "image" : "buffer") + " uri";
            Path target = MeshReferences.inside(file, file.getParent(), decode(file, reference.getUri(), what),
                    reference.getUri(), what);
            if (target == null) { // the library cannot build a model with a missing buffer or image
                throw new IllegalArgumentException(file + ": " + what + " \"" + reference.getUri()
                        + "\" does not exist in the mesh's folder");
            }
            String label = what + " \"" + reference.getUri() + "\"";
            if (what.startsWith("image")) {
                MeshReferences.checkImageSize(file, label, target.toFile());
            }
            long size = Files.size(target);
            if (size > budget) {
                throw new IllegalArgumentException(file + ": " + label + " has " + size + " bytes; with the file and"
                        + " the references before it that is more than the " + maxBytes + " bytes a mesh may read");
            }
            budget -= size;
            reference.getTarget().accept(ByteBuffer.wrap(MeshReferences.readBounded(file, label, target, maxBytes)));
        }
        GltfModel model;
        try {
            model = GltfModels.create(asset);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid glTF file (" + rootMessage(e) + ")", e);
        }
        checkCounts(file, model, maxTriangles);
        try {
            return geometry(file, model);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(file + ": an accessor reads past the end of its buffer", e);
        }
    }

    /** glTF URIs are percent-encoded; a malformed one is refused. */
    private static String decode(Path file, String uri, String what) {
        try {
            URI parsed = new URI(uri);
            return parsed.getScheme() != null || parsed.getPath() == null ? uri : parsed.getPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(file + ": " + what + " \"" + uri + "\" is not a valid URI");
        }
    }

    /** Counts from the accessors, before any geometry is read: a tiny file may declare billions of elements. */
    private static void checkCounts(Path file, GltfModel model, int maxTriangles) {
        long vertices = 0;
        long indices = 0;
        List<AccessorModel> accessors = new ArrayList<>();
        for (NodeModel node : model.getNodeModels()) {
            for (MeshModel mesh : node.getMeshModels()) {
                for (MeshPrimitiveModel primitive : mesh.getMeshPrimitiveModels()) {
                    if (primitive.getMode() != TRIANGLES) {
                        continue;
                    }
                    AccessorModel position = primitive.getAttributes().get("POSITION");
                    if (position == null) {
                        continue;
                    }
                    vertices += position.getCount();
                    accessors.addAll(primitive.getAttributes().values());
                    if (primitive.getIndices() != null) {
                        accessors.add(primitive.getIndices());
                        indices += primitive.getIndices().getCount();
                    } else {
                        indices += position.getCount();
                    }
                }
            }
        }
        if (vertices > 3L * maxTriangles || indices / 3 > maxTriangles) {
            throw new IllegalArgumentException(file + ": its accessors declare " + vertices + " vertices and "
                    + indices / 3 + " triangles, more than the " + maxTriangles + " triangles supported");
        }
        for (AccessorModel accessor : accessors) {
            checkFits(file, accessor);
        }
    }

    private static void checkFits(Path file, AccessorModel accessor) {
        if (accessor.getCount() < 0) {
            throw new IllegalArgumentException(file + ": an accessor has a negative count");
        }
        if (accessor.getBufferViewModel() == null) {
            return; // all zeros (sparse or absent data): nothing is read
        }
        long stride = Math.max(accessor.getByteStride(), accessor.getElementSizeInBytes());
        long needed = accessor.getByteOffset() + (accessor.getCount() == 0 ? 0
                : (accessor.getCount() - 1L) * stride + accessor.getElementSizeInBytes());
        long available = accessor.getBufferViewModel().getByteLength();
        if (needed > available) {
            throw new IllegalArgumentException(file + ": an accessor of " + accessor.getCount() + " elements needs "
                    + needed + " bytes but its buffer view has " + available);
        }
    }

    private static ImportedMesh geometry(Path file, GltfModel model) throws IOException {
        List<Float> positions = new ArrayList<>();
        List<Float> normals = new ArrayList<>();
        List<Float> uvs = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        boolean allNormals = true;
        MaterialModelV2 material = null;
        for (NodeModel node : model.getNodeModels()) {
            float[] m = node.computeGlobalTransform(null);
            for (MeshModel mesh : node.getMeshModels()) {
                for (MeshPrimitiveModel primitive : mesh.getMeshPrimitiveModels()) {
                    if (primitive.getMode() != TRIANGLES) {
                        continue;
                    }
                    Map<String, AccessorModel> attributes = primitive.getAttributes();
                    AccessorModel position = attributes.get("POSITION");
                    if (position == null) {
                        throw new IllegalArgumentException(file + ": a primitive has no POSITION attribute");
                    }
                    int base = positions.size() / 3;
                    AccessorFloatData p = floats(file, position, "POSITION");
                    for (int e = 0; e < p.getNumElements(); e++) {
                        float x = p.get(e, 0), y = p.get(e, 1), z = p.get(e, 2);
                        positions.add(m[0] * x + m[4] * y + m[8] * z + m[12]);
                        positions.add(m[1] * x + m[5] * y + m[9] * z + m[13]);
                        positions.add(m[2] * x + m[6] * y + m[10] * z + m[14]);
                    }
                    AccessorModel normal = attributes.get("NORMAL");
                    if (normal != null && allNormals) {
                        AccessorFloatData n = floats(file, normal, "NORMAL");
                        for (int e = 0; e < n.getNumElements(); e++) {
                            float x = n.get(e, 0), y = n.get(e, 1), z = n.get(e, 2);
                            normals.add(m[0] * x + m[4] * y + m[8] * z);
                            normals.add(m[1] * x + m[5] * y + m[9] * z);
                            normals.add(m[2] * x + m[6] * y + m[10] * z);
                        }
                    } else {
                        allNormals = false;
                    }
                    AccessorModel texcoord = attributes.get("TEXCOORD_0");
                    for (int e = 0; e < p.getNumElements(); e++) {
                        if (texcoord != null) {
                            AccessorFloatData t = floats(file, texcoord, "TEXCOORD_0");
                            uvs.add(t.get(e, 0));
                            uvs.add(1 - t.get(e, 1)); // glTF's v runs down the image, ours up
                        } else {
                            uvs.add(0f);
                            uvs.add(0f);
                        }
                    }
                    if (primitive.getIndices() == null) {
                        for (int e = 0; e < p.getNumElements(); e++) {
                            indices.add(base + e);
                        }
                    } else {
                        AccessorData data = primitive.getIndices().getAccessorData();
                        for (int e = 0; e < data.getNumElements(); e++) {
                            indices.add(base + index(file, data, e));
                        }
                    }
                    if (material == null && primitive.getMaterialModel() instanceof MaterialModelV2 v2) {
                        material = v2;
                    }
                }
            }
        }
        float[] n = allNormals ? toArray(normals) : null;
        return new ImportedMesh(MeshBuilder.normalised(file, toArray(positions), n, toArray(uvs),
                indices.stream().mapToInt(Integer::intValue).toArray()), material(file, material));
    }

    private static AccessorFloatData floats(Path file, AccessorModel accessor, String what) {
        if (!(accessor.getAccessorData() instanceof AccessorFloatData f)) {
            throw new IllegalArgumentException(file + ": " + what + " is not stored as floats");
        }
        return f;
    }

    private static int index(Path file, AccessorData data, int e) {
        if (data instanceof AccessorIntData i) {
            return i.get(e);
        } else if (data instanceof AccessorShortData s) {
            return s.getInt(e);
        } else if (data instanceof AccessorByteData b) {
            return b.getInt(e);
        }
        throw new IllegalArgumentException(file + ": indices of an unsupported type");
    }

    private static Material material(Path file, MaterialModelV2 gltf) throws IOException {
        if (gltf == null) {
            return Material.DEFAULT;
        }
        float[] f = gltf.getBaseColorFactor();
        Material material = Material.DEFAULT;
        if (f != null && f.length >= 3) {
            material = material.withAlbedo(new Rgb(clamp(f[0]), clamp(f[1]), clamp(f[2])));
        }
        if (gltf.getBaseColorTexture() != null && gltf.getBaseColorTexture().getImageModel() != null) {
            Path image = imageFile(file, gltf.getBaseColorTexture().getImageModel());
            if (image != null) {
                material = material.withTexture(Texture.image(image.toString()));
            }
        }
        return material;
    }

    /** The image as a file the renderer can load: referenced files as they are, embedded ones written to a cache. */
    private static Path imageFile(Path file, ImageModel image) throws IOException {
        String uri = image.getUri();
        if (uri != null && !uri.startsWith("data:")) {
            // already checked when the references were read
            return MeshReferences.inside(file, file.getParent(), decode(file, uri, "image uri"), uri, "image uri");
        }
        ByteBuffer data = image.getImageData();
        if (data == null) {
            return null;
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        MeshReferences.checkImageSize(file, "embedded image", new ByteArrayInputStream(bytes));
        // a private folder per import (not a fixed shared one another user could plant files in); the renderer
        // loads the file whenever the scene is drawn, so it lives until the program exits
        Path dir = Files.createTempDirectory("perturber-gltf-texture-");
        dir.toFile().deleteOnExit();
        Path out = dir.resolve("texture" + ("image/jpeg".equals(image.getMimeType()) ? ".jpg" : ".png"));
        Files.write(out, bytes);
        out.toFile().deleteOnExit();
        return out;
    }

    private static float[] toArray(List<Float> list) {
        float[] a = new float[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static double clamp(float v) {
        return Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.8;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }
}
