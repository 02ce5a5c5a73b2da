package org.perturber.headless;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
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
import org.perturber.core.render.SceneRenderer;

/**
 * {@code releng/perturber contact-sheet [FILE] [TILE]}: renders every built-in object with its default texture
 * into one labelled PNG (default objects.png, tiles of 192 pixels).
 */
public class ContactSheetApplication implements IApplication {
    private static final int COLUMNS = 6;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        Path out = Path.of(args.length > 0 ? args[0] : "objects.png").toAbsolutePath();
        int tile = args.length > 1 ? Integer.parseInt(args[1]) : 192;
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        List<Sheet.Tile> tiles = new java.util.ArrayList<>();
        for (String id : objects.ids()) {
            SceneObject object = SceneObject.of(id, MeshRef.builtin(id))
                    .withMaterial(objects.defaultMaterial(MeshRef.builtin(id)).orElseThrow());
            Scene scene = new Scene(List.of(object), Camera.DEFAULT.withOrbit(25, 20, 3),
                    new Lighting(List.of(Light.directional(new Vec3(-0.5, 0.8, 0.7), 0.85),
                            Light.directional(new Vec3(0.7, 0.2, 0.5), 0.3)), new Rgb(0.25, 0.25, 0.25)),
                    Background.gradient(new Rgb(0.95, 0.96, 0.98), new Rgb(0.7, 0.72, 0.76)));
            tiles.add(new Sheet.Tile(renderer.render(scene, tile, tile), objects.label(id) + " (" + id + ")"));
            System.out.println("rendered " + id + " (" + tiles.size() + "/" + objects.ids().size() + ")");
        }
        Sheet.write(out, tiles, COLUMNS);
        return IApplication.EXIT_OK;
    }

    @Override
    public void stop() {
    }
}
