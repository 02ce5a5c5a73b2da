package org.perturber.objects.tests;

import java.time.Duration;
import java.util.List;

import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.render.SceneRenderer;

/** Shared scene set-up for the object tests: a built-in object on a pure blue background. */
final class Renders {
    static final Rgb BACKGROUND = new Rgb(0, 0, 1);

    private Renders() {
    }

    static SceneRenderer renderer() {
        return Services.await(SceneRenderer.class, Duration.ofSeconds(20));
    }

    static BuiltinObjects objects() {
        return Services.await(BuiltinObjects.class, Duration.ofSeconds(20));
    }

    static Scene scene(String id) {
        Material material = objects().defaultMaterial(MeshRef.builtin(id)).orElseThrow();
        SceneObject object = SceneObject.of(id, MeshRef.builtin(id)).withMaterial(material);
        return new Scene(List.of(object), Camera.DEFAULT.withOrbit(20, 15, 3),
                new Lighting(List.of(Light.directional(new Vec3(-0.5, 0.8, 0.7), 0.9)), new Rgb(0.2, 0.2, 0.2)),
                Background.solid(BACKGROUND));
    }

    /** Pixels that are not background (the blue background is exactly (0, 0, 1)). */
    static boolean[] silhouette(RgbImage image) {
        boolean[] mask = new boolean[image.width() * image.height()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                mask[y * image.width() + x] = image.get(x, y, 0) > 0.01f || image.get(x, y, 1) > 0.01f
                        || image.get(x, y, 2) < 0.99f;
            }
        }
        return mask;
    }

    static double coverage(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return (double) n / mask.length;
    }

    /** Intersection over union of two silhouettes. */
    static double iou(boolean[] a, boolean[] b) {
        int inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    /** Mean column and row of a silhouette. */
    static double[] centroid(boolean[] mask, int width) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                sx += i % width;
                sy += i / width;
                n++;
            }
        }
        return new double[] { sx / n, sy / n };
    }
}
