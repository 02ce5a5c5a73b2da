package org.perturber.core.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.perturber.core.files.ContainedPath;
import org.perturber.core.param.FileParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Material;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Texture;

/**
 * The files and folders a session names: model folders, mesh files, image textures and an image background. A
 * session names what lies in its own folder (or below) relatively, so that a folder with its session, meshes and
 * models can be moved or shared; it names anything else by absolute path. Reading resolves the relative names inside
 * the session's folder (an escape is refused like any broken element) and keeps the absolute ones, which
 * {@link #outside} lists for the caller to put before the user: a session from elsewhere must not read the user's
 * other files unless the user allows it.
 */
public final class SessionReferences {
    /** A name in a session and the JSON element that gives it ({@code scene.objects[0].mesh}). */
    public record Reference(String element, Path path) {
    }

    /** Turns one named path into another, or refuses it. */
    @FunctionalInterface
    interface PathMapping {
        String map(String element, String path, ContainedPath.Kind kind) throws IOException;
    }

    private SessionReferences() {
    }

    /**
     * Every file and folder the session names, absolute as read, and the stack's file parameters (such as a
     * background image) as the registry knows them: relative ones are resolved the way the renderer resolves them.
     */
    public static List<Reference> of(SessionFile.Contents contents, ContributionRegistry registry) {
        List<Reference> all = of(contents);
        List<StackEntry> entries = contents.stack().entries();
        for (int i = 0; i < entries.size(); i++) {
            StackEntry e = entries.get(i);
            for (String parameter : fileParameters(registry, e.perturbation())) {
                Object value = e.values().get(parameter);
                if (value instanceof String name && !name.isBlank()) {
                    all.add(new Reference("stack.perturbations[" + i + "].values." + parameter, Path.of(name)
                            .toAbsolutePath().normalize()));
                }
            }
        }
        return all;
    }

    /** The ids of a perturbation's file parameters; none for an unknown or broken contribution. */
    public static List<String> fileParameters(ContributionRegistry registry, String perturbation) {
        return registry.perturbation(perturbation).flatMap(c -> c.instance()).map(p -> p.parameters().stream()
                .filter(d -> d instanceof FileParameter).map(ParameterDescriptor::id).toList()).orElse(List.of());
    }

    /** Every file and folder the session's scene and model list name, absolute as read. */
    public static List<Reference> of(SessionFile.Contents contents) {
        List<Reference> all = new ArrayList<>();
        try {
            map(contents.scene(), (element, path, kind) -> {
                all.add(new Reference(element, Path.of(path)));
                return path;
            });
        } catch (IOException e) {
            throw new IllegalStateException(e); // the collecting mapping refuses nothing
        }
        for (int i = 0; i < contents.models().size(); i++) {
            all.add(new Reference("models[" + i + "]", contents.models().get(i)));
        }
        return all;
    }

    /**
     * The names that lie neither in the session's folder nor in a trusted folder (such as the installation's
     * models), compared by normalised absolute path: what the user should allow before the session is opened.
     */
    public static List<Reference> outside(SessionFile.Contents contents, Path sessionFile, Collection<Path> trusted,
            ContributionRegistry registry) {
        List<Path> roots = new ArrayList<>();
        roots.add(folderOf(sessionFile));
        trusted.forEach(t -> roots.add(t.toAbsolutePath().normalize()));
        List<Reference> outside = new ArrayList<>();
        for (Reference r : of(contents, registry)) {
            Path p = r.path().toAbsolutePath().normalize();
            if (roots.stream().noneMatch(p::startsWith)) {
                outside.add(r);
            }
        }
        return outside;
    }

    static Path folderOf(Path sessionFile) {
        return sessionFile.toAbsolutePath().normalize().getParent();
    }

    /** Names inside {@code folder} become relative to it; others stay as they are. */
    static String relativeIfInside(Path folder, String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            return path;
        }
        Path n = p.normalize();
        return n.startsWith(folder) && !n.equals(folder) ? folder.relativize(n).toString() : path;
    }

    /** Relative names resolved inside {@code folder} (refused when they lead out); absolute ones kept. */
    static String resolveInside(Path folder, String element, String path, ContainedPath.Kind kind)
            throws IOException {
        if (Path.of(path).isAbsolute()) {
            return path;
        }
        try {
            return ContainedPath.resolve(folder, "session's folder", path, kind).toString();
        } catch (ContainedPath.RefusedException e) {
            throw new IOException(element + " names '" + path + "', " + e.getMessage());
        }
    }

    /** The scene with each file name it holds passed through {@code f}. */
    static Scene map(Scene scene, PathMapping f) throws IOException {
        List<SceneObject> objects = new ArrayList<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            SceneObject o = scene.objects().get(i);
            String at = "scene.objects[" + i + "]";
            if (o.mesh().kind() == MeshRef.Kind.FILE) {
                o = o.withMesh(MeshRef.file(f.map(at + ".mesh", o.mesh().id(), ContainedPath.Kind.FILE)));
            }
            Material m = o.material();
            Texture texture = image(m.texture(), at + ".material.texture", f);
            Texture blend = image(m.blendTexture(), at + ".material.blendTexture", f);
            if (texture != m.texture() || blend != m.blendTexture()) {
                o = o.withMaterial(m.withTexture(texture).withTextureBlend(blend, m.textureBlend()));
            }
            objects.add(o);
        }
        Scene mapped = scene.withObjects(objects);
        Background b = scene.background();
        if (b.kind() == Background.Kind.IMAGE) {
            mapped = mapped.withBackground(new Background(b.kind(), b.color(), b.secondColor(), f.map(
                    "scene.background.source", b.source(), ContainedPath.Kind.FILE)));
        }
        return mapped;
    }

    private static Texture image(Texture t, String element, PathMapping f) throws IOException {
        if (t.kind() != Texture.Kind.IMAGE) {
            return t;
        }
        String mapped = f.map(element, t.source(), ContainedPath.Kind.FILE);
        return mapped.equals(t.source()) ? t
                : new Texture(t.kind(), mapped, t.color(), t.secondColor(), t.scale(), t.rotationDegrees());
    }
}
