package org.perturber.perturbation.background;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Transform;
import org.perturber.core.scene.Vec3;
import org.perturber.objects.BuiltinCatalog;

/**
 * Clutter: other built-in objects, chosen and turned by a seed, placed behind the subject as seen from the camera,
 * each with its own texture. The subject stays the first object.
 */
public class ClutterPerturbation implements ScenePerturbation {
    public static final IntegerParameter COUNT = new IntegerParameter("count", "Objects behind", "", 0, 4, 0);
    public static final NumberParameter SIZE = new NumberParameter("size", "Their size", "x", 0.2, 1, 0.5, 0.01);
    public static final IntegerParameter SEED = new IntegerParameter("seed", "Seed", "", 0, 100_000, 0);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(COUNT, SIZE, SEED);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        int count = v.getInt(COUNT.id());
        if (count == 0) {
            return scene;
        }
        SplittableRandom random = new SplittableRandom(v.getInt(SEED.id()));
        List<String> candidates = new ArrayList<>(BuiltinCatalog.ids());
        candidates.remove(scene.subject().mesh().id());
        Vec3 eye = scene.camera().eye().normalized();
        Vec3 behind = eye.times(-1.8);
        // sideways on screen: perpendicular to the view direction, in the ground plane
        Vec3 side = new Vec3(eye.z(), 0, -eye.x());
        side = side.length() < 1e-6 ? new Vec3(1, 0, 0) : side.normalized();
        List<SceneObject> objects = new ArrayList<>(scene.objects());
        double size = v.getDouble(SIZE.id());
        for (int i = 0; i < count; i++) {
            String id = candidates.remove(random.nextInt(candidates.size()));
            double offset = (i - (count - 1) / 2.0) * 1.3;
            Vec3 position = behind.plus(side.times(offset)).plus(new Vec3(0, (random.nextDouble() - 0.5) * 0.6, 0));
            objects.add(SceneObject.of("clutter " + (i + 1), MeshRef.builtin(id))
                    .withMaterial(BuiltinCatalog.defaultMaterial(MeshRef.builtin(id)).orElseThrow())
                    .withTransform(new Transform(position, new Vec3(0, random.nextDouble() * 360, 0),
                            new Vec3(size, size, size))));
        }
        return scene.withObjects(objects);
    }
}
