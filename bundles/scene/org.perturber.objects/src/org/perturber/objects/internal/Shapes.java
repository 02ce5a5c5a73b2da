package org.perturber.objects.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base shapes of the catalog in the shared layout, centred and scaled to the unit sphere; morphing and
 * deformations act on these positions.
 */
public final class Shapes {
    private static final ConcurrentHashMap<String, float[]> BASE = new ConcurrentHashMap<>();

    private Shapes() {
    }

    /** The normalised positions of a catalog object (built once, shared, read only). */
    public static float[] base(String id) {
        return BASE.computeIfAbsent(id, k -> build(Catalog.definitions().get(k)));
    }

    private static float[] build(Catalog.Definition definition) {
        List<float[]> parts = definition.parts().get();
        if (parts.isEmpty() || parts.size() > PartGrid.PARTS) {
            throw new IllegalStateException(definition.id() + " has " + parts.size() + " parts");
        }
        float[] p = new float[PartGrid.VERTICES * 3];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i), 0, p, i * PartGrid.VERTICES_PER_PART * 3, parts.get(i).length);
        }
        int used = parts.size() * PartGrid.VERTICES_PER_PART * 3;
        double[] min = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE };
        double[] max = { -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
        for (int v = 0; v < used; v += 3) {
            for (int k = 0; k < 3; k++) {
                min[k] = Math.min(min[k], p[v + k]);
                max[k] = Math.max(max[k], p[v + k]);
            }
        }
        double[] centre = { (min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2 };
        double radius = 0;
        for (int v = 0; v < used; v += 3) {
            double dx = p[v] - centre[0], dy = p[v + 1] - centre[1], dz = p[v + 2] - centre[2];
            radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        for (int v = 0; v < used; v += 3) {
            for (int k = 0; k < 3; k++) {
                p[v + k] = (float) ((p[v + k] - centre[k]) / radius);
            }
        }
        // unused parts stay collapsed at the centre: when morphing they grow out of the middle of the object
        return p;
    }
}
