package org.perturber.app.parts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.ImageData;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinCatalog;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/**
 * Small pictures of the built-in objects, each in the standard scene, rendered once per run by the scene renderer
 * in a Job (the first time a chooser is opened, so that they do not slow the start) and kept for every view.
 */
public final class ObjectThumbnails {
    public static final int SIZE = 64;
    private static final Map<String, ImageData> RENDERED = new ConcurrentHashMap<>();
    private static final CopyOnWriteArrayList<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static Job job;

    private ObjectThumbnails() {
    }

    /** The thumbnail of a built-in object, or null while it is being rendered. */
    public static ImageData get(String id) {
        return RENDERED.get(id);
    }

    /** Renders the thumbnails not rendered yet; {@code ready} hears each id as its picture arrives (any thread). */
    static synchronized void request(Consumer<String> ready) {
        LISTENERS.addIfAbsent(ready); // a gallery asks each time it opens
        if (job != null || RENDERED.size() == BuiltinCatalog.ids().size()) {
            return;
        }
        job = Job.create("Rendering object thumbnails", (IProgressMonitor monitor) -> {
            List<String> ids = BuiltinCatalog.ids();
            SubMonitor progress = SubMonitor.convert(monitor, ids.size());
            try {
                SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
                BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
                for (String id : ids) {
                    if (progress.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    progress.subTask(BuiltinCatalog.label(id));
                    RENDERED.put(id, ScenePart.toImageData(renderer.render(BuiltinScenes.standard(objects, id), SIZE,
                            SIZE)));
                    LISTENERS.forEach(l -> l.accept(id));
                    progress.worked(1);
                }
            } catch (RuntimeException e) {
                // no renderer: the chooser keeps its named buttons without pictures, the Scene view says why
                return Status.OK_STATUS;
            } finally {
                synchronized (ObjectThumbnails.class) {
                    job = null;
                }
            }
            return Status.OK_STATUS;
        });
        job.setPriority(Job.DECORATE);
        job.schedule();
    }

    static void forget(Consumer<String> ready) {
        LISTENERS.remove(ready);
    }
}
