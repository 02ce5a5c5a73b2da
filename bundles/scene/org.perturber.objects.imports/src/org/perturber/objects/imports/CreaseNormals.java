package org.perturber.objects.imports;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.perturber.core.geometry.TriangleMesh;

/**
 * Normals for a mesh whose file has none: each corner of a triangle takes the (area-weighted) normals of the
 * triangles around its position that meet it at less than the crease angle, so that a cube stays a cube (each face
 * flat) while a finely tessellated surface stays smooth. Averaging over every triangle at a vertex instead rounds
 * hard edges into a blob. Corners at one vertex that end with different normals become separate vertices (with the
 * same position and texture coordinate).
 */
final class CreaseNormals {
    /** Triangles meeting at more than this angle keep a hard edge between them (Blender's auto smooth uses 30). */
    static final double CREASE_DEGREES = 40;

    private CreaseNormals() {
    }

    static TriangleMesh split(float[] positions, float[] uvs, int[] indices) {
        int triangles = indices.length / 3;
        float[] faceNormals = new float[triangles * 3]; // area-weighted (cross product)
        float[] unitFace = new float[triangles * 3];
        for (int t = 0; t < triangles; t++) {
            int a = indices[t * 3] * 3, b = indices[t * 3 + 1] * 3, c = indices[t * 3 + 2] * 3;
            float ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1],
                    uz = positions[b + 2] - positions[a + 2];
            float vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1],
                    vz = positions[c + 2] - positions[a + 2];
            float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            faceNormals[t * 3] = nx;
            faceNormals[t * 3 + 1] = ny;
            faceNormals[t * 3 + 2] = nz;
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            if (len > 0) {
                unitFace[t * 3] = (float) (nx / len);
                unitFace[t * 3 + 1] = (float) (ny / len);
                unitFace[t * 3 + 2] = (float) (nz / len);
            }
        }
        // the triangles around each position (vertices split at texture seams share a position)
        int[] positionOf = positionIds(positions);
        int positionCount = Arrays.stream(positionOf).max().orElse(-1) + 1;
        int[] start = new int[positionCount + 1];
        for (int corner = 0; corner < indices.length; corner++) {
            start[positionOf[indices[corner]] + 1]++;
        }
        for (int p = 0; p < positionCount; p++) {
            start[p + 1] += start[p];
        }
        int[] around = new int[indices.length];
        int[] fill = Arrays.copyOf(start, positionCount);
        for (int corner = 0; corner < indices.length; corner++) {
            around[fill[positionOf[indices[corner]]]++] = corner / 3;
        }
        double cosCrease = Math.cos(Math.toRadians(CREASE_DEGREES));
        float[] outPositions = new float[indices.length * 3];
        float[] outNormals = new float[indices.length * 3];
        float[] outUvs = new float[indices.length * 2];
        int[] outIndices = new int[indices.length];
        Map<Key, Integer> made = new HashMap<>();
        int vertices = 0;
        for (int corner = 0; corner < indices.length; corner++) {
            int t = corner / 3;
            int v = indices[corner];
            int p = positionOf[v];
            // a collapsed triangle has no direction of its own: its corners take the surface's around them
            boolean degenerate = unitFace[t * 3] == 0 && unitFace[t * 3 + 1] == 0 && unitFace[t * 3 + 2] == 0;
            double nx = 0, ny = 0, nz = 0;
            for (int i = start[p]; i < start[p + 1]; i++) {
                int other = around[i];
                double cos = unitFace[t * 3] * unitFace[other * 3] + unitFace[t * 3 + 1] * unitFace[other * 3 + 1]
                        + unitFace[t * 3 + 2] * unitFace[other * 3 + 2];
                if (other == t || degenerate || cos >= cosCrease) {
                    nx += faceNormals[other * 3];
                    ny += faceNormals[other * 3 + 1];
                    nz += faceNormals[other * 3 + 2];
                }
            }
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            float fx = len > 1e-20 ? (float) (nx / len) : 0;
            float fy = len > 1e-20 ? (float) (ny / len) : 1;
            float fz = len > 1e-20 ? (float) (nz / len) : 0;
            Key key = new Key(v, fx, fy, fz);
            Integer index = made.get(key);
            if (index == null) {
                index = vertices++;
                made.put(key, index);
                System.arraycopy(positions, v * 3, outPositions, index * 3, 3);
                outNormals[index * 3] = fx;
                outNormals[index * 3 + 1] = fy;
                outNormals[index * 3 + 2] = fz;
                outUvs[index * 2] = uvs[v * 2];
                outUvs[index * 2 + 1] = uvs[v * 2 + 1];
            }
            outIndices[corner] = index;
        }
        return new TriangleMesh(Arrays.copyOf(outPositions, vertices * 3), Arrays.copyOf(outNormals, vertices * 3),
                Arrays.copyOf(outUvs, vertices * 2), outIndices);
    }

    /** One id per distinct position: vertices at exactly the same point share it. */
    private static int[] positionIds(float[] positions) {
        int n = positions.length / 3;
        int[] ids = new int[n];
        Map<Point, Integer> seen = new HashMap<>();
        for (int v = 0; v < n; v++) {
            Point point = new Point(positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]);
            Integer id = seen.putIfAbsent(point, seen.size());
            ids[v] = id == null ? seen.size() - 1 : id;
        }
        return ids;
    }

    private record Point(float x, float y, float z) {
    }

    /** A vertex of the file with one of the normals its corners got. */
    private record Key(int vertex, float x, float y, float z) {
    }
}
