package org.perturber.objects.internal;

import static org.perturber.objects.internal.Parts.arc;
import static org.perturber.objects.internal.Parts.box;
import static org.perturber.objects.internal.Parts.lathe;
import static org.perturber.objects.internal.Parts.tube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.scene.Texture;
import org.perturber.objects.internal.Parts.Frame;

/**
 * The built-in object classes: everyday objects built from lathe and tube parts, each with a characteristic
 * shape and a characteristic texture (so that texture removal and texture swaps between classes are meaningful).
 * Sizes are free here: every object is centred and scaled to the unit sphere afterwards.
 */
public final class Catalog {
    /** One object class: its parts (at most {@link PartGrid#PARTS}) and default material. */
    public record Definition(String id, String label, Supplier<List<float[]>> parts, Material material) {
    }

    private static final double[] X = { 1, 0, 0 };
    private static final double[] Y = { 0, 1, 0 };
    private static final double[] Z = { 0, 0, 1 };

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        add("mug", "Mug", () -> List.of(
                lathe(new double[][] { { 0, -0.7 }, { 0.55, -0.7 }, { 0.58, 0.7 }, { 0.5, 0.7 }, { 0.47, -0.55 },
                        { 0, -0.55 } }, 2, 1, 1, Frame.UPRIGHT),
                tube(arc(new double[] { 0.56, 0, 0 }, 0.4, X, Y, -75, 75, 24), new double[] { 0.08 }, 2, 1, 1)),
                material("stripes", rgb(0.15, 0.3, 0.75), rgb(0.95, 0.95, 0.92), 6, 0.5, 40));
        add("bottle", "Bottle", () -> List.of(
                lathe(new double[][] { { 0, -1 }, { 0.38, -1 }, { 0.4, -0.95 }, { 0.4, 0.25 }, { 0.3, 0.45 },
                        { 0.14, 0.6 }, { 0.13, 0.9 }, { 0.16, 0.92 }, { 0.16, 1.0 }, { 0, 1.0 } }, 2, 1, 1,
                        Frame.UPRIGHT)),
                material("noise", rgb(0.1, 0.45, 0.2), rgb(0.05, 0.25, 0.1), 3, 0.9, 90));
        add("vase", "Vase", () -> List.of(
                lathe(new double[][] { { 0, -1 }, { 0.3, -1 }, { 0.5, -0.6 }, { 0.56, -0.3 }, { 0.42, 0.2 },
                        { 0.22, 0.6 }, { 0.3, 0.9 }, { 0.34, 1.0 }, { 0.26, 1.0 }, { 0.17, 0.65 }, { 0, 0.65 } }, 2,
                        1, 1, Frame.UPRIGHT)),
                material("marble", rgb(0.95, 0.95, 0.97), rgb(0.35, 0.4, 0.55), 2, 0.6, 60));
        add("bowl", "Bowl", () -> List.of(
                lathe(new double[][] { { 0, -0.5 }, { 0.5, -0.5 }, { 0.9, -0.1 }, { 1.05, 0.35 }, { 0.98, 0.36 },
                        { 0.82, -0.04 }, { 0.45, -0.38 }, { 0, -0.38 } }, 2, 1, 1, Frame.UPRIGHT)),
                material("checker", rgb(0.9, 0.85, 0.7), rgb(0.2, 0.45, 0.6), 8, 0.4, 30));
        add("table", "Table", () -> {
            List<float[]> parts = new ArrayList<>();
            parts.add(box(0, 0.55, 0, 2.0, 0.12, 1.2));
            for (double sx : new double[] { -0.85, 0.85 }) {
                for (double sz : new double[] { -0.48, 0.48 }) {
                    parts.add(tube(new double[][] { { sx, 0.52, sz }, { sx, -0.65, sz } }, new double[] { 0.06 },
                            8, 1, 1));
                }
            }
            return parts;
        }, material("wood", rgb(0.72, 0.5, 0.28), rgb(0.45, 0.27, 0.12), 1.5, 0.2, 20));
        add("chair", "Chair", () -> {
            List<float[]> parts = new ArrayList<>();
            parts.add(box(0, 0, 0, 1.0, 0.1, 1.0));
            parts.add(box(0, 0.62, -0.46, 1.0, 1.15, 0.08));
            for (double sx : new double[] { -0.42, 0.42 }) {
                for (double sz : new double[] { -0.42, 0.42 }) {
                    parts.add(tube(new double[][] { { sx, -0.02, sz }, { sx, -0.95, sz } }, new double[] { 0.05 },
                            8, 1, 1));
                }
            }
            return parts;
        }, material("stripes", rgb(0.7, 0.12, 0.1), rgb(0.95, 0.85, 0.6), 5, 0.2, 20));
        add("lamp", "Lamp", () -> List.of(
                lathe(new double[][] { { 0, -1 }, { 0.45, -1 }, { 0.45, -0.92 }, { 0.1, -0.85 }, { 0, -0.85 } }, 2,
                        1, 1, Frame.UPRIGHT),
                tube(new double[][] { { 0, -0.9, 0 }, { 0, 0.3, 0 } }, new double[] { 0.04 }, 2, 1, 1),
                lathe(new double[][] { { 0.2, 0.95 }, { 0.62, 0.2 }, { 0.57, 0.2 }, { 0.16, 0.93 } }, 2, 1, 1,
                        Frame.UPRIGHT)),
                material("dots", rgb(0.95, 0.8, 0.35), rgb(0.55, 0.35, 0.1), 7, 0.3, 30));
        add("mushroom", "Mushroom", () -> List.of(
                lathe(new double[][] { { 0, -1 }, { 0.22, -1 }, { 0.2, -0.2 }, { 0.17, 0.2 }, { 0, 0.2 } }, 2, 1, 1,
                        Frame.UPRIGHT),
                lathe(new double[][] { { 0, 0.05 }, { 0.85, 0.1 }, { 0.92, 0.22 }, { 0.65, 0.6 }, { 0.3, 0.74 },
                        { 0, 0.76 } }, 2, 1, 1, Frame.UPRIGHT)),
                material("dots", rgb(0.8, 0.08, 0.06), rgb(0.97, 0.95, 0.9), 9, 0.4, 30));
        add("apple", "Apple", () -> List.of(
                lathe(new double[][] { { 0, -0.75 }, { 0.3, -0.85 }, { 0.7, -0.6 }, { 0.86, -0.1 }, { 0.76, 0.45 },
                        { 0.4, 0.7 }, { 0.12, 0.56 }, { 0, 0.5 } }, 2, 1, 1, Frame.UPRIGHT),
                tube(new double[][] { { 0, 0.45, 0 }, { 0.03, 0.75, 0.01 }, { 0.08, 0.95, 0.02 } },
                        new double[] { 0.035, 0.03 }, 2, 1, 1),
                tube(new double[][] { { 0.06, 0.82, 0 }, { 0.25, 0.93, 0.05 }, { 0.45, 0.95, 0.1 } },
                        new double[] { 0.02, 0.12, 0.02 }, 2, 1, 0.15)),
                material("noise", rgb(0.85, 0.1, 0.08), rgb(0.95, 0.7, 0.15), 4, 0.7, 60));
        add("donut", "Donut", () -> {
            double[][] ring = arc(new double[] { 0, 0, 0 }, 0.65, X, Z, 0, 360, 64);
            ring[ring.length - 1] = ring[0].clone();
            return List.of(tube(ring, new double[] { 0.33 }, 2, 1, 1));
        }, material("scales", rgb(0.85, 0.55, 0.3), rgb(0.55, 0.3, 0.15), 6, 0.2, 20));
        add("teapot", "Teapot", () -> List.of(
                lathe(new double[][] { { 0, -0.6 }, { 0.5, -0.6 }, { 0.76, -0.3 }, { 0.8, 0.05 }, { 0.6, 0.45 },
                        { 0.3, 0.55 }, { 0, 0.55 } }, 2, 1, 1, Frame.UPRIGHT),
                lathe(new double[][] { { 0, 0.5 }, { 0.13, 0.55 }, { 0.08, 0.68 }, { 0.14, 0.78 }, { 0, 0.84 } }, 2,
                        1, 1, Frame.UPRIGHT),
                tube(new double[][] { { 0.6, -0.2, 0 }, { 0.9, -0.05, 0 }, { 1.05, 0.2, 0 }, { 1.2, 0.45, 0 } },
                        new double[] { 0.12, 0.08, 0.06 }, 2, 1, 1),
                tube(arc(new double[] { -0.8, 0.02, 0 }, 0.33, X, Y, 95, 265, 24), new double[] { 0.06 }, 2, 1,
                        1)),
                material("marble", rgb(0.92, 0.95, 0.97), rgb(0.25, 0.45, 0.7), 3, 0.8, 80));
        add("dumbbell", "Dumbbell", () -> List.of(
                tube(new double[][] { { -1.0, 0, 0 }, { 1.0, 0, 0 } }, new double[] { 0.08 }, 2, 1, 1),
                lathe(new double[][] { { 0, -0.2 }, { 0.45, -0.2 }, { 0.45, 0.2 }, { 0, 0.2 } }, 2, 1, 1,
                        Frame.alongX(-0.7, 0, 0)),
                lathe(new double[][] { { 0, -0.2 }, { 0.45, -0.2 }, { 0.45, 0.2 }, { 0, 0.2 } }, 2, 1, 1,
                        Frame.alongX(0.7, 0, 0))),
                material("noise", rgb(0.3, 0.3, 0.32), rgb(0.12, 0.12, 0.13), 12, 0.9, 100));
    }

    private Catalog() {
    }

    private static void add(String id, String label, Supplier<List<float[]>> parts, Material material) {
        DEFINITIONS.put(id, new Definition(id, label, parts, material));
    }

    private static Rgb rgb(double r, double g, double b) {
        return new Rgb(r, g, b);
    }

    private static Material material(String texture, Rgb a, Rgb b, double scale, double specular, double shininess) {
        return new Material(Rgb.WHITE, Texture.procedural(texture, a, b).withScale(scale), Texture.NONE, 0, specular,
                shininess, ShadingMode.SMOOTH);
    }

    public static Map<String, Definition> definitions() {
        return DEFINITIONS;
    }
}
