package org.perturber.core.scene;

import java.util.List;

/** Up to {@link #MAX_LIGHTS} lights plus an ambient term. */
public record Lighting(List<Light> lights, Rgb ambient) {
    public static final int MAX_LIGHTS = 4;
    public static final Lighting DEFAULT = new Lighting(
            List.of(Light.directional(new Vec3(-0.5, 0.8, 0.6), 0.9)), new Rgb(0.15, 0.15, 0.15));

    public Lighting {
        lights = List.copyOf(Checks.present("lights", lights));
        Checks.present("ambient", ambient);
        if (lights.size() > MAX_LIGHTS) {
            throw new IllegalArgumentException("at most " + MAX_LIGHTS + " lights, got " + lights.size());
        }
    }

    public Lighting withLights(List<Light> l) {
        return new Lighting(l, ambient);
    }

    public Lighting withAmbient(Rgb a) {
        return new Lighting(lights, a);
    }
}
