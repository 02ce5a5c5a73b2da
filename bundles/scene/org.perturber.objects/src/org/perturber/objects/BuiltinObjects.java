package org.perturber.objects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.perturber.core.geometry.MeshProvider;
import org.perturber.core.geometry.ShapeKeys;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.SceneObject;
import org.perturber.objects.internal.Catalog;
import org.perturber.objects.internal.Deformations;
import org.perturber.objects.internal.PartGrid;
import org.perturber.objects.internal.Shapes;

/**
 * The built-in object classes, as a {@link MeshProvider} service (OSGI-INF/builtin-objects.xml). Every object can
 * morph continuously into every other ({@link ShapeKeys#MORPH_TARGET}, {@link ShapeKeys#MORPH_AMOUNT}) and be
 * deformed (twist, bend, bulge, noise); meshes are cached, so dragging a slider back and forth costs little.
 */
public class BuiltinObjects implements MeshProvider {
    private static final int CACHE_SIZE = 64;

    private final Map<String, TriangleMesh> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TriangleMesh> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** The ids of the built-in classes, in catalog order. */
    public List<String> ids() {
        return BuiltinCatalog.ids();
    }

    /** A name for people, such as "Mug". */
    public String label(String id) {
        return BuiltinCatalog.label(id);
    }

    @Override
    public Set<String> builtinIds() {
        return Catalog.definitions().keySet();
    }

    @Override
    public boolean supports(SceneObject object) {
        return object.mesh().kind() == MeshRef.Kind.BUILTIN && Catalog.definitions().containsKey(object.mesh().id());
    }

    @Override
    public Optional<Material> defaultMaterial(MeshRef mesh) {
        return BuiltinCatalog.defaultMaterial(mesh);
    }

    @Override
    public TriangleMesh meshFor(SceneObject object) {
        String id = object.mesh().id();
        definition(id);
        Map<String, String> shape = object.shape();
        String target = shape.getOrDefault(ShapeKeys.MORPH_TARGET, id);
        definition(target);
        double amount = number(object, ShapeKeys.MORPH_AMOUNT, 0, 0, 1);
        double twist = number(object, ShapeKeys.TWIST, 0, -720, 720);
        double bend = number(object, ShapeKeys.BEND, 0, -360, 360);
        double bulge = number(object, ShapeKeys.BULGE, 0, -0.95, 3);
        double noise = number(object, ShapeKeys.NOISE_AMPLITUDE, 0, 0, 0.5);
        double frequency = number(object, ShapeKeys.NOISE_FREQUENCY, 4, 0.1, 50);
        int seed = (int) number(object, ShapeKeys.NOISE_SEED, 0, 0, Integer.MAX_VALUE);
        String key = String.join("|", id, target, Double.toString(amount), Double.toString(twist),
                Double.toString(bend), Double.toString(bulge), Double.toString(noise), Double.toString(frequency),
                Integer.toString(seed));
        synchronized (cache) {
            TriangleMesh cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        TriangleMesh mesh = build(id, target, amount, twist, bend, bulge, noise, frequency, seed);
        synchronized (cache) {
            cache.put(key, mesh);
        }
        return mesh;
    }

    /** Builds without the cache (what the render benchmark times as "morph rebuild"). */
    public static TriangleMesh build(String id, String target, double amount, double twist, double bend,
            double bulge, double noise, double frequency, int seed) {
        float[] p = Shapes.base(id);
        if (amount > 0 && !target.equals(id)) {
            p = amount >= 1 ? Shapes.base(target) : Deformations.morph(p, Shapes.base(target), amount);
        }
        if (noise > 0) {
            p = Deformations.noise(p, PartGrid.normals(p), noise, frequency, seed);
        }
        if (bulge != 0) {
            p = Deformations.bulge(p, bulge);
        }
        if (twist != 0) {
            p = Deformations.twist(p, twist);
        }
        if (bend != 0) {
            p = Deformations.bend(p, bend);
        }
        return new TriangleMesh(p, PartGrid.normals(p), PartGrid.uvs(), PartGrid.indices());
    }

    private static Catalog.Definition definition(String id) {
        Catalog.Definition d = Catalog.definitions().get(id);
        if (d == null) {
            throw new IllegalArgumentException("no built-in object '" + id + "'; known: "
                    + Catalog.definitions().keySet());
        }
        return d;
    }

    private static double number(SceneObject object, String key, double fallback, double min, double max) {
        String text = object.shape().get(key);
        if (text == null) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shape parameter " + key + " of '" + object.name()
                    + "' is not a number: '" + text + "'");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("shape parameter " + key + " of '" + object.name() + "' is " + v);
        }
        return Math.max(min, Math.min(max, v));
    }
}
