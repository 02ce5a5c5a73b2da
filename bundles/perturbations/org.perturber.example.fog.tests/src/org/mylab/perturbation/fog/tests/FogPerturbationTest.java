package org.mylab.perturbation.fog.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;
import org.perturber.core.scene.Rgb;
import org.perturber.core.service.Services;

/** What a lab tests for its own perturbation: it is found, it loads, it does nothing at its defaults, it works. */
class FogPerturbationTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class,
            Duration.ofSeconds(20));

    private static ImagePerturbation fog() {
        var contribution = REGISTRY.perturbation("org.mylab.perturbation.fog").orElseThrow();
        ImagePerturbation fog = (ImagePerturbation) contribution.instance().orElseThrow();
        assertEquals(ContributionStatus.LOADED, contribution.status());
        return fog;
    }

    @Test
    void defaultsChangeNothing() {
        RgbImage image = RgbImage.filled(8, 8, 0.1f, 0.2f, 0.3f);
        assertSame(image, fog().apply(image, ParameterValues.defaults(fog().parameters())));
    }

    @Test
    void denseFogIsTheFogColourAndThickerAtTheTop() {
        ImagePerturbation fog = fog();
        RgbImage dark = RgbImage.filled(8, 8, 0, 0, 0);
        ParameterValues v = ParameterValues.defaults(fog.parameters()).with("density", 1.0).with("height", 0.0)
                .with("color", new Rgb(1, 1, 1));
        assertEquals(1f, fog.apply(dark, v).get(3, 3, 0), 1e-6);
        RgbImage graded = fog.apply(dark, v.with("density", 0.5).with("height", 1.0));
        assertTrue(graded.luminance(0, 0) > graded.luminance(0, 7), "thicker toward the top");
        assertEquals(0f, dark.get(0, 0, 0), "the input is untouched");
    }
}
