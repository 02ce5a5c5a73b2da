package org.perturber.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.perturber.app.BuiltinModels;
import org.perturber.app.EmbeddedWorkbench;
import org.perturber.explore.ExploreSession;
import org.perturber.app.parts.ActivationsPart;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.app.parts.ScenePart;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.Model;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.core.render.SceneRenderer;

/**
 * {@code releng/perturber bench loop}: opens the real workbench (under Xvfb when there is no display), activates a
 * second built-in model, adds a camera perturbation and drags its azimuth through 300 steps at 60 steps a second, the
 * rate at which GTK delivers a mouse drag's motion (one per display frame). For each step it measures the time from
 * the change until the Predictions view holds predictions of that state or a newer one (ready: the views are
 * latest-wins, so a step overtaken by the next one ends with the next one's predictions) and until it has painted them
 * (on screen: GTK paints at its next frame, like a display's refresh). The last 200 steps are the figures; the first
 * 100, while the JIT still compiles the workbench, are reported on a line of their own. Then 100 steps one at a
 * time, each after the last is on screen: the workbench's own overhead, without a drag's queueing (a change that
 * arrives while the last one is still being computed waits for it). The floor, measured in the
 * same run once the workbench has closed and its jobs have ended, is the render plus the two models' forward passes
 * alone, with no workbench in between.
 */
public class LoopBenchmarkApplication implements IApplication {
    private static final String CAMERA = "org.perturber.perturbation.camera.cameraPerturbation";
    /** Steps before measuring: the first ones run while the JIT still compiles the workbench's code. */
    private static final int WARMUP = Integer.getInteger("perturber.bench.loop.warmup", 100);
    private static final int STEPS = 200;
    /** One change per display frame at 60 Hz, as GTK delivers a drag's motion events. */
    private static final int STEP_MS = 16;
    /** Part ids to close before the drag (comma-separated), to see what a view costs the loop. */
    private static final String HIDDEN_PARTS = System.getProperty("perturber.bench.loop.hide", "");
    /** Steps one at a time after the drag. */
    private static final int SINGLE_STEPS = 100;
    private static final int ALL_STEPS = WARMUP + STEPS + SINGLE_STEPS;
    private static final long TIMEOUT_MS = 300_000;

