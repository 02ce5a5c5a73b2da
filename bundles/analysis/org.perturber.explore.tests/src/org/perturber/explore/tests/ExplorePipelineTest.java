package org.perturber.explore.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.render.RendererInfo;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/**
 * The explore pipeline without a workbench: real renderer, real MXNet models (the built-in ones), real
 * perturbations and attacks. What the views rely on: latest-wins, predictions first, inputs computed once per state,
 * cancel, stale notices, and the same numbers as the input pipeline sweeps use.
 */
class ExplorePipelineTest {
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";
    private static final String PGD = "org.perturber.perturbation.adversarial.pgd";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static InferenceService inference;
    private static ContributionRegistry registry;
    private static SceneRenderer renderer;
    private static LoadedModel standard;
    private static LoadedModel vgg;
    private static Scene mug;

    private final List<ExplorePipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void loadModels() throws Exception {
        inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
        registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        Path models = Path.of(System.getProperty("perturber.models"));
        standard = inference.load(models.resolve("standard")).get();
        vgg = inference.load(models.resolve("vgg-standard")).get();
        mug = BuiltinScenes.standard(Services.await(BuiltinObjects.class, Duration.ofSeconds(30)), "mug");
    }

    @AfterEach
    void closePipelines() {
        pipelines.forEach(ExplorePipeline::close);
    }

    /** One thing a subscriber was told, in the order it was told. */
    private record Event(String kind, long sequence, Object payload) {
    }

    /** Records every event; tests wait on it. */
    private static final class Recorder implements ExploreListener {
        final List<Event> events = new ArrayList<>();

        synchronized void add(String kind, ExploreState s, Object payload) {
            events.add(new Event(kind, s.sequence(), payload));
            notifyAll();
        }

        @Override
        public void computing(ExploreState state) {
            add("computing", state, null);
        }

        @Override
        public void predictions(ExploreState state, List<ModelResult> results) {
            add("predictions", state, results);
        }

        @Override
        public void gradient(ExploreState state, Needs.Gradient need, ModelResult predictions,
                InferenceResult gradient) {
            add("gradient", state, gradient);
        }

        @Override
        public void sceneFrame(ExploreState state, RgbImage frame, List<String> skipped, double ms) {
            add("frame", state, frame);
        }

        @Override
        public void failed(ExploreState state, String problem) {
            add("failed", state, problem);
        }

        @Override
        public void gradientFailed(ExploreState state, Needs.Gradient need, String problem) {
            add("gradientFailed", state, problem);
        }

