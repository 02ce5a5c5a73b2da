package org.perturber.objects.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Texture;

import de.javagl.obj.FloatTuple;
import de.javagl.obj.Mtl;
import de.javagl.obj.MtlReader;
import de.javagl.obj.Obj;
import de.javagl.obj.ObjData;
import de.javagl.obj.ObjFace;
import de.javagl.obj.ObjReader;
import de.javagl.obj.ObjUtils;
import de.javagl.obj.Objs;
import de.javagl.obj.WritableObj;

/** Wavefront OBJ with its MTL library: the first material's diffuse colour and diffuse texture map are used. */
final class ObjImporter {
    private ObjImporter() {
    }

    static ImportedMesh read(Path file, int maxTriangles) throws IOException {
        Obj obj;
        try (InputStream in = Files.newInputStream(file)) {
            obj = ObjUtils.convertToRenderable(ObjReader.read(in, new BoundedObj(file, maxTriangles)).obj);
        } catch (TooLarge e) {
            throw e; // already worded; other runtime exceptions are the parser's
        } catch (IOException | RuntimeException e) {
            // the parser reports a malformed line as an IOException naming the line
            throw new IllegalArgumentException(file + ": not a valid OBJ file (" + e.getMessage() + ")", e);
        }
        if (obj.getNumFaces() == 0) {
            throw new IllegalArgumentException(file + ": contains no faces");
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
                throw new IllegalArgumentException(file + ": mtllib \"" + library + "\" is not a valid MTL file ("
                        + e.getMessage() + ")", e);
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

    /** A limit reached while the file streams. */
    private static final class TooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** Counts what the file adds while it streams and stops it as soon as it exceeds the limits. */
    private static final class BoundedObj implements WritableObj {
        private final Obj obj = Objs.create();
        private final Path file;
        private final long maxTriangles;
        private final long maxElements;
        private long vertices;
        private long texCoords;
        private long normals;
        private long triangles;

        BoundedObj(Path file, int maxTriangles) {
            this.file = file;
            this.maxTriangles = maxTriangles;
            this.maxElements = 3L * maxTriangles;
        }

        private void vertex() {
            if (++vertices > maxElements) {
                throw new TooLarge(file + ": more than " + maxElements + " vertices (at most "
                        + maxElements + ", three per triangle of the " + maxTriangles + " supported)");
            }
        }

        private void texCoord() {
            if (++texCoords > maxElements) {
                throw new TooLarge(file + ": more than " + maxElements + " texture coordinates");
            }
        }

        private void normal() {
            if (++normals > maxElements) {
                throw new TooLarge(file + ": more than " + maxElements + " normals");
            }
        }

        private void face(int corners) {
            triangles += Math.max(1, corners - 2); // a polygon becomes corners - 2 triangles
            if (triangles > maxTriangles) {
                throw new TooLarge(file + ": more than the " + maxTriangles
                        + " triangles supported");
            }
        }

        @Override
        public void addVertex(FloatTuple vertex) {
            vertex();
            obj.addVertex(vertex);
        }

        @Override
        public void addVertex(float x, float y, float z) {
            vertex();
            obj.addVertex(x, y, z);
        }

        @Override
        public void addTexCoord(FloatTuple texCoord) {
            texCoord();
            obj.addTexCoord(texCoord);
        }

        @Override
        public void addTexCoord(float x) {
            texCoord();
            obj.addTexCoord(x);
        }

        @Override
        public void addTexCoord(float x, float y) {
            texCoord();
            obj.addTexCoord(x, y);
        }

        @Override
        public void addTexCoord(float x, float y, float z) {
            texCoord();
            obj.addTexCoord(x, y, z);
        }

        @Override
        public void addNormal(FloatTuple normal) {
            normal();
            obj.addNormal(normal);
        }

        @Override
        public void addNormal(float x, float y, float z) {
            normal();
            obj.addNormal(x, y, z);
        }

        @Override
        public void setActiveGroupNames(Collection<? extends String> groupNames) {
            obj.setActiveGroupNames(groupNames);
        }

        @Override
        public void setActiveMaterialGroupName(String groupName) {
            obj.setActiveMaterialGroupName(groupName);
        }

        @Override
        public void addFace(ObjFace face) {
            face(face.getNumVertices());
            obj.addFace(face);
        }

        @Override
        public void addFace(int... v) {
            face(v.length);
            obj.addFace(v);
        }

        @Override
        public void addFaceWithTexCoords(int... v) {
            face(v.length / 2);
            obj.addFaceWithTexCoords(v);
        }

        @Override
        public void addFaceWithNormals(int... v) {
            face(v.length / 2);
            obj.addFaceWithNormals(v);
        }

        @Override
        public void addFaceWithAll(int... v) {
            face(v.length / 3);
            obj.addFaceWithAll(v);
        }

        @Override
        public void addFace(int[] v, int[] vt, int[] vn) {
            face(v.length);
            obj.addFace(v, vt, vn);
        }

        @Override
        public void setMtlFileNames(Collection<? extends String> mtlFileNames) {
            obj.setMtlFileNames(mtlFileNames);
        }
    }

    private static double clamp(float v) {
        return Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.8;
    }
}
