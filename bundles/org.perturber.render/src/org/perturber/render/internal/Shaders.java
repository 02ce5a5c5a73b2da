package org.perturber.render.internal;

/**
 * GLSL sources. One body serves desktop GL 3.3 core (GLX) and OpenGL ES 3.0 (EGL): only the header differs, and
 * ES needs highp so that both platforms give the same pixels.
 */
final class Shaders {
    private Shaders() {
    }

    static String header(boolean es) {
        return es ? "#version 300 es\nprecision highp float;\nprecision highp int;\nprecision highp sampler2D;\n"
                : "#version 330 core\n";
    }

    /** Texture kinds as the shaders number them; {@link #textureKind} maps names to these. */
    static final String[] TEXTURE_KINDS = { "none", "checker", "stripes", "dots", "noise", "wood", "marble",
            "scales", "image" };

    static int textureKind(String name) {
        for (int i = 0; i < TEXTURE_KINDS.length; i++) {
            if (TEXTURE_KINDS[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown texture '" + name + "'");
    }

    /**
     * Procedural patterns. Surface patterns (checker, stripes, dots, scales, images) use texture coordinates;
     * solid patterns (noise, wood, marble) use object-space position, so they have no seams and follow morphing.
     */
    static final String PATTERNS = """
            float hash3(vec3 p) {
                p = fract(p * 0.3183099 + vec3(0.71, 0.113, 0.419));
                p *= 17.0;
                return fract(p.x * p.y * p.z * (p.x + p.y + p.z));
            }
            float valueNoise(vec3 x) {
                vec3 i = floor(x);
                vec3 f = fract(x);
                f = f * f * (3.0 - 2.0 * f);
                return mix(mix(mix(hash3(i), hash3(i + vec3(1, 0, 0)), f.x),
                               mix(hash3(i + vec3(0, 1, 0)), hash3(i + vec3(1, 1, 0)), f.x), f.y),
                           mix(mix(hash3(i + vec3(0, 0, 1)), hash3(i + vec3(1, 0, 1)), f.x),
                               mix(hash3(i + vec3(0, 1, 1)), hash3(i + vec3(1, 1, 1)), f.x), f.y), f.z);
            }
            float fbm(vec3 p) {
                float a = 0.5;
                float s = 0.0;
                for (int i = 0; i < 4; i++) {
                    s += a * valueNoise(p);
                    p *= 2.03;
                    a *= 0.5;
                }
                return s / 0.9375;
            }
            vec3 pattern(int kind, vec3 ca, vec3 cb, float scale, float rotation, vec2 uv, vec3 p, sampler2D image) {
                if (kind == 0) {
                    return vec3(1.0);
                }
                float c = cos(rotation);
                float s = sin(rotation);
                vec2 q = mat2(c, s, -s, c) * (uv * vec2(2.0, 1.0)) * scale;
                vec3 r = vec3(c * p.x - s * p.z, p.y, s * p.x + c * p.z) * scale;
                float t;
                if (kind == 1) {
                    t = mod(floor(q.x) + floor(q.y), 2.0);
                } else if (kind == 2) {
                    t = step(0.5, fract(q.y));
                } else if (kind == 3) {
                    t = 1.0 - step(0.3, length(fract(q) - 0.5));
                } else if (kind == 4) {
                    t = fbm(r * 2.0);
                } else if (kind == 5) {
                    float rings = length(r.xz) * 3.0 + 1.2 * fbm(r * vec3(1.0, 0.3, 1.0));
                    t = pow(fract(rings), 2.5);
                } else if (kind == 6) {
                    t = 0.5 + 0.5 * sin(r.x * 3.0 + r.y * 2.0 + 6.0 * fbm(r));
                } else if (kind == 7) {
                    vec2 g = q * vec2(1.0, 1.6);
                    g.x += 0.5 * mod(floor(g.y), 2.0);
                    t = smoothstep(0.25, 0.55, length(fract(g) - vec2(0.5, 0.0)));
                } else {
                    return ca * texture(image, q).rgb;
                }
                return mix(ca, cb, t);
            }
            """;

    static final String MESH_VERTEX = """
            in vec3 aPosition;
            in vec3 aNormal;
            in vec2 aUv;
            uniform mat4 uModel;
            uniform mat4 uViewProjection;
            uniform mat3 uNormalMatrix;
            out vec3 vWorld;
            out vec3 vObject;
            out vec3 vNormal;
            out vec2 vUv;
            void main() {
                vec4 world = uModel * vec4(aPosition, 1.0);
                vWorld = world.xyz;
                vObject = aPosition;
                vNormal = uNormalMatrix * aNormal;
                vUv = aUv;
                gl_Position = uViewProjection * world;
            }
            """;

    /** Blinn-Phong with up to 4 lights; uShading 0 smooth, 1 flat (face normals from derivatives), 2 unlit. */
    static final String MESH_FRAGMENT = PATTERNS + """
            in vec3 vWorld;
            in vec3 vObject;
            in vec3 vNormal;
            in vec2 vUv;
            uniform vec3 uAlbedo;
            uniform vec3 uAmbient;
            uniform vec3 uEye;
            uniform float uSpecular;
            uniform float uShininess;
            uniform int uShading;
            uniform int uLightCount;
            uniform vec4 uLightVector[4];
            uniform vec3 uLightColor[4];
            uniform int uTexKind0;
            uniform vec3 uTexA0;
            uniform vec3 uTexB0;
            uniform float uTexScale0;
            uniform float uTexRotation0;
            uniform sampler2D uTexImage0;
            uniform int uTexKind1;
            uniform vec3 uTexA1;
            uniform vec3 uTexB1;
            uniform float uTexScale1;
            uniform float uTexRotation1;
            uniform sampler2D uTexImage1;
            uniform float uTexBlend;
            out vec4 fragColor;
            void main() {
                vec3 first = pattern(uTexKind0, uTexA0, uTexB0, uTexScale0, uTexRotation0, vUv, vObject, uTexImage0);
                vec3 albedo = uAlbedo * first;
                if (uTexBlend > 0.0) {
                    vec3 second = pattern(uTexKind1, uTexA1, uTexB1, uTexScale1, uTexRotation1, vUv, vObject,
                            uTexImage1);
                    albedo = uAlbedo * mix(first, second, uTexBlend);
                }
                if (uShading == 2) {
                    fragColor = vec4(clamp(albedo, 0.0, 1.0), 1.0);
                    return;
                }
                vec3 n = uShading == 1 ? normalize(cross(dFdx(vWorld), dFdy(vWorld))) : normalize(vNormal);
                vec3 v = normalize(uEye - vWorld);
                if (dot(n, v) < 0.0) {
                    n = -n;
                }
                vec3 color = uAmbient * albedo;
                for (int i = 0; i < 4; i++) {
                    if (i >= uLightCount) {
                        break;
                    }
                    vec3 l = uLightVector[i].w == 0.0 ? normalize(uLightVector[i].xyz)
                                                      : normalize(uLightVector[i].xyz - vWorld);
                    float diffuse = max(dot(n, l), 0.0);
                    float specular = diffuse > 0.0
                            ? uSpecular * pow(max(dot(n, normalize(l + v)), 0.0), uShininess) : 0.0;
                    color += uLightColor[i] * (albedo * diffuse + vec3(specular));
                }
                fragColor = vec4(clamp(color, 0.0, 1.0), 1.0);
            }
            """;

    /** Full-screen triangle; vUv runs from (0, 0) at the bottom left to (1, 1) at the top right. */
    static final String BACKGROUND_VERTEX = """
            out vec2 vUv;
            void main() {
                vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2)) * 2.0 - 1.0;
                vUv = p * 0.5 + 0.5;
                gl_Position = vec4(p, 0.0, 1.0);
            }
            """;

    /** Gradient (top to bottom), a procedural pattern, or an image covering the view (cropped, not stretched). */
    static final String BACKGROUND_FRAGMENT = PATTERNS + """
            in vec2 vUv;
            uniform int uBackgroundKind;
            uniform vec3 uTop;
            uniform vec3 uBottom;
            uniform int uPattern;
            uniform float uAspect;
            uniform float uImageAspect;
            uniform sampler2D uImage;
            out vec4 fragColor;
            void main() {
                vec3 c;
                if (uBackgroundKind == 0) {
                    c = mix(uBottom, uTop, clamp(vUv.y, 0.0, 1.0));
                } else if (uBackgroundKind == 1) {
                    vec2 uv = vUv * vec2(uAspect, 1.0);
                    c = pattern(uPattern, uTop, uBottom, 4.0, 0.0, uv, vec3(uv * 2.0, 0.5), uImage);
                } else {
                    vec2 uv = vUv - 0.5;
                    if (uAspect > uImageAspect) {
                        uv.y *= uImageAspect / uAspect;
                    } else {
                        uv.x *= uAspect / uImageAspect;
                    }
                    c = texture(uImage, uv + 0.5).rgb; // uploaded bottom row first, as GL expects
                }
                fragColor = vec4(c, 1.0);
            }
            """;
}
