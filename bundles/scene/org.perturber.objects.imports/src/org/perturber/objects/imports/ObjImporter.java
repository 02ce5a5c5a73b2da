package org.perturber.objects.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Texture;

import de.javagl.obj.FloatTuple;
import de.javagl.obj.Mtl;
import de.javagl.obj.MtlReader;
import de.javagl.obj.Obj;
import de.javagl.obj.ObjData;
import de.javagl.obj.ObjReader;
import de.javagl.obj.ObjUtils;

/** Wavefront OBJ with its MTL library: the first material's diffuse colour and diffuse texture map are used. */
final class ObjImporter {
    private ObjImporter() {
    }

    static ImportedMesh read(Path file) throws IOException {
        Obj obj;
        try (InputStream in = Files.newInputStream(file)) {
            obj = ObjUtils.convertToRenderable(ObjReader.read(in));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid OBJ file (" + e.getMessage() + ")", e);
        }
        if (obj.getNumFaces() == 0) {
            throw new IllegalArgumentException(file + ": contains no faces");
        }
        // the obj library gives no hook while streaming: the file-size limit bounds the parse, this the arrays
        if (obj.getNumFaces() > MeshFiles.MAX_TRIANGLES || obj.getNumVertices() > 3L * MeshFiles.MAX_TRIANGLES) {
            throw new IllegalArgumentException(file + ": " + obj.getNumFaces() + " triangles and "
                    + obj.getNumVertices() + " vertices is more than the " + MeshFiles.MAX_TRIANGLES
                    + " triangles supported");
        }
        int[] indices = ObjData.getFaceVertexIndicesArray(obj, 3);
        float[] positions = ObjData.getVerticesArray(obj);
        float[] normals = obj.getNumNormals() > 0 ? ObjData.getNormalsArray(obj) : null;
        float[] uvs = obj.getNumTexCoords() > 0 ? ObjData.getTexCoordsArray(obj, 2) : null;
        return new ImportedMesh(MeshBuilder.normalised(file, positions, normals, uvs, indices), material(file, obj));
    }

    private static Material material(Path file, Obj obj) throws IOException {
        Material material = Material.DEFAULT;
        for (String library : obj.getMtlFileNames()) {
            Path mtlFile = MeshReferences.inside(file, library, "mtllib");
            if (mtlFile == null) {
                continue; // a missing material library leaves the default grey, as other viewers do
            }
            List<Mtl> mtls;
            try (InputStream in = Files.newInputStream(mtlFile)) {
                mtls = MtlReader.read(in);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(mtlFile + ": not a valid MTL file (" + e.getMessage() + ")", e);
            }
            if (mtls.isEmpty()) {
                continue;
            }
            Mtl mtl = mtls.get(0);
            FloatTuple kd = mtl.getKd();
            if (kd != null) {
                material = material.withAlbedo(new Rgb(clamp(kd.getX()), clamp(kd.getY()), clamp(kd.getZ())));
            }
            if (mtl.getMapKd() != null) {
                // relative to the MTL library, and like it inside the mesh's folder
                String what = "map_Kd in " + mtlFile.getFileName();
                Path texture = MeshReferences.inside(file, mtlFile.getParent(), mtl.getMapKd(), mtl.getMapKd(), what);
                if (texture != null) {
                    MeshReferences.checkImageSize(file, what + " \"" + mtl.getMapKd() + "\"", texture.toFile());
                    material = material.withAlbedo(Rgb.WHITE).withTexture(Texture.image(texture.toString()));
                }
            }
            return material;
        }
        return material;
    }

    private static double clamp(float v) {
        return Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.8;
    }
}
