package org.perturber.render.internal;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.perturber.core.geometry.MeshProvider;
import org.perturber.core.geometry.TriangleMesh;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;
import org.perturber.core.scene.ShadingMode;
import org.perturber.core.scene.Transform;
import org.perturber.core.scene.Vec3;
import org.perturber.core.render.RenderException;
import org.perturber.core.render.RendererInfo;
import org.perturber.core.render.RendererInfo.Platform;
import org.perturber.core.render.SceneRenderer;

import com.jogamp.common.nio.Buffers;
import com.jogamp.opengl.GL;
import com.jogamp.opengl.GL2ES2;
import com.jogamp.opengl.GL3ES3;
import com.jogamp.opengl.GLCapabilities;
import com.jogamp.opengl.GLContext;
import com.jogamp.opengl.GLDrawableFactory;
import com.jogamp.opengl.GLOffscreenAutoDrawable;
import com.jogamp.opengl.GLProfile;

/**
 * The JOGL renderer: one offscreen FBO drawable and its context, created on first use (about a second) and reused
 * by every call, owned by a single GL thread. Meshes are uploaded once and kept in a small LRU cache.
 * Declarative Services component: OSGI-INF/scene-renderer.xml.
 */
public final class JoglSceneRenderer implements SceneRenderer {
    private static final int MESH_CACHE_SIZE = 32;
    /** Near clipping distance. */
    private static final double NEAR = 0.05;
    /**
     * Supersampling factor: scenes are drawn at twice the size and halved by an exact 2:1 linear blit (a box
     * filter), which smooths edges and the unfiltered procedural textures alike, so that models never learn
     * aliasing artefacts. It quadruples the pixels llvmpipe shades; {@code -Dperturber.render.supersampling=1}
     * turns it off (see README.md, Benchmarks).
     */
    static final int SUPERSAMPLING = Integer.getInteger("perturber.render.supersampling", 2) >= 2 ? 2 : 1;
    private static final int POSITION = 0;
    private static final int NORMAL = 1;
    private static final int UV = 2;

