package org.perturber.core.scene;

/** Blinn-Phong material: albedo (multiplied with the texture), specular strength and shininess, shading mode. */
public record Material(Rgb albedo, Texture texture, double specularStrength, double shininess, ShadingMode shading) {
    public static final Material DEFAULT = new Material(new Rgb(0.8, 0.8, 0.8), Texture.NONE, 0.3, 32,
            ShadingMode.SMOOTH);

    public Material {
        Checks.present("albedo", albedo);
        Checks.present("texture", texture);
        Checks.present("shading mode", shading);
        Checks.atLeast("specular strength", specularStrength, 0);
        Checks.atLeast("shininess", shininess, 1);
    }

    public Material withAlbedo(Rgb a) {
        return new Material(a, texture, specularStrength, shininess, shading);
    }

    public Material withTexture(Texture t) {
        return new Material(albedo, t, specularStrength, shininess, shading);
    }

    public Material withSpecular(double strength, double shine) {
        return new Material(albedo, texture, strength, shine, shading);
    }

    public Material withShading(ShadingMode mode) {
        return new Material(albedo, texture, specularStrength, shininess, mode);
    }
}