    /** Per step, from its change: ready and on screen (ms); NaN until known. */
    private final double[] readyMs = new double[ALL_STEPS];
    private final double[] shownMs = new double[ALL_STEPS];
    private final long[] changedAt = new long[ALL_STEPS];
    /** Refreshes of the Activations and Scene views, and of the Predictions view, during the measured steps. */
    private final int[] refreshes = new int[3];
    private double measuredFor;
    private final List<Double> azimuths = new ArrayList<>();
    private String failure;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        Arrays.fill(readyMs, Double.NaN);
        Arrays.fill(shownMs, Double.NaN);
        Display display = Display.getDefault();
        E4Workbench workbench = new E4Application().createE4Workbench(EmbeddedWorkbench.productContext(), display);
        MApplication app = workbench.getApplication();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        display.timerExec(500, new Runnable() {
            int phase;
            int step;
            long measuredFrom;
            ExploreSession session;
            PredictionsPart predictions;
            PerturbationsPart editor;

            @Override
            public void run() {
                try {
                    if (System.currentTimeMillis() > deadline) {
                        failure = "timed out in phase " + phase + " after " + step + " steps";
                        workbench.close();
                        return;
                    }
                    // looked up once they exist: a model search on every poll would load the UI thread it measures
                    if (predictions == null || editor == null) {
                        session = app.getContext().get(ExploreSession.class);
                        predictions = part(app, "org.perturber.app.part.predictions");
                        editor = part(app, "org.perturber.app.part.perturbations");
                    }
                    switch (phase) {
                    case 0 -> { // the default model is active: add a second one
                        if (session == null || predictions == null || editor == null || session.models().isEmpty()) {
                            break;
                        }
                        InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
                        inference.load(BuiltinModels.directory().resolve("adversarial")).thenAccept(session::addModel);
                        phase = 1;
                    }
                    case 1 -> {
                        if (session.models().size() < 2 || predictions.panels().size() < 2) {
                            break;
                        }
                        editor.add(CAMERA);
                        // every step the view's state has reached (latest-wins) ends now
                        predictions.addReadyListener(() -> settle(readyMs, predictions.readyChange(),
                                predictions.readyAt(), step));
                        Runnable next = this;
                        predictions.addShownListener(() -> {
                            settle(shownMs, predictions.shownChange(), predictions.shownAt(), step);
                            if (phase == 4) {
                                display.asyncExec(next); // one at a time: the next step once this one is shown
                            }
                        });
                        // diagnosis: what a view costs the loop, by running it with the view closed
                        for (String id : HIDDEN_PARTS.split(",")) {
                            if (!id.isBlank()) {
                                MWindow window = app.getChildren().get(0);
                                window.getContext().get(EPartService.class).hidePart(app.getContext().get(
                                        EModelService.class).findElements(window, id, MPart.class).get(0));
                            }
                        }
                        phase = 2;
                    }
                    case 2 -> {
                        if (step == WARMUP) {
                            measuredFrom = System.nanoTime();
                            refreshes[0] = count(app, "org.perturber.app.part.activations");
                            refreshes[1] = count(app, "org.perturber.app.part.scene");
                            refreshes[2] = predictions.updates();
                        }
                        if (step < WARMUP + STEPS) {
                            double azimuth = -90 + 180.0 * step / (WARMUP + STEPS);
                            azimuths.add(azimuth);
                            editor.set(0, "azimuth", azimuth);
                            changedAt[step] = session.changedAt();
                            step++;
                            display.timerExec(STEP_MS, this);
                            return;
                        }
                        measuredFor = (System.nanoTime() - measuredFrom) / 1e9;
                        refreshes[0] = count(app, "org.perturber.app.part.activations") - refreshes[0];
                        refreshes[1] = count(app, "org.perturber.app.part.scene") - refreshes[1];
                        refreshes[2] = predictions.updates() - refreshes[2];
                        phase = 3;
                    }
                    case 3 -> { // the drag is over: wait for its last state on screen
                        if (Double.isNaN(shownMs[WARMUP + STEPS - 1])) {
                            display.timerExec(STEP_MS, this);
                            return;
                        }
                        phase = 4;
                        display.asyncExec(this);
                        return;
                    }
                    default -> { // one step at a time, each once the last is on screen
                        if (Double.isNaN(shownMs[step - 1])) {
                            display.timerExec(50, this); // the shown listener calls back before that
                            return;
                        }
                        if (step == ALL_STEPS) {
                            workbench.close();
                            return;
                        }
                        double azimuth = 90 - 180.0 * (step - WARMUP - STEPS) / SINGLE_STEPS;
                        azimuths.add(azimuth);
                        editor.set(0, "azimuth", azimuth);
                        changedAt[step] = session.changedAt();
                        step++;
                        display.timerExec(50, this);
                        return;
                    }
                    }
                    display.timerExec(100, this);
                } catch (RuntimeException e) {
                    failure = e.toString();
                    workbench.close();
                }
            }
        });
        workbench.createAndRunUI(app);
        if (failure != null) {
            System.err.println("bench loop: " + failure);
            return 1;
        }
        Timings cold = new Timings(WARMUP);
        Timings latency = new Timings(STEPS);
        Timings ready = new Timings(STEPS);
        Timings single = new Timings(SINGLE_STEPS);
        Timings singleReady = new Timings(SINGLE_STEPS);
        for (int i = 0; i < ALL_STEPS; i++) {
            if (i < WARMUP) {
                cold.add(shownMs[i]);
            } else if (i < WARMUP + STEPS) {
                latency.add(shownMs[i]);
                ready.add(readyMs[i]);
            } else {
                single.add(shownMs[i]);
                singleReady.add(readyMs[i]);
            }
        }
        Timings floor = floor();
        System.out.println("# loop: " + STEPS + " azimuth steps of a camera perturbation, one every " + STEP_MS
                + " ms, with 2 models active (standard, adversarial)");
        System.out.println(String.format(Locale.ROOT, "# the first %d steps, while the JIT compiles: on screen median "
                + "%.1f ms, p95 %.1f ms", cold.count(), cold.median(), cold.p95()));
        System.out.println(latency.line("loop_slider_to_predictions", floor));
        System.out.println(ready.line("loop_slider_to_predictions_ready", floor));
        System.out.println(single.line("loop_single_step_to_predictions", floor));
        System.out.println(singleReady.line("loop_single_step_to_predictions_ready", floor));
        System.out.println(String.format(Locale.ROOT, "# floor parts: render %.2f ms, forward passes %s ms",
                floorParts[0], floorParts[1]));
        System.out.println(String.format(Locale.ROOT, "# meanwhile, in %.1f s: the Predictions view took %d "
                + "results, the Activations view refreshed %d times, the Scene view %d", measuredFor, refreshes[2],
                refreshes[0], refreshes[1]));
        System.out.println(String.format(Locale.ROOT, "# goal: p95 <= 100 ms and median <= 1.3x the floor: on "
                + "screen p95 %.1f ms, %.2fx; ready p95 %.1f ms, %.2fx", latency.p95(), latency.median()
                        / floor.median(), ready.p95(), ready.median() / floor.median()));
        return EXIT_OK;
    }

    /** UI thread: the view reached the state changed at {@code change}, at {@code at}: it ends every step up to it. */
    private void settle(double[] ms, long change, long at, int issued) {
        for (int i = 0; i < issued; i++) {
            if (Double.isNaN(ms[i]) && changedAt[i] != 0 && changedAt[i] <= change) {
                ms[i] = (at - changedAt[i]) / 1e6;
            }
        }
    }

    private static int count(MApplication app, String partId) {
        Object part = part(app, partId);
        return part instanceof ActivationsPart a ? a.updates() : part instanceof ScenePart s ? s.frames() : -1;
    }

    /** The floor's render and forward passes measured on their own (medians, ms), for the record. */
    private final Object[] floorParts = new Object[2];

    /**
     * Render plus both forward passes, straight through renderer and backend, for the same camera steps; measured
     * once the workbench's jobs have ended (a view's last update still running would slow the floor down).
     */
    private Timings floor() throws Exception {
        long quiet = System.currentTimeMillis() + 10_000;
        while (!Job.getJobManager().isIdle() && System.currentTimeMillis() < quiet) {
            Thread.sleep(20);
        }
        System.gc();
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        StackApplier applier = new StackApplier(Services.await(ContributionRegistry.class, Duration.ofSeconds(30)));
        Scene base = org.perturber.objects.BuiltinScenes.standard(Services.await(
                org.perturber.objects.BuiltinObjects.class, Duration.ofSeconds(30)), "mug");
        List<Model> models = new ArrayList<>();
        for (String id : List.of("standard", "adversarial")) {
            models.add(new MxnetModelBackend().open(BuiltinModels.directory().resolve(id)));
        }
        int[] i = { 0 };
        Timings floor = Timings.measure(WARMUP, STEPS, () -> {
            double azimuth = azimuths.get(i[0]++ % azimuths.size());
            Scene scene = applier.applySceneStage(PerturbationStack.EMPTY.add(StackEntry.of(CAMERA).with("azimuth",
                    azimuth)), base);
            RgbImage image = renderer.render(scene, 96, 96);
            for (Model m : models) {
                m.infer(image, InferenceRequest.predictions(5));
            }
        });
        Scene one = applier.applySceneStage(PerturbationStack.EMPTY.add(StackEntry.of(CAMERA).with("azimuth",
                azimuths.get(0))), base);
        RgbImage image = renderer.render(one, 96, 96);
        floorParts[0] = Timings.measure(WARMUP, STEPS, () -> renderer.render(applier.applySceneStage(
                PerturbationStack.EMPTY.add(StackEntry.of(CAMERA).with("azimuth", azimuths.get(i[0]++ % azimuths
                        .size()))), base), 96, 96)).median();
        List<String> forwards = new ArrayList<>();
        for (Model m : models) {
            forwards.add(String.format(Locale.ROOT, "%.2f", Timings.measure(WARMUP, STEPS, () -> m.infer(image,
                    InferenceRequest.predictions(5))).median()));
        }
        floorParts[1] = String.join(" + ", forwards);
        models.forEach(Model::close);
        return floor;
    }

    @SuppressWarnings("unchecked")
    private static <T> T part(MApplication app, String id) {
        MWindow window = app.getChildren().get(0);
        List<MPart> parts = app.getContext().get(EModelService.class).findElements(window, id, MPart.class);
        return parts.isEmpty() ? null : (T) parts.get(0).getObject();
    }

    @Override
    public void stop() {
    }
}