    private final List<MeshProvider> meshProviders = new CopyOnWriteArrayList<>();
    private final ExecutorService glThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "perturber-gl");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread glThreadInstance;

    // GL state: touched on the GL thread only
    private GLOffscreenAutoDrawable drawable;
    private boolean joglStarted;
    private boolean es;
    private RendererInfo info;
    /** Linked programs by variant (see {@link Shaders#meshFragment}, {@link Shaders#backgroundFragment}). */
    private final Map<String, Integer> programs = new HashMap<>();
    private int emptyVertexArray;
    private int whiteTexture;
    private ByteBuffer readBuffer;
    private byte[] readBytes;
    private final ImageTextures images = new ImageTextures();
    private final RenderTargets targets = new RenderTargets();
    private final Map<String, Integer> uniforms = new HashMap<>();
    private final LinkedHashMap<TriangleMesh, GpuMesh> meshCache = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Vertex array and buffers of one uploaded mesh, its indices ordered as {@link MeshTopology.Cullable} says:
     * closed solids first, which may be drawn with back faces culled.
     */
    private record GpuMesh(int vertexArray, int[] buffers, MeshTopology.Cullable order) {
    }

    public void addMeshProvider(MeshProvider provider) {
        meshProviders.add(provider);
    }

    public void removeMeshProvider(MeshProvider provider) {
        meshProviders.remove(provider);
    }

    void activate() {
        // OpenGL starts lazily on the first render: most bundles that need the service never render at start-up
    }

    void deactivate() {
        onGlThread(() -> {
            if (drawable != null) {
                drawable.destroy();
                drawable = null;
            }
            if (joglStarted) {
                // Shut JOGL down now, in order, on the thread that used it: left to JOGL's own JVM shutdown hook,
                // its teardown of shared resources and X11 displays races the exiting process's other native
                // threads, and glibc aborted once with "double free or corruption" after all tests had passed.
                GLProfile.shutdown();
                joglStarted = false;
            }
            return null;
        });
        glThread.shutdown();
    }

    @Override
    public RgbImage render(Scene scene, int width, int height) {
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192) {
            throw new RenderException("image size must lie in 1..8192, got " + width + "x" + height);
        }
        List<TriangleMesh> meshes = new ArrayList<>();
        for (SceneObject o : scene.objects()) {
            meshes.add(resolve(o)); // off the GL thread: mesh building may be slow (morphing)
        }
        return onGlThread(() -> renderOnGlThread(scene, meshes, width, height));
    }

    @Override
    public RendererInfo info() {
        return onGlThread(() -> {
            start();
            return info;
        });
    }

    private TriangleMesh resolve(SceneObject object) {
        for (MeshProvider p : meshProviders) {
            if (p.supports(object)) {
                try {
                    return p.meshFor(object);
                } catch (RuntimeException e) {
                    throw new RenderException("object '" + object.name() + "': " + e.getMessage(), e);
                }
            }
        }
        TreeSet<String> known = new TreeSet<>();
        meshProviders.forEach(p -> known.addAll(p.builtinIds()));
        throw new RenderException("object '" + object.name() + "': no mesh provider supports " + object.mesh()
                + "; built-in objects available: " + known);
    }

    private <T> T onGlThread(java.util.concurrent.Callable<T> work) {
        if (Thread.currentThread() == glThreadInstance) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new RenderException(e.getMessage(), e);
            }
        }
        Future<T> f = glThread.submit(() -> {
            glThreadInstance = Thread.currentThread();
            return work.call();
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RenderException re) {
                throw re;
            }
            throw new RenderException("rendering failed: " + cause, cause);
        }
    }

    private void start() {
        if (drawable != null) {
            return;
        }
        uniforms.clear();
        programs.clear();
        meshCache.clear();
        images.forget();
        targets.forget();
        Platform platform = GlPlatform.choose();
        GlPlatform.configure(platform);
        es = platform == Platform.EGL_SURFACELESS;
        joglStarted = true;
        try {
            GLProfile profile = GLProfile.get(es ? GLProfile.GLES3 : GLProfile.GL3);
            GLCapabilities caps = new GLCapabilities(profile);
            caps.setOnscreen(false);
            caps.setFBO(true);
            caps.setDoubleBuffered(false);
            caps.setDepthBits(24);
            caps.setAlphaBits(8);
            drawable = GLDrawableFactory.getFactory(profile).createOffscreenAutoDrawable(null, caps, null, 64, 64);
            drawable.display(); // realises the drawable and its context
            GLContext ctx = drawable.getContext();
            makeCurrent(ctx);
            try {
                GL3ES3 gl = ctx.getGL().getGL3ES3();
                info = new RendererInfo(platform, gl.glGetString(GL.GL_VENDOR), gl.glGetString(GL.GL_RENDERER),
                        gl.glGetString(GL.GL_VERSION));
                int[] vao = new int[1];
                gl.glGenVertexArrays(1, vao, 0);
                emptyVertexArray = vao[0];
                whiteTexture = ImageTextures.upload(gl, 1, 1, new byte[] { -1, -1, -1, -1 });
            } finally {
                ctx.release();
            }
        } catch (RuntimeException | LinkageError e) {
            if (drawable != null) {
                drawable.destroy();
                drawable = null;
            }
            throw new RenderException("OpenGL could not start on " + platform + " (" + e.getMessage() + "). "
                    + (es ? "Without an X server, EGL_PLATFORM=surfaceless must be set and Mesa's EGL installed."
                            : "Is DISPLAY pointing at a running X server with GLX (for example Xvfb)?"), e);
        }
    }

    private static void makeCurrent(GLContext ctx) {
        if (ctx.makeCurrent() == GLContext.CONTEXT_NOT_CURRENT) {
            throw new RenderException("the OpenGL context could not be made current");
        }
    }

    private RgbImage renderOnGlThread(Scene scene, List<TriangleMesh> meshes, int width, int height) {
        start();
        GLContext ctx = drawable.getContext();
        makeCurrent(ctx);
        try {
            GL3ES3 gl = ctx.getGL().getGL3ES3();
            int w = width * SUPERSAMPLING;
            int h = height * SUPERSAMPLING;
            targets.bindForDrawing(gl, w, h, width, height);
            gl.glViewport(0, 0, w, h);
            // the background is the same in every frame of a drag: drawn once, then copied (a memcpy in llvmpipe)
            if (!targets.hasBackground(scene.background())) {
                targets.bindBackgroundForDrawing(gl, scene.background());
                drawBackground(gl, scene.background(), (double) width / height);
                targets.bindForDrawing(gl, w, h, width, height);
            }
            targets.copyBackground(gl);
            gl.glEnable(GL.GL_DEPTH_TEST);
            gl.glClear(GL.GL_DEPTH_BUFFER_BIT);
            drawObjects(gl, scene, meshes, (double) width / height);
            targets.bindForReading(gl, w, h, width, height);
            return readBack(gl, width, height);
        } finally {
            ctx.release();
        }
    }

    private void drawBackground(GL3ES3 gl, Background background, double aspect) {
        Rgb c = background.color();
        gl.glDisable(GL.GL_DEPTH_TEST);
        gl.glClearColor((float) c.r(), (float) c.g(), (float) c.b(), 1f);
        gl.glClear(GL.GL_COLOR_BUFFER_BIT);
        if (background.kind() == Background.Kind.SOLID) {
            return;
        }
        int mode = switch (background.kind()) {
        case GRADIENT -> 0;
        case PROCEDURAL -> 1;
        default -> 2;
        };
        int kind = mode == 1 ? Shaders.textureKind(background.source()) : 0;
        int p = programs.computeIfAbsent("background:" + mode + ":" + kind, k -> link(gl, Shaders.BACKGROUND_VERTEX,
                Shaders.backgroundFragment(mode, kind), false));
        gl.glUseProgram(p);
        uniform3(gl, p, "uTop", background.color());
        uniform3(gl, p, "uBottom", background.secondColor());
        gl.glUniform1f(loc(gl, p, "uAspect"), (float) aspect);
        gl.glUniform1i(loc(gl, p, "uImage"), 2);
        gl.glActiveTexture(GL.GL_TEXTURE2);
        if (background.kind() == Background.Kind.IMAGE) {
            ImageTextures.Loaded image = images.get(gl, background.source());
            gl.glUniform1f(loc(gl, p, "uImageAspect"), (float) image.width() / image.height());
            gl.glBindTexture(GL.GL_TEXTURE_2D, image.texture());
            // a background must not wrap around: its top row would bleed into the bottom one
            gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_S, GL.GL_CLAMP_TO_EDGE);
            gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE);
        } else {
            gl.glBindTexture(GL.GL_TEXTURE_2D, whiteTexture);
        }
        gl.glBindVertexArray(emptyVertexArray);
        gl.glDrawArrays(GL.GL_TRIANGLES, 0, 3);
        if (background.kind() == Background.Kind.IMAGE) {
            // the same image may also texture an object, which repeats
            gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_S, GL.GL_REPEAT);
            gl.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_T, GL.GL_REPEAT);
        }
        gl.glActiveTexture(GL.GL_TEXTURE0);
    }

    private void drawObjects(GL3ES3 gl, Scene scene, List<TriangleMesh> meshes, double aspect) {
        Camera cam = scene.camera();
        double[][] view = viewFrame(cam);
        float[] projection = Mat4.perspective(cam.fieldOfViewDegrees(), aspect, NEAR, 100);
        float[] viewProjection = Mat4.multiply(projection, Mat4.lookAt(view[0], view[1], view[2]));
        List<Light> lights = scene.lighting().lights();
        float[] vectors = new float[16];
        float[] colors = new float[12];
        int pointLights = 0;
        for (int i = 0; i < lights.size(); i++) {
            Light l = lights.get(i);
            pointLights |= l.kind() == Light.Kind.POINT ? 1 << i : 0;
            vectors[i * 4] = (float) l.vector().x();
            vectors[i * 4 + 1] = (float) l.vector().y();
            vectors[i * 4 + 2] = (float) l.vector().z();
            vectors[i * 4 + 3] = l.kind() == Light.Kind.POINT ? 1 : 0;
            colors[i * 3] = (float) (l.color().r() * l.intensity());
            colors[i * 3 + 1] = (float) (l.color().g() * l.intensity());
            colors[i * 3 + 2] = (float) (l.color().b() * l.intensity());
        }
        for (int i = 0; i < meshes.size(); i++) {
            SceneObject object = scene.objects().get(i);
            Material m = object.material();
            int p = meshProgram(gl, m, lights.size(), pointLights);
            gl.glUseProgram(p);
            gl.glUniformMatrix4fv(loc(gl, p, "uViewProjection"), 1, false, viewProjection, 0);
            gl.glUniform3f(loc(gl, p, "uEye"), (float) view[0][0], (float) view[0][1], (float) view[0][2]);
            uniform3(gl, p, "uAmbient", scene.lighting().ambient());
            gl.glUniform4fv(loc(gl, p, "uLightVector"), 4, vectors, 0);
            gl.glUniform3fv(loc(gl, p, "uLightColor"), 4, colors, 0);
            float[] model = modelMatrix(object.transform());
            gl.glUniformMatrix4fv(loc(gl, p, "uModel"), 1, false, model, 0);
            gl.glUniformMatrix3fv(loc(gl, p, "uNormalMatrix"), 1, false, Mat4.normalMatrix(model), 0);
            uniform3(gl, p, "uAlbedo", m.albedo());
            gl.glUniform1f(loc(gl, p, "uSpecular"), (float) m.specularStrength());
            gl.glUniform1f(loc(gl, p, "uShininess"), (float) m.shininess());
            textureUniforms(gl, p, 0, m.texture());
            if (m.textureBlend() > 0) {
                textureUniforms(gl, p, 1, m.blendTexture());
                gl.glUniform1f(loc(gl, p, "uTexBlend"), (float) m.textureBlend());
            }
            // deformed shapes (morphs, twists, noise) may fold onto themselves, showing back faces: drawn two-sided
            boolean undeformed = object.shape().isEmpty();
            GpuMesh gpu = upload(gl, meshes.get(i), undeformed);
            gl.glBindVertexArray(gpu.vertexArray());
            MeshTopology.Cullable order = gpu.order();
            int culled = undeformed && eyeOutside(view[0], object.transform(), order.radius())
                    ? order.outwardIndexCount() + order.inwardIndexCount() : 0;
            if (culled > 0) {
                // counter-clockwise front faces; scales are positive, never mirror
                gl.glEnable(GL.GL_CULL_FACE);
                drawRange(gl, 0, order.outwardIndexCount());
                gl.glCullFace(GL.GL_FRONT);
                drawRange(gl, order.outwardIndexCount(), order.inwardIndexCount());
                gl.glCullFace(GL.GL_BACK);
                gl.glDisable(GL.GL_CULL_FACE);
            }
            drawRange(gl, culled, order.indices().length - culled);
        }
        gl.glBindVertexArray(0);
    }

    private static void drawRange(GL3ES3 gl, int first, int count) {
        if (count > 0) {
            gl.glDrawElements(GL.GL_TRIANGLES, count, GL.GL_UNSIGNED_INT, (long) first * Integer.BYTES);
        }
    }

    /**
     * Whether the eye, and the near clipping plane with it, lies outside the object's bounding sphere: from inside a
     * solid, or with the near plane cutting it open, its back faces are what one sees.
     */
    private static boolean eyeOutside(double[] eye, Transform t, double radius) {
        Vec3 s = t.scale();
        double extent = radius * Math.max(Math.abs(s.x()), Math.max(Math.abs(s.y()), Math.abs(s.z())));
        double dx = eye[0] - t.translation().x(), dy = eye[1] - t.translation().y(), dz = eye[2] - t.translation().z();
        return Math.sqrt(dx * dx + dy * dy + dz * dz) > extent * 1.01 + 2 * NEAR;
    }

    private int meshProgram(GL3ES3 gl, Material m, int lightCount, int pointLights) {
        int kind0 = textureKind(m.texture());
        boolean blend = m.textureBlend() > 0;
        int kind1 = blend ? textureKind(m.blendTexture()) : 0;
        int shading = m.shading() == ShadingMode.SMOOTH ? 0 : m.shading() == ShadingMode.FLAT ? 1 : 2;
        return programs.computeIfAbsent(
                "mesh:" + kind0 + ":" + kind1 + ":" + blend + ":" + shading + ":" + lightCount + ":" + pointLights,
                k -> link(gl, Shaders.MESH_VERTEX,
                        Shaders.meshFragment(kind0, kind1, blend, shading, lightCount, pointLights), true));
    }

    private static int textureKind(Texture t) {
        return switch (t.kind()) {
        case NONE -> 0;
        case PROCEDURAL -> Shaders.textureKind(t.source());
        case IMAGE -> Shaders.textureKind("image");
        };
    }

    private void textureUniforms(GL3ES3 gl, int p, int slot, Texture t) {
        uniform3(gl, p, "uTexA" + slot, t.color());
        uniform3(gl, p, "uTexB" + slot, t.secondColor());
        gl.glUniform1f(loc(gl, p, "uTexScale" + slot), (float) t.scale());
        gl.glUniform1f(loc(gl, p, "uTexRotation" + slot), (float) Math.toRadians(t.rotationDegrees()));
        gl.glUniform1i(loc(gl, p, "uTexImage" + slot), slot);
        gl.glActiveTexture(GL.GL_TEXTURE0 + slot);
        gl.glBindTexture(GL.GL_TEXTURE_2D, t.kind() == Texture.Kind.IMAGE ? images.get(gl, t.source()).texture()
                : whiteTexture);
        gl.glActiveTexture(GL.GL_TEXTURE0);
    }

    /** Eye, target and up vector of the camera: orbit about the origin, then roll about the view axis, then pan. */
    static double[][] viewFrame(Camera cam) {
        var e = cam.eye();
        double[] eye = { e.x(), e.y(), e.z() };
        double[] target = { 0, 0, 0 };
        double[] forward = Mat4.normalize(Mat4.sub(target, eye));
        // looking straight up or down: the world's up axis no longer defines "up" on screen
        double[] worldUp = Math.abs(forward[1]) > 0.999 ? new double[] { 0, 0, forward[1] > 0 ? 1 : -1 }
                : new double[] { 0, 1, 0 };
        double[] right = Mat4.normalize(Mat4.cross(forward, worldUp));
        double[] up = Mat4.cross(right, forward);
        double roll = Math.toRadians(cam.rollDegrees());
        double[] rolledUp = new double[3];
        double[] rolledRight = new double[3];
        for (int k = 0; k < 3; k++) {
            rolledUp[k] = up[k] * Math.cos(roll) + right[k] * Math.sin(roll);
            rolledRight[k] = right[k] * Math.cos(roll) - up[k] * Math.sin(roll);
        }
        for (int k = 0; k < 3; k++) {
            // panning moves the camera, so the scene moves the other way on screen
            double shift = -cam.panX() * rolledRight[k] - cam.panY() * rolledUp[k];
            eye[k] += shift;
            target[k] += shift;
        }
        return new double[][] { eye, target, rolledUp };
    }

    private static float[] modelMatrix(Transform t) {
        float[] m = Mat4.translation(t.translation().x(), t.translation().y(), t.translation().z());
        m = Mat4.multiply(m, Mat4.rotation(2, t.rotationDegrees().z()));
        m = Mat4.multiply(m, Mat4.rotation(1, t.rotationDegrees().y()));
        m = Mat4.multiply(m, Mat4.rotation(0, t.rotationDegrees().x()));
        return Mat4.multiply(m, Mat4.scale(t.scale().x(), t.scale().y(), t.scale().z()));
    }

    private GpuMesh upload(GL3ES3 gl, TriangleMesh mesh, boolean findSolids) {
        GpuMesh cached = meshCache.get(mesh);
        if (cached != null) {
            return cached;
        }
        int[] vao = new int[1];
        gl.glGenVertexArrays(1, vao, 0);
        gl.glBindVertexArray(vao[0]);
        int[] buffers = new int[4];
        gl.glGenBuffers(4, buffers, 0);
        TriangleMesh compact = compact(mesh);
        MeshTopology.Cullable order = findSolids ? MeshTopology.analyse(compact) : MeshTopology.Cullable.none(compact);
        attribute(gl, buffers[0], POSITION, 3, compact.positions());
        attribute(gl, buffers[1], NORMAL, 3, compact.normals());
        attribute(gl, buffers[2], UV, 2, compact.uvs());
        gl.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, buffers[3]);
        int[] visible = order.indices();
        IntBuffer idx = Buffers.newDirectIntBuffer(visible);
        gl.glBufferData(GL.GL_ELEMENT_ARRAY_BUFFER, (long) visible.length * Integer.BYTES, idx, GL.GL_STATIC_DRAW);
        gl.glBindVertexArray(0);
        GpuMesh gpu = new GpuMesh(vao[0], buffers, order);
        meshCache.put(mesh, gpu);
        if (meshCache.size() > MESH_CACHE_SIZE) {
            var eldest = meshCache.entrySet().iterator().next();
            gl.glDeleteVertexArrays(1, new int[] { eldest.getValue().vertexArray() }, 0);
            gl.glDeleteBuffers(4, eldest.getValue().buffers(), 0);
            meshCache.remove(eldest.getKey());
        }
        return gpu;
    }

    /**
     * The mesh without zero-area triangles and without the vertices no remaining triangle uses: llvmpipe shades
     * every vertex in the index range, and the built-in objects' shared layout collapses unused parts to a point.
     */
    public static TriangleMesh compact(TriangleMesh mesh) {
        int[] visible = withoutDegenerateTriangles(mesh);
        int[] remap = new int[mesh.vertexCount()];
        java.util.Arrays.fill(remap, -1);
        int n = 0;
        for (int i : visible) {
            if (remap[i] < 0) {
                remap[i] = n++;
            }
        }
        if (n == mesh.vertexCount() && visible.length == mesh.indices().length) {
            return mesh;
        }
        float[] p = new float[n * 3];
        float[] nr = new float[n * 3];
        float[] uv = new float[n * 2];
        for (int v = 0; v < remap.length; v++) {
            int to = remap[v];
            if (to >= 0) {
                System.arraycopy(mesh.positions(), v * 3, p, to * 3, 3);
                System.arraycopy(mesh.normals(), v * 3, nr, to * 3, 3);
                System.arraycopy(mesh.uvs(), v * 2, uv, to * 2, 2);
            }
        }
        int[] idx = new int[visible.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = remap[visible[i]];
        }
        return new TriangleMesh(p, nr, uv, idx);
    }

    /**
     * Drops zero-area triangles (collapsed parts of the built-in objects' shared layout, caps): they draw nothing
     * but llvmpipe still pays for setting them up.
     */
    static int[] withoutDegenerateTriangles(TriangleMesh mesh) {
        float[] p = mesh.positions();
        int[] in = mesh.indices();
        int[] out = new int[in.length];
        int n = 0;
        for (int t = 0; t < in.length; t += 3) {
            int a = in[t] * 3, b = in[t + 1] * 3, c = in[t + 2] * 3;
            float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            float cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
            if (cx != 0 || cy != 0 || cz != 0) {
                out[n++] = in[t];
                out[n++] = in[t + 1];
                out[n++] = in[t + 2];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void attribute(GL3ES3 gl, int buffer, int location, int size, float[] data) {
        gl.glBindBuffer(GL.GL_ARRAY_BUFFER, buffer);
        FloatBuffer fb = Buffers.newDirectFloatBuffer(data);
        gl.glBufferData(GL.GL_ARRAY_BUFFER, (long) data.length * Float.BYTES, fb, GL.GL_STATIC_DRAW);
        gl.glEnableVertexAttribArray(location);
        gl.glVertexAttribPointer(location, size, GL.GL_FLOAT, false, 0, 0);
    }

    private RgbImage readBack(GL3ES3 gl, int width, int height) {
        int bytes = width * height * 4;
        if (readBuffer == null || readBuffer.capacity() < bytes) {
            readBuffer = Buffers.newDirectByteBuffer(bytes);
            readBytes = new byte[bytes];
        }
        readBuffer.clear();
        gl.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1);
        // RGBA: GLES refuses RGB read-back (GL_INVALID_OPERATION, black image)
        gl.glReadPixels(0, 0, width, height, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, readBuffer);
        byte[] pixels = readBytes;
        readBuffer.get(0, pixels, 0, bytes); // one bulk copy: reading a direct buffer byte by byte costs more
        float[] data = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            int src = (height - 1 - y) * width * 4; // GL rows are bottom-up
            int dst = y * width * 3;
            for (int x = 0; x < width; x++, src += 4, dst += 3) {
                data[dst] = (pixels[src] & 0xff) / 255f;
                data[dst + 1] = (pixels[src + 1] & 0xff) / 255f;
                data[dst + 2] = (pixels[src + 2] & 0xff) / 255f;
            }
        }
        return new RgbImage(width, height, data);
    }

    private int loc(GL3ES3 gl, int program, String name) {
        return uniforms.computeIfAbsent(program + ":" + name, k -> gl.glGetUniformLocation(program, name));
    }

    private void uniform3(GL3ES3 gl, int program, String name, Rgb c) {
        gl.glUniform3f(loc(gl, program, name), (float) c.r(), (float) c.g(), (float) c.b());
    }

    private int link(GL3ES3 gl, String vertex, String fragment, boolean meshAttributes) {
        int program = gl.glCreateProgram();
        gl.glAttachShader(program, compile(gl, GL2ES2.GL_VERTEX_SHADER, vertex));
        gl.glAttachShader(program, compile(gl, GL2ES2.GL_FRAGMENT_SHADER, fragment));
        if (meshAttributes) {
            gl.glBindAttribLocation(program, POSITION, "aPosition");
            gl.glBindAttribLocation(program, NORMAL, "aNormal");
            gl.glBindAttribLocation(program, UV, "aUv");
        }
        gl.glLinkProgram(program);
        int[] ok = new int[1];
        gl.glGetProgramiv(program, GL2ES2.GL_LINK_STATUS, ok, 0);
        if (ok[0] == 0) {
            throw new RenderException("shader program did not link: " + programLog(gl, program));
        }
        return program;
    }

    private int compile(GL3ES3 gl, int type, String body) {
        int shader = gl.glCreateShader(type);
        gl.glShaderSource(shader, 1, new String[] { Shaders.header(es) + body }, null);
        gl.glCompileShader(shader);
        int[] ok = new int[1];
        gl.glGetShaderiv(shader, GL2ES2.GL_COMPILE_STATUS, ok, 0);
        if (ok[0] == 0) {
            int[] len = new int[1];
            gl.glGetShaderiv(shader, GL2ES2.GL_INFO_LOG_LENGTH, len, 0);
            byte[] log = new byte[Math.max(1, len[0])];
            gl.glGetShaderInfoLog(shader, log.length, null, 0, log, 0);
            throw new RenderException("shader did not compile: " + new String(log).trim());
        }
        return shader;
    }

    private static String programLog(GL3ES3 gl, int program) {
        int[] len = new int[1];
        gl.glGetProgramiv(program, GL2ES2.GL_INFO_LOG_LENGTH, len, 0);
        byte[] log = new byte[Math.max(1, len[0])];
        gl.glGetProgramInfoLog(program, log.length, null, 0, log, 0);
        return new String(log).trim();
    }
}
