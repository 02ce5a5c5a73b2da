package org.perturber.core.scene;

/**
 * Blinn-Phong material: albedo (multiplied with the texture), specular strength and shininess, shading mode. A
 * second texture with a blend weight in [0, 1] lets textures morph continuously from one to another.
 */
public record Material(Rgb albedo, Texture texture, Texture blendTexture, double textureBlend,
        double specularStrength, double shininess, ShadingMode shading) {
    public static final Material DEFAULT = new Material(new Rgb(0.8, 0.8, 0.8), Texture.NONE, Texture.NONE, 0, 0.3,
            32, ShadingMode.SMOOTH);

    public Material {
        Checks.present("albedo", albedo);
        Checks.present("texture", texture);
        Checks.present("blend texture", blendTexture);
        Checks.present("shading mode", shading);
        if (!(textureBlend >= 0 && textureBlend <= 1)) {
            throw new IllegalArgumentException("texture blend must lie in [0, 1], got " + textureBlend);
        }
        Checks.atLeast("specular strength", specularStrength, 0);
        Checks.atLeast("shininess", shininess, 1);
    }

    public Material withAlbedo(Rgb a) {
        return new Material(a, texture, blendTexture, textureBlend, specularStrength, shininess, shading);
    }

    public Material withTexture(Texture t) {
        return new Material(albedo, t, blendTexture, textureBlend, specularStrength, shininess, shading);
    }

    /** Blends toward {@code other} by {@code t} (0: this material's texture only; 1: {@code other} only). */
    public Material withTextureBlend(Texture other, double t) {
        return new Material(albedo, texture, other, t, specularStrength, shininess, shading);
    }

    public Material withSpecular(double strength, double shine) {
        return new Material(albedo, texture, blendTexture, textureBlend, strength, shine, shading);
    }

    public Material withShading(ShadingMode mode) {
        return new Material(albedo, texture, blendTexture, textureBlend, specularStrength, shininess, mode);
    }
}
