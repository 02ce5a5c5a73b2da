package org.perturber.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;
import org.perturber.core.scene.Transform;
import org.perturber.core.scene.Vec3;
import org.perturber.objects.BuiltinObjects;

/**
 * Domain-randomised scenes of the built-in objects, the training and test data of the built-in models. Sample
 * {@code i} of a seed is always the same scene (its own random stream, derived from seed and index), so data sets
 * are reproducible and a held-out set is simply another seed. Classes take turns (sample i shows class i mod 12),
 * so every set is balanced.
 *
 * <p>
 * What varies: camera orbit, distance, roll and field of view; object scale, tilt and offset; one or two lights of
 * random direction, colour and strength; the ambient term; the background (solid, gradient or one of the
 * procedural textures, in random colours); the material's specular response; and each class's texture in colour,
 * scale and rotation, so that a model learns the class's texture family rather than one exact image.
 */
public final class SceneSampler {
    /** What texture an object wears. */
    public enum TextureMode {
        /** its own class's texture, varied */
        OWN,
        /** the texture of a random class (possibly its own): texture carries no label information */
        SHUFFLED,
        /** the texture of a random other class: shape and texture cues conflict */
        SWAPPED,
        /** no texture: the flat albedo, as the texture-removal perturbation leaves it */
        REMOVED
    }

    /** A scene and the class it shows (index into {@link #classes()}). */
    public record Sample(Scene scene, int label) {
    }

    private static final BuiltinObjects OBJECTS = new BuiltinObjects();
    private static final List<String> CLASSES = OBJECTS.ids();

    private SceneSampler() {
    }

    /** The class ids in label order: the built-in objects in catalog order. */
    public static List<String> classes() {
        return CLASSES;
    }

    public static Sample sample(long seed, int index, TextureMode mode) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        int label = Math.floorMod(index, CLASSES.size());
        String id = CLASSES.get(label);
        String textureClass = switch (mode) {
        case OWN, REMOVED -> id;
        case SHUFFLED -> CLASSES.get(r.nextInt(CLASSES.size()));
        case SWAPPED -> CLASSES.get((label + 1 + r.nextInt(CLASSES.size() - 1)) % CLASSES.size());
        };
        Material own = OBJECTS.defaultMaterial(MeshRef.builtin(id)).orElseThrow();
        Material material = own.withTexture(mode == TextureMode.REMOVED ? Texture.NONE
                : vary(OBJECTS.defaultMaterial(MeshRef.builtin(textureClass)).orElseThrow().texture(), r))
                .withAlbedo(jitter(own.albedo(), r, 0.08))
                .withSpecular(0.1 + 0.6 * r.nextDouble(), 8 + 72 * r.nextDouble());
        double scale = 0.8 + 0.35 * r.nextDouble();
        Transform transform = new Transform(new Vec3(between(r, -0.15, 0.15), between(r, -0.15, 0.15), 0),
                new Vec3(between(r, -12, 12), 0, between(r, -12, 12)), new Vec3(scale, scale, scale));
        SceneObject object = SceneObject.of(id, MeshRef.builtin(id)).withMaterial(material).withTransform(transform);
        Camera camera = Camera.DEFAULT.withOrbit(360 * r.nextDouble(), between(r, -5, 45), between(r, 2.6, 3.6))
                .withRoll(between(r, -10, 10)).withFieldOfView(between(r, 34, 46));
        List<Light> lights = new ArrayList<>();
        int count = 1 + r.nextInt(2);
        for (int i = 0; i < count; i++) {
            Vec3 direction = new Vec3(between(r, -1, 1), between(r, 0.1, 1), between(r, -0.3, 1));
            lights.add(Light.directional(direction, between(r, 0.5, 1.0) / Math.sqrt(count))
                    .withColor(jitter(Rgb.WHITE, r, 0.12)));
        }
        double ambient = between(r, 0.08, 0.3);
        Lighting lighting = new Lighting(lights, new Rgb(ambient, ambient, ambient));
        return new Sample(new Scene(List.of(object), camera, lighting, background(r)), label);
    }

    private static Background background(SplittableRandom r) {
        Rgb a = randomColor(r);
        Rgb b = randomColor(r);
        return switch (r.nextInt(3)) {
        case 0 -> Background.solid(a);
        case 1 -> Background.gradient(a, b);
        default -> new Background(Background.Kind.PROCEDURAL, a, b, Texture.PROCEDURAL_NAMES.get(r.nextInt(
                Texture.PROCEDURAL_NAMES.size())));
        };
    }

    private static Texture vary(Texture t, SplittableRandom r) {
        if (t.kind() == Texture.Kind.NONE) {
            return t;
        }
        return t.withColors(jitter(t.color(), r, 0.1), jitter(t.secondColor(), r, 0.1))
                .withScale(t.scale() * between(r, 0.8, 1.25)).withRotation(t.rotationDegrees() + between(r, -15, 15));
    }

    /** The colour scaled in brightness and shifted per channel, clamped to [0, 1]. */
    private static Rgb jitter(Rgb c, SplittableRandom r, double amount) {
        double gain = between(r, 1 - amount * 1.5, 1 + amount * 1.5);
        return new Rgb(clamp(c.r() * gain + between(r, -amount, amount)), clamp(c.g() * gain + between(r, -amount,
                amount)), clamp(c.b() * gain + between(r, -amount, amount)));
    }

    private static Rgb randomColor(SplittableRandom r) {
        return new Rgb(r.nextDouble(), r.nextDouble(), r.nextDouble());
    }

    private static double between(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
