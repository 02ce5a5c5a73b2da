package org.perturber.perturbation.background;

import java.util.ArrayList;
import java.util.List;

import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ColorParameter;
import org.perturber.core.param.FileParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Background;
import org.perturber.core.scene.Rgb;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.Texture;

/** Replaces the background: a solid colour, a vertical gradient, an image file, or a procedural texture. */
public class BackgroundPerturbation implements ScenePerturbation {
    public static final ChoiceParameter KIND;
    public static final ColorParameter COLOR = new ColorParameter("color", "Colour", new Rgb(0.2, 0.4, 0.2));
    public static final ColorParameter SECOND = new ColorParameter("second", "Second colour", new Rgb(0.9, 0.9, 0.8));
    public static final FileParameter IMAGE = new FileParameter("image", "Image file", List.of("png", "jpg", "jpeg",
            "gif", "bmp"), "");

    static {
        List<String> kinds = new ArrayList<>(List.of("as is", "solid", "gradient", "image"));
        kinds.addAll(Texture.PROCEDURAL_NAMES);
        KIND = ChoiceParameter.of("kind", "Background", "as is", kinds.toArray(String[]::new));
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(KIND, COLOR, SECOND, IMAGE);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        Rgb a = v.getColor(COLOR.id());
        Rgb b = v.getColor(SECOND.id());
        return switch (v.getChoice(KIND.id())) {
        case "as is" -> scene;
        case "solid" -> scene.withBackground(Background.solid(a));
        case "gradient" -> scene.withBackground(Background.gradient(a, b));
        case "image" -> {
            String file = v.get(IMAGE.id()).toString();
            if (file.isEmpty()) {
                throw new IllegalArgumentException("an image background needs an image file");
            }
            yield scene.withBackground(new Background(Background.Kind.IMAGE, a, b, file));
        }
        default -> scene.withBackground(new Background(Background.Kind.PROCEDURAL, a, b, v.getChoice(KIND.id())));
        };
    }
}
