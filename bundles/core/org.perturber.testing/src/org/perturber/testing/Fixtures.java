package org.perturber.testing;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;

/** Standard scenes, contributed perturbations and pixel measures for the perturbation tests. */
public final class Fixtures {
    /** The background of {@link #scene}: pure blue, so that object pixels are easy to tell apart. */
    public static final Rgb BACKGROUND = new Rgb(0, 0, 1);
    private static final BuiltinObjects OBJECTS = new BuiltinObjects();

    private Fixtures() {
    }

    public static SceneRenderer renderer() {
        return Services.await(SceneRenderer.class, Duration.ofSeconds(30));
    }

    /** A built-in object with its own texture, seen from the front, lit from the upper left, on blue. */
    public static Scene scene(String id) {
        SceneObject o = SceneObject.of(id, MeshRef.builtin(id))
                .withMaterial(OBJECTS.defaultMaterial(MeshRef.builtin(id)).orElseThrow());
        return new Scene(List.of(o), Camera.DEFAULT.withOrbit(0, 10, 3),
                new Lighting(List.of(Light.directional(new Vec3(-0.8, 0.5, 0.6), 0.9)), new Rgb(0.15, 0.15, 0.15)),
                Background.solid(BACKGROUND));
    }

    /** A contributed perturbation, checked to have loaded. */
    @SuppressWarnings("unchecked")
    public static <T extends Perturbation> T perturbation(String id) {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        Contribution<Perturbation> c = registry.perturbation(id).orElseThrow(() -> new AssertionError(
                "perturbation " + id + " is not contributed"));
        Perturbation p = c.instance().orElseThrow(() -> new AssertionError(c.failure().orElse("not created")));
        if (c.status() != ContributionStatus.LOADED) {
            throw new AssertionError(id + " is " + c.status());
        }
        return (T) p;
    }

    public static ParameterValues defaults(Perturbation p) {
        return ParameterValues.defaults(p.parameters());
    }

    /** Pixels that are not the blue background. */
    public static boolean[] silhouette(RgbImage image) {
        boolean[] mask = new boolean[image.width() * image.height()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                mask[y * image.width() + x] = image.get(x, y, 0) > 0.01f || image.get(x, y, 1) > 0.01f
                        || image.get(x, y, 2) < 0.99f;
            }
        }
        return mask;
    }

    public static double coverage(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return (double) n / mask.length;
    }

    public static double iou(boolean[] a, boolean[] b) {
        int inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    /** Mean column and row of a silhouette. */
    public static double[] centroid(boolean[] mask, int width) {
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

    /** Left-right mirror image of a mask. */
    public static boolean[] mirror(boolean[] mask, int width) {
        boolean[] m = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            m[i] = mask[(i / width) * width + (width - 1 - i % width)];
        }
        return m;
    }

    /** Mean of a channel over the masked pixels. */
    public static double mean(RgbImage image, boolean[] mask, int channel) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                s += image.data()[i * 3 + channel];
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /** Mean luminance of the masked pixels in the left or right half. */
    public static double meanLuminance(RgbImage image, boolean[] mask, boolean left) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            int x = i % image.width();
            if (mask[i] && (x < image.width() / 2) == left) {
                s += image.luminance(x, i / image.width());
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    public static int colours(RgbImage image) {
        Set<Integer> set = new HashSet<>();
        for (int p : image.toPackedRgb()) {
            set.add(p);
        }
        return set.size();
    }
}
