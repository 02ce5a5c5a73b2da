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

    /** Value noise and fractal noise, included only in variants whose patterns use them. */
    static final String NOISE = """
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
            """;

    static boolean needsNoise(int kind) {
        return kind >= 4 && kind <= 6;
    }

    /**
     * One pattern function, for one texture kind only. Shaders are specialised per kind rather than branching on a
     * uniform: llvmpipe runs SIMD with execution masks and would pay for every branch (three fractal noises) on
     * every pixel. Surface patterns (checker, stripes, dots, scales, images) use texture coordinates; solid ones
     * (noise, wood, marble) use object-space position, so they have no seams and follow morphing.
     */
    static String patternFunction(String name, int kind) {
        String body = switch (kind) {
        case 0 -> "return vec3(1.0);";
        case 1 -> "return mix(ca, cb, mod(floor(q.x) + floor(q.y), 2.0));";
        case 2 -> "return mix(ca, cb, step(0.5, fract(q.y)));";
        case 3 -> "return mix(ca, cb, 1.0 - step(0.3, length(fract(q) - 0.5)));";
        case 4 -> "return mix(ca, cb, fbm(r * 2.0));";
        case 5 -> "float rings = length(r.xz) * 3.0 + 1.2 * fbm(r * vec3(1.0, 0.3, 1.0));\n"
                + "    return mix(ca, cb, pow(fract(rings), 2.5));";
        case 6 -> "return mix(ca, cb, 0.5 + 0.5 * sin(r.x * 3.0 + r.y * 2.0 + 6.0 * fbm(r)));";
        case 7 -> "vec2 g = q * vec2(1.0, 1.6);\n    g.x += 0.5 * mod(floor(g.y), 2.0);\n"
                + "    return mix(ca, cb, smoothstep(0.25, 0.55, length(fract(g) - vec2(0.5, 0.0))));";
        case 8 -> "return ca * texture(image, q).rgb;";
        default -> throw new IllegalArgumentException("texture kind " + kind);
        };
        return "vec3 " + name + "(vec3 ca, vec3 cb, float scale, float rotation, vec2 uv, vec3 p, sampler2D image) {\n"
                + "    float c = cos(rotation);\n    float s = sin(rotation);\n"
                + "    vec2 q = mat2(c, s, -s, c) * (uv * vec2(2.0, 1.0)) * scale;\n"
                + "    vec3 r = vec3(c * p.x - s * p.z, p.y, s * p.x + c * p.z) * scale;\n"
                + "    " + body + "\n}\n";
    }

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

    /**
     * Blinn-Phong with up to 4 lights, specialised by {@link #meshFragment}: the two texture kinds, whether the
     * second one is blended in, the shading mode (0 smooth, 1 flat from screen-space derivatives, 2 unlit), and the
     * lights: their number and which are point lights ({@code pointLights}, bit i for light i). The light loop is
     * unrolled with constant indices because llvmpipe reads a uniform array at a loop index lane by lane and
     * evaluates both sides of the directional/point choice: the rolled loop made lit objects twice as slow, for
     * the same pixels.
     */
    static String meshFragment(int kind0, int kind1, boolean blend, int shading, int lightCount, int pointLights) {
        if (lightCount < 0 || lightCount > 4) {
            throw new IllegalArgumentException("light count " + lightCount);
        }
        StringBuilder lights = new StringBuilder();
        for (int i = 0; i < lightCount; i++) {
            lights.append(" LIGHT(").append(i).append(", ").append((pointLights >> i) & 1).append(')');
        }
        return (needsNoise(kind0) || blend && needsNoise(kind1) ? NOISE : "") + patternFunction("pattern0", kind0)
                + (blend ? patternFunction("pattern1", kind1) : "") + "#define BLEND " + (blend ? 1 : 0)
                + "\n#define SHADING " + shading + "\n#define LIGHTS" + lights + "\n"
                + MESH_FRAGMENT_MAIN;
    }

    private static final String MESH_FRAGMENT_MAIN = """
            in vec3 vWorld;
            in vec3 vObject;
            in vec3 vNormal;
            in vec2 vUv;
            uniform vec3 uAlbedo;
            uniform vec3 uAmbient;
            uniform vec3 uEye;
            uniform float uSpecular;
            uniform float uShininess;
            uniform vec4 uLightVector[4];
            uniform vec3 uLightColor[4];
            uniform vec3 uTexA0;
            uniform vec3 uTexB0;
            uniform float uTexScale0;
            uniform float uTexRotation0;
            uniform sampler2D uTexImage0;
            uniform vec3 uTexA1;
            uniform vec3 uTexB1;
            uniform float uTexScale1;
            uniform float uTexRotation1;
            uniform sampler2D uTexImage1;
            uniform float uTexBlend;
            out vec4 fragColor;
            // light i, directional (point 0) or point (point 1); n, v, albedo and color are main's locals
            #define LIGHT(i, point) { \\
                    vec3 l = point == 0 ? normalize(uLightVector[i].xyz) : normalize(uLightVector[i].xyz - vWorld); \\
                    float diffuse = max(dot(n, l), 0.0); \\
                    float specular = diffuse > 0.0 \\
                            ? uSpecular * pow(max(dot(n, normalize(l + v)), 0.0), uShininess) : 0.0; \\
                    color += uLightColor[i] * (albedo * diffuse + vec3(specular)); \\
                }
            void main() {
                vec3 texel = pattern0(uTexA0, uTexB0, uTexScale0, uTexRotation0, vUv, vObject, uTexImage0);
            #if BLEND
                texel = mix(texel, pattern1(uTexA1, uTexB1, uTexScale1, uTexRotation1, vUv, vObject, uTexImage1),
                        uTexBlend);
            #endif
                vec3 albedo = uAlbedo * texel;
            #if SHADING == 2
                fragColor = vec4(clamp(albedo, 0.0, 1.0), 1.0);
            #else
            #if SHADING == 1
                vec3 n = normalize(cross(dFdx(vWorld), dFdy(vWorld)));
            #else
                vec3 n = normalize(vNormal);
            #endif
                vec3 v = normalize(uEye - vWorld);
                if (dot(n, v) < 0.0) {
                    n = -n;
                }
                vec3 color = uAmbient * albedo;
                LIGHTS
                fragColor = vec4(clamp(color, 0.0, 1.0), 1.0);
            #endif
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

    /** Background variants: 0 gradient (top to bottom), 1 procedural pattern of {@code kind}, 2 image (cover). */
    static String backgroundFragment(int mode, int kind) {
        String head = """
                in vec2 vUv;
                uniform vec3 uTop;
                uniform vec3 uBottom;
                uniform float uAspect;
                uniform float uImageAspect;
                uniform sampler2D uImage;
                out vec4 fragColor;
                """;
        return switch (mode) {
        case 0 -> head + "void main() {\n    fragColor = vec4(mix(uBottom, uTop, clamp(vUv.y, 0.0, 1.0)), 1.0);\n}\n";
        case 1 -> (needsNoise(kind) ? NOISE : "") + patternFunction("pattern0", kind) + head + """
                void main() {
                    vec2 uv = vUv * vec2(uAspect, 1.0);
                    fragColor = vec4(pattern0(uTop, uBottom, 4.0, 0.0, uv, vec3(uv * 2.0, 0.5), uImage), 1.0);
                }
                """;
        case 2 -> head + """
                void main() {
                    vec2 uv = vUv - 0.5;
                    if (uAspect > uImageAspect) {
                        uv.y *= uImageAspect / uAspect;
                    } else {
                        uv.x *= uAspect / uImageAspect;
                    }
                    fragColor = vec4(texture(uImage, uv + 0.5).rgb, 1.0); // uploaded bottom row first, as GL expects
                }
                """;
        default -> throw new IllegalArgumentException("background mode " + mode);
        };
    }
}
