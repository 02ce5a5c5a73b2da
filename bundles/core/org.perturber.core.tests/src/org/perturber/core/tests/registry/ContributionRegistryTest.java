package org.perturber.core.tests.registry;

import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.perturber.core.service.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionKind;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;
import org.perturber.core.tests.contributions.DominantColourBackend;
import org.perturber.core.tests.contributions.MisbehavingPerturbation;
import org.perturber.core.tests.contributions.ThrowingPerturbation;
import org.perturber.core.viz.VisualizationFrame;
import org.perturber.core.viz.VisualizationInput;

/** The registry service, read from this bundle's plugin.xml: working contributions work, broken ones are isolated. */
class ContributionRegistryTest {
    private static final String BUNDLE = "org.perturber.core.tests";
    private static ContributionRegistry registry;

    @BeforeAll
    static void findService() {
        registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
    }

    private static Contribution<Perturbation> perturbation(String name) {
        return registry.perturbations().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no perturbation named " + name + " in "
                        + registry.perturbations()));
    }

    @Test
    void workingPerturbationIsCreatedLazilyAndApplies() {
        Contribution<Perturbation> invert = perturbation("Invert (test)");
        assertEquals(BUNDLE, invert.bundle());
        assertEquals("image", invert.category());
        ImagePerturbation p = (ImagePerturbation) invert.instance().orElseThrow();
        assertEquals(ContributionStatus.LOADED, invert.status());
        assertEquals(Stage.IMAGE, p.stage());
        RgbImage grey = RgbImage.filled(4, 4, 0.2f, 0.5f, 0.9f);
        RgbImage inverted = p.apply(grey, ParameterValues.defaults(p.parameters()).with("amount", 1.0));
        assertEquals(0.8f, inverted.get(1, 1, 0), 1e-6);
        assertEquals(0.1f, inverted.get(1, 1, 2), 1e-6);
        assertEquals(0.2f, grey.get(1, 1, 0), 1e-6, "the input image must not change");
    }

    @Test
    void missingClassIsReportedWithBundleAndClass() {
        Contribution<Perturbation> missing = perturbation("Missing class (test)");
        assertTrue(missing.instance().isEmpty());
        assertEquals(ContributionStatus.FAILED, missing.status());
        String why = missing.failure().orElseThrow();
        assertTrue(why.contains(BUNDLE), why);
        assertTrue(why.contains("DoesNotExist"), why);
    }

    @Test
    void throwingConstructorIsIsolatedAndItsMessageKept() {
        Contribution<Perturbation> throwing = perturbation("Throws in constructor (test)");
        assertTrue(throwing.instance().isEmpty());
        assertEquals(ContributionStatus.FAILED, throwing.status());
        String why = throwing.failure().orElseThrow();
        assertTrue(why.contains(ThrowingPerturbation.MESSAGE), why);
        assertTrue(why.contains(BUNDLE), why);
        // the others are unaffected
        assertTrue(perturbation("Invert (test)").instance().isPresent());
    }

    @Test
    void anErrorFromAConstructorIsIsolatedToo() {
        Contribution<Perturbation> erring = perturbation("Error in constructor (test)");
        assertTrue(erring.instance().isEmpty());
        assertEquals(ContributionStatus.FAILED, erring.status());
        String why = erring.failure().orElseThrow();
        assertTrue(why.contains("OutOfMemoryError: " + MisbehavingPerturbation.ErrorInConstructor.MESSAGE) && why
                .contains(BUNDLE), why);
        assertTrue(perturbation("Invert (test)").instance().isPresent());
    }

    @Test
    void classOfTheWrongTypeIsRejected() {
        Contribution<Perturbation> wrong = perturbation("Wrong type (test)");
        assertTrue(wrong.instance().isEmpty());
        assertTrue(wrong.failure().orElseThrow().contains("does not implement " + Perturbation.class.getName()));
    }

    @Test
    void brokenDeclarationsAreListedAsFailed() {
        Contribution<Perturbation> duplicate = perturbation("Duplicate id (test)");
        assertEquals(ContributionStatus.FAILED, duplicate.status());
        assertTrue(duplicate.failure().orElseThrow().contains("duplicate id"));
        Contribution<Perturbation> noId = perturbation("No id (test)");
        assertEquals(ContributionStatus.FAILED, noId.status());
        assertTrue(noId.failure().orElseThrow().contains("without an id"));
        // lookup by id finds the working one, not the duplicate
        assertEquals("Invert (test)", registry.perturbation("org.perturber.core.tests.invert").orElseThrow().name());
    }

    @Test
    void everyExtensionPointHasItsTestContribution() {
        List<Contribution<?>> all = registry.all();
        for (ContributionKind kind : ContributionKind.values()) {
            assertTrue(all.stream().anyMatch(c -> c.kind() == kind && c.bundle().equals(BUNDLE)),
                    "no test contribution of kind " + kind + " in " + all);
        }
        assertEquals(registry.perturbations().size() + registry.modelBackends().size()
                + registry.visualizations().size(), all.size());
    }

    @Test
    void backendAndVisualizationContributionsWorkTogether() throws Exception {
        ModelBackend backend = registry.modelBackend("org.perturber.core.tests.dominantColour").orElseThrow()
                .instance().orElseThrow();
        Path dir = Files.createTempDirectory("dominant");
        try {
            Files.writeString(dir.resolve(DominantColourBackend.MARKER), "");
            assertTrue(backend.canOpen(dir));
            try (Model model = backend.open(dir)) {
                RgbImage reddish = RgbImage.filled(8, 8, 0.9f, 0.2f, 0.1f);
                InferenceResult result = model.infer(reddish, InferenceRequest.predictions(2));
                assertEquals("red", result.best().label());
                var viz = registry.visualization("org.perturber.core.tests.topClasses").orElseThrow().instance()
                        .orElseThrow();
                InferenceResult baseline = model.infer(RgbImage.filled(8, 8, 0.1f, 0.2f, 0.9f),
                        InferenceRequest.predictions(3));
                VisualizationFrame frame = viz.compute(new VisualizationInput(model.descriptor(), reddish, result,
                        baseline, null));
                VisualizationFrame.Bars bars = (VisualizationFrame.Bars) frame;
                assertEquals(2, bars.bars().size());
                assertEquals("red", bars.bars().get(0).label());
                assertTrue(bars.bars().get(0).change() > 0.5, "red gained against a blue baseline: " + bars);
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void openingAnUnsuitableDirectoryFailsWithTheFileNamed() throws IOException {
        ModelBackend backend = registry.modelBackend("org.perturber.core.tests.dominantColour").orElseThrow()
                .instance().orElseThrow();
        Path dir = Files.createTempDirectory("empty");
        try {
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.perturber.core.model.ModelLoadException.class, () -> backend.open(dir));
            assertTrue(e.getMessage().contains(DominantColourBackend.MARKER), e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
