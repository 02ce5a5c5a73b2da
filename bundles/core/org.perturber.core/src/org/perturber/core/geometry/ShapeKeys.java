package org.perturber.core.geometry;

/**
 * Keys of {@link org.perturber.core.scene.SceneObject#shape()} understood by the built-in object provider: the
 * contract between shape perturbations (morphing, deformations) and the geometry. Values are decimal strings.
 */
public final class ShapeKeys {
    /** Id of the built-in object to morph toward. */
    public static final String MORPH_TARGET = "morph.target";
    /** Morph weight in [0, 1]: 0 is the object itself, 1 the target. */
    public static final String MORPH_AMOUNT = "morph.amount";
    /** Twist about the vertical axis, degrees from bottom to top. */
    public static final String TWIST = "twist";
    /** Bend about the depth axis, degrees from bottom to top. */
    public static final String BEND = "bend";
    /** Radial bulge of the middle (negative pinches), relative: 0.5 is 50 % wider at the middle. */
    public static final String BULGE = "bulge";
    /** Displacement along the normal by smooth 3D noise: amplitude (scene units), frequency, seed. */
    public static final String NOISE_AMPLITUDE = "noise.amplitude";
    public static final String NOISE_FREQUENCY = "noise.frequency";
    public static final String NOISE_SEED = "noise.seed";

    private ShapeKeys() {
    }
}
