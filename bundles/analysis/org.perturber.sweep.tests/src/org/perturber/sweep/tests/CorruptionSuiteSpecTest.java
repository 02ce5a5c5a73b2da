package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.sweep.SweepPlan;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/**
 * The corruption-suite design's spec: what it plans (the clean images once, every corruption that loaded at every
 * severity), and each refusal with the file and line: an unknown suite or corruption, a baseline not among the
 * models, severities out of range, "vary" given.
 */
class CorruptionSuiteSpecTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void models() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    static String spec(String design, String extra) {
        return """
                {
                  "name": "suite",
                  "seed": 7,
                  "objects": ["mug", "apple"],
                  "views": 3,
                  "models": ["net-a", "net-b"],
                  "design": %s,%s
                  "output": "results/suite"
                }
                """.formatted(design, extra);
    }

    private static SweepSpec read(String design, String extra) throws SweepSpecException {
        return SweepFixtures.read(models, spec(design, extra), tmp);
    }

    @Test
    void imagenetCPlansTheCleanImagesOnceAndEveryLoadedCorruptionAtEverySeverity() throws Exception {
        SweepSpec spec = read("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\"}",
                "");
        SweepSpec.Suite suite = spec.design().suite();
        assertEquals(19, suite.chosen().size(), "ImageNet-C's 15 and 4 extra");
        assertEquals(SweepFixtures.registry().corruptions("imagenet-c").stream().map(SuiteCorruption::name).toList(),
                suite.chosen().stream().map(SuiteCorruption::name).toList(), "in the suite's order");
        // whether a corruption runs is whether its perturbation loaded: both ways
        for (SuiteCorruption c : suite.corruptions()) {
            assertTrue(SweepFixtures.registry().perturbation(c.perturbation()).orElseThrow().instance().isPresent(),
                    c.name());
        }
        for (SweepSpec.Missing m : suite.missing()) {
            assertTrue(SweepFixtures.registry().perturbation(m.corruption().perturbation()).orElseThrow().instance()
                    .isEmpty(), m.corruption().name());
            assertTrue(m.problem().contains(m.corruption().name()) && m.problem().contains(m.corruption().bundle()),
                    m.problem());
        }
        assertTrue(suite.corruptions().size() >= 6, "the 6 on main run: " + suite.corruptions());
        assertEquals(List.of(1, 2, 3, 4, 5), suite.severities());
        assertTrue(suite.seeded().contains("gaussian_noise") && !suite.seeded().contains("pixelate"), suite
                .seeded().toString());
        long points = 1 + 5L * suite.corruptions().size();
        assertEquals(points * 2 * 3 * 2, spec.plannedRows());
        SweepPlan plan = new SweepPlan(spec);
        assertEquals(points, plan.points().size());
        assertEquals(points * 2 * 3, plan.size());
        assertEquals(List.of("clean", 0), plan.points().get(0).values());
        assertEquals(List.of(suite.corruptions().get(0).name(), 1), plan.points().get(1).values());
        assertEquals(PerturbationStack.EMPTY, plan.stackFor(plan.points().get(0)), "the clean image: the bare stack");
        assertEquals(List.of("corruption", "severity"), plan.pointColumns());
    }

    @Test
    void aSubsetOfCorruptionsAndSeveritiesPlansThoseOnly() throws Exception {
        SweepSpec spec = read("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-b\", "
                + "\"corruptions\": [\"pixelate\", \"gaussian_noise\"], \"severities\": [5, 2]}", "");
        SweepSpec.Suite suite = spec.design().suite();
        assertEquals(List.of("gaussian_noise", "pixelate"), suite.corruptions().stream().map(SuiteCorruption::name)
                .toList(), "in the suite's order, not the spec's");
        assertEquals(List.of(2, 5), suite.severities());
        assertEquals("net-b", suite.baseline());
        assertEquals((1 + 2 * 2) * 2 * 3 * 2, spec.plannedRows());
        SweepPlan plan = new SweepPlan(spec);
        PerturbationStack noise = plan.stackFor(plan.points().get(2)); // gaussian_noise at 5
        assertEquals(1, noise.entries().size());
        assertEquals("org.perturber.perturbation.image.gaussianNoise", noise.entries().get(0).perturbation());
        assertEquals(5.0, noise.entries().get(0).values().get("severity"));
        assertEquals(7, noise.entries().get(0).values().get("seed"), "the spec's seed");
        PerturbationStack pixelate = plan.stackFor(plan.points().get(3)); // pixelate at 2
        assertEquals(2.0, pixelate.entries().get(0).values().get("severity"));
        assertNull(pixelate.entries().get(0).values().get("seed"), "pixelate draws no random numbers");
    }

    @Test
    void brightnessAndContrastSetTheirOwnSeverityOfTheSharedPerturbation() throws Exception {
        SweepSpec spec = read("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\", "
                + "\"corruptions\": [\"brightness\", \"contrast\"], \"severities\": [3]}", "");
        SweepPlan plan = new SweepPlan(spec);
        assertEquals(List.of("brightness", 3), plan.points().get(1).values());
        assertEquals(3.0, plan.stackFor(plan.points().get(1)).entries().get(0).values().get("brightnessSeverity"));
        assertEquals(Set.of("brightnessSeverity"), plan.stackFor(plan.points().get(1)).entries().get(0).values()
                .keySet());
        assertEquals(Set.of("contrastSeverity"), plan.stackFor(plan.points().get(2)).entries().get(0).values()
                .keySet());
    }

    @Test
    void theTestSuitesUnloadablePerturbationIsMissingNotRefused() throws Exception {
        SweepSpec spec = read("{\"type\": \"corruption-suite\", \"suite\": \"sweep-test\", \"baseline\": \"net-a\"}",
                "");
        SweepSpec.Suite suite = spec.design().suite();
        assertEquals(List.of("darken", "darken_extra"), suite.corruptions().stream().map(SuiteCorruption::name)
                .toList());
        assertEquals(1, suite.missing().size());
        String problem = suite.missing().get(0).problem();
        assertTrue(problem.startsWith("corruption not_loaded (perturbation org.perturber.sweep.tests.missingClass, "
                + "bundle org.perturber.sweep.tests): failed to load"), problem);
        assertEquals((1 + 2 * 5) * 2 * 3 * 2, spec.plannedRows(), "the missing corruption plans no rows");
    }

    /** Each refusal: the file, the line of the offending text, and what is wrong. */
    private static void refused(String design, String extra, int line, String says) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> read(design, extra));
        assertTrue(e.getMessage().startsWith("test.json:" + line + ": ") && e.getMessage().contains(says), e
                .getMessage());
    }

    @Test
    void unknownSuitesCorruptionsAndBaselinesAreRefusedWithTheLine() {
        refused("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-x\", \"baseline\": \"net-a\"}", "", 7,
                "unknown corruption suite 'imagenet-x'");
        refused("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\",\n"
                + "  \"corruptions\": [\"gaussian_noise\", \"gausian_blur\"]}", "", 8, "unknown corruption "
                        + "'gausian_blur' in suite imagenet-c; its corruptions: [gaussian_noise, shot_noise");
        refused("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"standard\"}", "", 7,
                "\"baseline\" 'standard' is not among the sweep's models [net-a, net-b]");
        refused("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\"}", "", 7, "needs \"baseline\"");
        refused("\"corruption-suite\"", "", 7, "needs its suite and baseline");
        refused("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\", \"levels\": 3}",
                "", 7, "unknown key \"levels\"");
        refused("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\",\n"
                + "  \"corruptions\": [\"fog\", \"fog\"]}", "", 8, "'fog' is listed twice");
    }

    @Test
    void severitiesOutOfRangeAreRefusedWithTheLine() {
        for (String severities : List.of("[0, 1]", "[6]", "[2.5]", "[\"3\"]", "[]", "[2, 2]")) {
            SweepSpecException e = assertThrows(SweepSpecException.class, () -> read("{\"type\": "
                    + "\"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\",\n  \"severities\": "
                    + severities + "}", ""), severities);
            assertTrue(e.getMessage().startsWith("test.json:8: "), e.getMessage());
        }
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> read("{\"type\": \"corruption-suite\", "
                + "\"suite\": \"imagenet-c\", \"baseline\": \"net-a\", \"severities\": [1, 6]}", ""));
        assertTrue(e.getMessage().contains("severity 6 is out of range: the suite's severities are the whole numbers "
                + "1 to 5"), e.getMessage());
    }

    @Test
    void varyWithThisDesignAndMetricsWithoutTop1AreRefused() {
        String design = "{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\"}";
        refused(design, "\n  \"vary\": [{\"perturbation\": \"image.fadeToBlack\", \"parameter\": \"amount\", "
                + "\"from\": 0, \"to\": 1}],", 8, "\"vary\" does not apply to the corruption-suite design");
        refused(design, "\n  \"metrics\": [\"true-class-probability\"],", 8, "needs the metric \"top1\"");
    }

    @Test
    void theSpecsSeedMustSuitEverySeededCorruption() {
        String text = spec("{\"type\": \"corruption-suite\", \"suite\": \"sweep-test\", \"baseline\": \"net-a\"}", "")
                .replace("\"seed\": 7", "\"seed\": 5000");
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.read(models, text, tmp));
        assertTrue(e.getMessage().startsWith("test.json:3: \"seed\" 5000 is outside the range of darken's seed, [0, "
                + "1000]"), e.getMessage());
    }

    @Test
    void planSizeCountsTheSuitesRowsAgainstTheCap() throws Exception {
        SweepSpec small = read("{\"type\": \"corruption-suite\", \"suite\": \"imagenet-c\", \"baseline\": \"net-a\"}",
                "");
        assertNull(small.planSizeProblem());
        SweepSpec.Suite suite = small.design().suite();
        List<SuiteCorruption> many = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            many.add(new SuiteCorruption("imagenet-c", "c" + i, "C" + i, "noise", "p", "severity", 5, true, i, "b"));
        }
        List<SweepSpec.SweepModel> models = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            models.add(new SweepSpec.SweepModel("m" + i, tmp));
        }
        List<SweepSpec.SweepObject> objects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            objects.add(new SweepSpec.SweepObject("o" + i, null, "o" + i));
        }
        SweepSpec big = new SweepSpec("big", "", 1, objects, 360, models, PerturbationStack.EMPTY, List.of(),
                SweepSpec.Design.corruptionSuite(new SweepSpec.Suite("imagenet-c", "m0", many, suite.severities(),
                        Set.of(), List.of())), small.metrics(), tmp, "", null);
        // (1 + 19 x 5) x 12 x 360 x 30 = 12,441,600
        assertEquals(12_441_600L, big.plannedRows());
        String problem = big.planSizeProblem();
        assertNotNull(problem);
        assertTrue(problem.contains("12441600 rows ((1 clean + corruptions x severities) x objects x views x models)"),
                problem);
    }
}
