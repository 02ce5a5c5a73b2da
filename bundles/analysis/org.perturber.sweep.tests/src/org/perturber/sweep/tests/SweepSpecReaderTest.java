package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.SweepPlan;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;

/** A bad sweep file is refused before anything runs, naming the file, the line and the problem. */
class SweepSpecReaderTest {
    @TempDir
    static Path tmp;
    private static Path models;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    private static final String GOOD = """
            {
              "name": "good",
              "objects": ["mug", "bowl"],
              "views": 2,
              "models": ["net-a"],
              "stack": [{"id": "image.frequencyFilter", "values": {"pass": "low"}}],
              "vary": [
                {"perturbation": "camera.cameraPerturbation", "parameter": "elevation", "from": -30, "to": 30, "steps": 3},
                {"perturbation": "image.frequencyFilter", "parameter": "cutoff", "values": [1, 4]}
              ],
              "design": "grid",
              "metrics": ["top1", "flip"]
            }
            """;

    private static void refused(String json, int line, String... fragments) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.read(models, json, tmp));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.json:" + line + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
    }

    @Test
    void aGoodSpecBecomesAPlan() throws Exception {
        SweepSpec spec = SweepFixtures.read(models, GOOD, tmp);
        assertEquals("org.perturber.perturbation.camera.cameraPerturbation", spec.factors().get(0).perturbation());
        assertEquals(List.of(-30.0, 0.0, 30.0), spec.factors().get(0).levels());
        assertEquals(tmp.resolve("sweep-results/good"), spec.output());
        SweepPlan plan = new SweepPlan(spec);
        assertEquals(6, plan.points().size()); // 3 x 2 grid
        assertEquals(6 * 2 * 2, plan.size());
        // the varied cutoff lands on the stack's own frequency filter entry, not on a second one
        var stack = plan.stackFor(plan.points().get(1));
        assertEquals(2, stack.entries().size());
        assertEquals("low", stack.entries().get(0).values().get("pass"));
        assertEquals(4.0, stack.entries().get(0).values().get("cutoff"));
    }

    @Test
    void randomAndOneAtATimeDesigns() throws Exception {
        SweepSpec random = SweepFixtures.read(models, GOOD.replace("\"design\": \"grid\"",
                "\"design\": {\"type\": \"random\", \"samples\": 40}"), tmp);
        SweepPlan plan = new SweepPlan(random);
        assertEquals(40, plan.points().size());
        DoubleSummaryStatistics elevation = plan.points().stream().mapToDouble(p -> (Double) p.values().get(0))
                .summaryStatistics();
        assertTrue(elevation.getMin() >= -30 && elevation.getMax() <= 30, "within the range: " + elevation);
        assertTrue(elevation.getMin() < -20 && elevation.getMax() > 20, "spread over it: " + elevation);
        assertEquals(Set.of(1.0, 4.0), plan.points().stream().map(p -> p.values().get(1)).collect(Collectors
                .toSet()), "the listed levels, both");
        assertEquals(plan.points(), new SweepPlan(random).points(), "seeded: the same points every time");
        SweepPlan oneAtATime = new SweepPlan(SweepFixtures.read(models, GOOD.replace("\"design\": \"grid\"",
                "\"design\": \"one-at-a-time\""), tmp));
        assertEquals(3 + 2, oneAtATime.points().size());
        assertEquals(null, oneAtATime.points().get(0).values().get(1));
    }

    @Test
    void unknownNamesAreRefusedWithTheirLine() {
        refused(GOOD.replace("\"bowl\"", "\"bowel\""), 3, "unknown object 'bowel'", "mug");
        refused(GOOD.replace("\"net-a\"", "\"net-c\""), 5, "unknown model 'net-c'", "net-a");
        refused(GOOD.replace("camera.cameraPerturbation", "camera.zoom"), 8, "unknown perturbation 'camera.zoom'");
        refused(GOOD.replace("\"elevation\"", "\"altitude\""), 8, "no parameter 'altitude'", "elevation");
        refused(GOOD.replace("\"flip\"", "\"accuracy\""), 12, "unknown metric 'accuracy'");
        refused(GOOD.replace("\"design\": \"grid\"", "\"design\": \"lattice\""), 11, "unknown design 'lattice'");
        refused(GOOD.replace("\"views\": 2", "\"view\": 2"), 4, "unknown key \"view\"");
    }

    @Test
    void valuesOutOfRangeOrOfTheWrongKindAreRefused() {
        refused(GOOD.replace("\"from\": -30", "\"from\": -300"), 8, "elevation = -300", "outside its range");
        refused(GOOD.replace("\"pass\": \"low\"", "\"pass\": \"middle\""), 6, "'middle' is not one of");
        refused(GOOD.replace("\"steps\": 3", "\"steps\": 0"), 8, "\"steps\" must be between 1 and");
        refused(GOOD.replace("\"design\": \"grid\"", "\"design\": {\"type\": \"random\"}"), 11,
                "needs \"samples\"");
    }

    @Test
    void brokenJsonNamesItsLine() {
        refused(GOOD.replace("\"views\": 2,", "\"views\": 2,,"), 4, "not valid JSON");
    }
}