        synchronized Event await(Predicate<Event> p) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (Event e : events) {
                    if (p.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "timed out; events so far: " + events.stream().map(e -> e.kind() + "#" + e
                        .sequence()).toList());
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized List<Event> of(String kind) {
            return events.stream().filter(e -> e.kind().equals(kind)).toList();
        }

        synchronized int indexOf(String kind, long sequence) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).kind().equals(kind) && events.get(i).sequence() == sequence) {
                    return i;
                }
            }
            return -1;
        }
    }

    private ExplorePipeline pipeline(ExploreSession session, SceneRenderer r) {
        ExplorePipeline p = new ExplorePipeline(session);
        pipelines.add(p);
        p.start(new InputPipeline(registry, r, inference), inference);
        return p;
    }

    private static ExploreSession session(LoadedModel... models) {
        ExploreSession s = new ExploreSession();
        s.setScene(mug);
        for (LoadedModel m : models) {
            s.addModel(m);
        }
        return s;
    }

    private static PerturbationStack fade(double amount) {
        return PerturbationStack.EMPTY.add(StackEntry.of(FADE).with("amount", amount));
    }

    private static Predicate<Event> is(String kind, long sequence) {
        return e -> e.kind().equals(kind) && e.sequence() == sequence;
    }

    @Test
    void aBurstOfStatesEndsOnTheNewestWithResultsInStateOrder() throws Exception {
        ExploreSession s = session(standard, vgg);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        p.subscribe("test", Needs.predictions(5), r);
        for (int i = 1; i <= 30; i++) { // a drag: thirty steps, far faster than a forward pass
            s.setStack(fade(i / 40.0), new ExploreState.Change(0, FADE, "amount", "Fade: amount", i / 40.0));
        }
        long last = s.state().sequence();
        r.await(is("predictions", last));
        List<Long> order = r.of("predictions").stream().map(Event::sequence).toList();
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i) > order.get(i - 1), "no result of an older state after a newer one: " + order);
        }
        assertEquals(last, order.get(order.size() - 1), "the newest state's results come last");
        assertTrue(order.size() < 30, "superseded states are skipped, not queued: " + order.size()
                + " states computed for 30 changes");
        @SuppressWarnings("unchecked")
        List<ModelResult> newest = (List<ModelResult>) r.await(is("predictions", last)).payload();
        assertEquals(List.of(standard.key(), vgg.key()), newest.stream().map(m -> m.model().key()).toList());
        assertEquals(s.stack(), newest.get(0).state().stack());
    }

    @Test
    void predictionsComeBeforeGradientsAndSceneFrames() throws Exception {
        ExploreSession s = session(standard);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        p.subscribe("attribution", Needs.predictions(1).withGradients(List.of(new Needs.Gradient(standard.key(),
                GradientTarget.Kind.CLASS_SCORE))).withSceneFrame(120, 80), r);
        s.setStack(fade(0.3));
        long seq = s.state().sequence();
        r.await(is("frame", seq));
        int computing = r.indexOf("computing", seq);
        int predictions = r.indexOf("predictions", seq);
        int gradient = r.indexOf("gradient", seq);
        int frame = r.indexOf("frame", seq);
        assertTrue(computing >= 0 && computing < predictions && predictions < gradient && gradient < frame,
                "computing, predictions, gradient, frame: " + List.of(computing, predictions, gradient, frame));
        InferenceResult g = (InferenceResult) r.events.get(gradient).payload();
        assertNotNull(g.inputGradient(), "the gradient asked for");
        RgbImage image = (RgbImage) r.events.get(frame).payload();
        assertEquals(List.of(120, 80), List.of(image.width(), image.height()), "the frame at the size asked for");
    }

    /** A renderer that counts its renders (the real one does the work). */
    private static final class CountingRenderer implements SceneRenderer {
        final AtomicInteger renders = new AtomicInteger();

        @Override
        public RgbImage render(Scene scene, int width, int height) {
            renders.incrementAndGet();
            return renderer.render(scene, width, height);
        }

        @Override
        public RendererInfo info() {
            return renderer.info();
        }
    }

    @Test
    void eachStatesInputIsComputedOnceForAllSubscribers() throws Exception {
        ExploreSession s = session(standard, vgg);
        CountingRenderer counting = new CountingRenderer();
        ExplorePipeline p = pipeline(s, counting);
        Recorder predictions = new Recorder();
        Recorder activations = new Recorder();
        Recorder attribution = new Recorder();
        p.subscribe("predictions", Needs.predictions(5), predictions);
        p.subscribe("activations", Needs.predictions(1).withActivations(standard.key(), Set.of("block1_relu")),
                activations);
        p.subscribe("attribution", Needs.predictions(1).withGradients(List.of(new Needs.Gradient(vgg.key(),
                GradientTarget.Kind.CLASS_SCORE))), attribution);
        s.setStack(fade(0.2));
        attribution.await(e -> e.kind().equals("gradient") && e.sequence() == s.state().sequence());
        int inputsBefore = p.inputsComputed();
        int rendersBefore = counting.renders.get();
        // a new camera position: nothing cached can serve it
        s.setScene(mug.withCamera(mug.camera().withOrbit(mug.camera().azimuthDegrees() + 17, 10, mug.camera()
                .distance())));
        long seq = s.state().sequence();
        attribution.await(is("gradient", seq));
        assertEquals(2, p.inputsComputed() - inputsBefore, "one input per model, whatever the subscribers want");
        assertEquals(1, counting.renders.get() - rendersBefore, "both models take 96x96 inputs, and the fade is an "
                + "image perturbation: one render serves both models and the unperturbed baseline");
        @SuppressWarnings("unchecked")
        ModelResult forActivations = ((List<ModelResult>) activations.await(is("predictions", seq)).payload()).get(0);
        assertNotNull(forActivations.result().activations().get("block1_relu"), "the activations asked for came "
                + "with the predictions' forward pass");
        @SuppressWarnings("unchecked")
        ModelResult forPredictions = ((List<ModelResult>) predictions.await(is("predictions", seq)).payload()).get(0);
        assertTrue(forPredictions.result().top().size() >= 5, "the largest top-k asked for");
        assertTrue(forActivations == forPredictions, "every subscriber gets the same result object");
    }

    private static PerturbationStack longAttack() {
        return PerturbationStack.EMPTY.add(StackEntry.of(PGD).with("epsilon", 4.0).with("steps", 500));
    }

    @Test
    void cancelStopsALongAttackAndSaysSo() throws Exception {
        ExploreSession s = session(standard);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        p.subscribe("test", Needs.predictions(1), r);
        s.setStack(longAttack());
        long seq = s.state().sequence();
        r.await(is("computing", seq));
        Thread.sleep(300);
        ExplorePipeline.Work work = p.work();
        assertTrue(work != null && work.task().startsWith("Attacking ") && work.total() > 0 && work.fraction() < 1,
                "the attack's progress: " + work);
        p.refresh(); // asked for again while it computes (a view resized): Stop still stops it
        long t0 = System.nanoTime();
        p.cancel();
        assertEquals("cancelled", r.await(is("failed", seq)).payload());
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(ms < 5000, "the attack stops within a step or two, not after 500 (" + ms + " ms)");
        assertEquals(-1, r.indexOf("predictions", seq), "a cancelled state publishes no predictions");
        // a subscriber needing more (a view resized, opened) does not start the stopped attack again
        p.subscribe("later", Needs.NOTHING, new Recorder()).needs(Needs.predictions(3));
        Thread.sleep(1500);
        assertEquals(null, p.computing(), "nothing computes");
        assertEquals(-1, r.indexOf("predictions", seq), "the stopped state stays stopped");
        s.setStack(fade(0.2));
        r.await(is("predictions", s.state().sequence())); // the next change computes as usual
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStateAskedForAgainKeepsItsAttackedInputs() throws Exception {
        ExploreSession s = session(standard);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        ExplorePipeline.Subscription sub = p.subscribe("test", Needs.predictions(1), r);
        s.setStack(PerturbationStack.EMPTY.add(StackEntry.of(PGD).with("epsilon", 0.03).with("steps", 20)));
        long seq = s.state().sequence();
        r.await(is("predictions", seq));
        int inputs = p.inputsComputed();
        sub.needs(Needs.predictions(3)); // a view needs more of the same state (or was resized)
        r.await(e -> e.kind().equals("predictions") && e.sequence() == seq && ((List<ModelResult>) e.payload()).get(0)
                .result().top().size() >= 3);
        assertEquals(inputs, p.inputsComputed(), "the attacked input is not computed again");
    }

    @Test
    void aGradientIsForTheClassAskedFor() throws Exception {
        ExploreSession s = session(standard);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        int teapot = standard.descriptor().labels().indexOf("teapot");
        p.subscribe("attribution", Needs.predictions(1).withGradients(List.of(new Needs.Gradient(standard.key(),
                GradientTarget.Kind.CLASS_SCORE, Set.of(), Set.of(), teapot))), r);
        s.setStack(fade(0.1));
        r.await(is("gradient", s.state().sequence()));
        assertEquals(GradientTarget.classScore(teapot), p.lastGradientTarget());
        Recorder outside = new Recorder();
        p.subscribe("outside", Needs.predictions(1).withGradients(List.of(new Needs.Gradient(standard.key(),
                GradientTarget.Kind.CLASS_SCORE, Set.of(), Set.of(), 999))), outside);
        s.setStack(fade(0.2));
        assertTrue(String.valueOf(outside.await(is("gradientFailed", s.state().sequence())).payload()).contains(
                "class 999 is not one of"), "a class outside the labels is said so");
    }

    @Test
    void aNewerStateMakesALongOneStaleAndReplacesIt() throws Exception {
        ExploreSession s = session(standard);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        p.subscribe("test", Needs.predictions(1), r);
        s.setStack(longAttack());
        long attack = s.state().sequence();
        r.await(is("computing", attack));
        Thread.sleep(200);
        s.setStack(fade(0.1));
        long newer = s.state().sequence();
        r.await(is("predictions", newer));
        assertTrue(r.indexOf("computing", newer) < r.indexOf("predictions", newer), "subscribers hear that what "
                + "they show is stale before the newer results come");
        assertEquals(-1, r.indexOf("predictions", attack), "the superseded attack never publishes");
        assertEquals(-1, r.indexOf("failed", attack), "superseded is not a failure");
    }

    @Test
    void resultsAreThoseOfTheInputPipelineSweepsUse() throws Exception {
        ExploreSession s = session(standard, vgg);
        Recorder r = new Recorder();
        ExplorePipeline p = pipeline(s, renderer);
        p.subscribe("test", Needs.predictions(5), r);
        PerturbationStack stack = fade(0.35).add(StackEntry.of("org.perturber.perturbation.image.pixelate").with(
                "severity", 2));
        s.setStack(stack);
        @SuppressWarnings("unchecked")
        List<ModelResult> live = (List<ModelResult>) r.await(is("predictions", s.state().sequence())).payload();
        InputPipeline.State sweepState = new InputPipeline(registry, renderer, inference).state(mug, stack);
        for (ModelResult m : live) {
            RgbImage input = sweepState.input(m.model(), null);
            assertArrayEquals(input.data(), m.input().data(), "the same pixels for " + m.model().key());
            InferenceResult again = inference.infer(m.model(), input, InferenceRequest.predictions(5));
            assertArrayEquals(again.probabilities(), m.result().probabilities(), 1e-6f);
            assertEquals(again.best().index(), m.result().best().index());
        }
        assertTrue(live.get(0).baseline() != live.get(0).result(), "with a perturbation, the baseline is the "
                + "unperturbed scene's result");
    }
}
