package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSearch;
import org.perturber.flipsearch.FlipSettings;
import org.perturber.flipsearch.JointFlip;

/** The joint search over several parameters: a real flip, never larger than the best single one, seeded. */
class JointSearchTest {
    private static final FlipSettings SETTINGS = FlipSettings.DEFAULT.withJointEvaluations(120);
    private static LoadedModel model;
    private static Scene scene;
    private static final PerturbationStack STACK = PerturbationStack.EMPTY;
    private static List<FlipParameter> parameters;
    private static FlipReport singles;
    private static JointFlip joint;

    @BeforeAll
    static void search() throws Exception {
        model = Searches.model("standard");
        scene = Searches.scene("mug");
        parameters = List.of(Searches.parameter(STACK, Searches.FADE, "amount"), Searches.parameter(STACK,
                Searches.BLUR, "sigma"), Searches.parameter(STACK, Searches.CAMERA, "elevation"));
        FlipSearch search = Searches.search(SETTINGS);
        singles = search.search(scene, STACK, List.of(model), parameters, null).get(0);
        joint = search.joint(scene, STACK, model, parameters, singles, null);
    }

    @Test
    void theJointFlipIsRealAndItsNormIsItsValues() throws Exception {
        assertTrue(joint.found());
        RgbImage image = Searches.pipeline().state(scene, FlipSearch.applyAll(STACK, parameters, joint.values()))
                .input(model, null);
        int at = Searches.service().infer(model, image, InferenceRequest.predictions(1)).best().index();
        assertNotEquals(singles.originalIndex(), at, "no flip at the joint values");
        assertEquals(joint.newClass(), model.descriptor().labels().get(at));
        double sum = 0;
        for (int i = 0; i < parameters.size(); i++) {
            FlipParameter p = parameters.get(i);
            double v = joint.values()[i];
            assertTrue(v >= p.min() && v <= p.max(), p.column() + " = " + v + " outside its range");
            sum += Math.pow((v - p.current()) / p.range(), 2);
        }
        assertEquals(Math.sqrt(sum), joint.norm(), 1e-9);
    }

    @Test
    void theJointFlipIsNoLargerThanTheBestSingleOne() {
        double best = singles.nearest().orElseThrow().distance();
        assertEquals(best, joint.bestSingle(), 1e-12);
        assertTrue(joint.norm() <= best + 1e-9, "joint " + joint.norm() + " > single " + best);
        assertTrue(joint.passes() <= SETTINGS.jointEvaluations() + 2 + Math.ceil(Math.log(1 / SETTINGS.tolerance())
                / Math.log(2)), joint.passes() + " passes");
    }

    @Test
    void theSameSeedGivesTheSameJointFlip() throws Exception {
        JointFlip again = Searches.search(SETTINGS).joint(scene, STACK, model, parameters, singles, null);
        assertArrayEquals(joint.values(), again.values());
        assertEquals(joint.passes(), again.passes());
    }
}
