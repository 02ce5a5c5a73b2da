package org.perturber.render.internal;

/**
 * GLSL sources. One body serves desktop GL 3.3 core (GLX) and OpenGL ES 3.0 (EGL): only the header differs, and
 * ES needs highp so that both platforms give the same pixels.
 */
final class Shaders {
    private Shaders() {
    }

    static String header(boolean es) {
        return es ? "#version 300 es\nprecision highp float;\nprecision highp int;\n" : "#version 330 core\n";
    }

    static final String MESH_VERTEX = """
            in vec3 aPosition;
            in vec3 aNormal;
            in vec2 aUv;
            uniform mat4 uModel;
            uniform mat4 uViewProjection;
            uniform mat3 uNormalMatrix;
            out vec3 vWorld;
            out vec3 vNormal;
            out vec2 vUv;
            void main() {
                vec4 world = uModel * vec4(aPosition, 1.0);
                vWorld = world.xyz;
                vNormal = uNormalMatrix * aNormal;
                vUv = aUv;
                gl_Position = uViewProjection * world;
            }
            """;

    /** Blinn-Phong with up to 4 lights; uShading 0 smooth, 1 flat (face normals from derivatives), 2 unlit. */
    static final String MESH_FRAGMENT = """
            in vec3 vWorld;
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
            out vec4 fragColor;
            void main() {
                vec3 albedo = uAlbedo;
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

    /** Full-screen triangle for gradient backgrounds: top colour at the top row, bottom colour at the bottom. */
    static final String BACKGROUND_VERTEX = """
            out float vT;
            void main() {
                vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2)) * 2.0 - 1.0;
                vT = p.y * 0.5 + 0.5;
                gl_Position = vec4(p, 0.0, 1.0);
            }
            """;

    static final String BACKGROUND_FRAGMENT = """
            in float vT;
            uniform vec3 uTop;
            uniform vec3 uBottom;
            out vec4 fragColor;
            void main() {
                fragColor = vec4(mix(uBottom, uTop, clamp(vT, 0.0, 1.0)), 1.0);
            }
            """;
}
