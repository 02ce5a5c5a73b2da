package org.perturber.headless;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.image.RgbImage;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Light;
import org.perturber.core.scene.Lighting;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.scene.Vec3;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.render.SceneRenderer;

/**
 * {@code releng/perturber contact-sheet [FILE] [TILE]}: renders every built-in object with its default texture
 * into one labelled PNG (default objects.png, tiles of 192 pixels).
 */
public class ContactSheetApplication implements IApplication {
    private static final int COLUMNS = 6;
    private static final int LABEL = 22;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        Path out = Path.of(args.length > 0 ? args[0] : "objects.png").toAbsolutePath();
        int tile = args.length > 1 ? Integer.parseInt(args[1]) : 192;
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        List<String> ids = objects.ids();
        int rows = (ids.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage sheet = new BufferedImage(COLUMNS * tile, rows * (tile + LABEL), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            SceneObject object = SceneObject.of(id, MeshRef.builtin(id))
                    .withMaterial(objects.defaultMaterial(MeshRef.builtin(id)).orElseThrow());
            Scene scene = new Scene(List.of(object), Camera.DEFAULT.withOrbit(25, 20, 3),
                    new Lighting(List.of(Light.directional(new Vec3(-0.5, 0.8, 0.7), 0.85),
                            Light.directional(new Vec3(0.7, 0.2, 0.5), 0.3)), new Rgb(0.25, 0.25, 0.25)),
                    Background.gradient(new Rgb(0.95, 0.96, 0.98), new Rgb(0.7, 0.72, 0.76)));
            RgbImage image = renderer.render(scene, tile, tile);
            int x0 = (i % COLUMNS) * tile;
            int y0 = (i / COLUMNS) * (tile + LABEL);
            sheet.setRGB(x0, y0, tile, tile, image.toPackedRgb(), 0, tile);
            g.setColor(Color.DARK_GRAY);
            g.drawString(objects.label(id) + " (" + id + ")", x0 + 6, y0 + tile + 16);
            System.out.println("rendered " + id + " (" + (i + 1) + "/" + ids.size() + ")");
        }
        g.dispose();
        Files.createDirectories(out.getParent());
        ImageIO.write(sheet, "png", out.toFile());
        System.out.println("wrote " + out);
        return IApplication.EXIT_OK;
    }

    @Override
    public void stop() {
    }
}
