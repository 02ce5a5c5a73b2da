package org.perturber.app.parts;

import java.time.Duration;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.perturber.app.DefaultScene;
import org.perturber.core.service.Services;
import org.perturber.core.image.RgbImage;
import org.perturber.render.SceneRenderer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/** Shows the current scene as the renderer produces it offscreen (the interactive GL canvas comes later). */
public class ScenePart {
    static final int RENDER_SIZE = 448;

    private Canvas canvas;
    private Image image;
    private volatile String message = "Rendering...";

    @PostConstruct
    public void create(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc));
        Job.create("Rendering the scene", (IProgressMonitor monitor) -> {
            try {
                SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(20));
                ImageData data = toImageData(renderer.render(DefaultScene.create(), RENDER_SIZE, RENDER_SIZE));
                canvas.getDisplay().asyncExec(() -> showImage(data));
                return Status.OK_STATUS;
            } catch (RuntimeException e) {
                message = "Rendering failed: " + e.getMessage();
                canvas.getDisplay().asyncExec(() -> {
                    if (!canvas.isDisposed()) {
                        canvas.redraw();
                    }
                });
                return Status.error(message, e);
            }
        }).schedule();
    }

    private void showImage(ImageData data) {
        if (canvas.isDisposed()) {
            return;
        }
        image = new Image(canvas.getDisplay(), data);
        message = null;
        canvas.redraw();
    }

    /** True once the rendered scene is on screen. */
    public boolean hasImage() {
        return image != null;
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        if (image == null) {
            gc.drawText(message == null ? "" : message, 10, 10, true);
            return;
        }
        Rectangle b = image.getBounds();
        int side = Math.max(1, Math.min(area.width, area.height));
        gc.setInterpolation(SWT.HIGH);
        gc.drawImage(image, 0, 0, b.width, b.height, (area.width - side) / 2, (area.height - side) / 2, side, side);
    }

    static ImageData toImageData(RgbImage rgb) {
        ImageData data = new ImageData(rgb.width(), rgb.height(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] packed = rgb.toPackedRgb();
        for (int y = 0; y < rgb.height(); y++) {
            data.setPixels(0, y, rgb.width(), packed, y * rgb.width());
        }
        return data;
    }

    @PreDestroy
    public void dispose() {
        if (image != null) {
            image.dispose();
        }
    }
}
