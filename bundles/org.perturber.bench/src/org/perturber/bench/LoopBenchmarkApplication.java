package org.perturber.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.Bundle;
import org.perturber.app.BuiltinModels;
import org.perturber.app.ExploreSession;
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
import org.perturber.render.SceneRenderer;

/**
 * {@code releng/perturber bench loop}: opens the real workbench (under Xvfb when there is no display), activates a
 * second built-in model, adds a camera perturbation and drags its azimuth through 300 steps, each time measuring
 * from the change to the moment the Predictions view has painted the predictions of that very state; the last 200
 * are the figure. The floor, measured
 * in the same run, is the render plus the two models' forward passes alone, with no workbench in between.
 */
public class LoopBenchmarkApplication implements IApplication {
    private static final String CAMERA = "org.perturber.perturbation.camera.cameraPerturbation";
    /**
     * Steps before measuring: the first hundred run while the JIT still compiles the workbench's code (C2 threads
     * take a core's worth of time); they are reported on a line of their own.
     */
    private static final int WARMUP = Integer.getInteger("perturber.bench.loop.warmup", 100);
    private static final int STEPS = 200;
    private static final long TIMEOUT_MS = 300_000;

    private final Timings latency = new Timings(STEPS);
    private final Timings cold = new Timings(WARMUP);
    /** Refreshes of the Activations and Scene views during the measured steps, and how long those took. */
    private final int[] sideViews = new int[2];
    private long measuredFrom;
    private double measuredFor;
    private final List<Double> azimuths = new ArrayList<>();
    private String failure;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        Display display = Display.getDefault();
        E4Workbench workbench = new E4Application().createE4Workbench(new Context(context), display);
        MApplication app = workbench.getApplication();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        display.timerExec(500, new Runnable() {
            int phase;
            int step;
            long changedAt;
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
                        phase = 2;
                    }
                    default -> {
                        if (changedAt != 0 && predictions.shownChange() < changedAt) {
                            display.timerExec(1, this); // this state's predictions are not on screen yet
                            return;
                        }
                        if (changedAt != 0) {
                            // to the moment the view painted them (polling here only notices it later)
                            (step > WARMUP ? latency : cold).add((predictions.shownAt() - changedAt) / 1e6);
                        }
                        if (step == WARMUP + 1) {
                            ActivationsPart activations = part(app, "org.perturber.app.part.activations");
                            ScenePart scene = part(app, "org.perturber.app.part.scene");
                            sideViews[0] = activations == null ? -1 : activations.updates();
                            sideViews[1] = scene == null ? -1 : scene.frames();
                            measuredFrom = System.nanoTime();
                        }
                        if (step == WARMUP + STEPS) {
                            ActivationsPart activations = part(app, "org.perturber.app.part.activations");
                            ScenePart scene = part(app, "org.perturber.app.part.scene");
                            sideViews[0] = activations == null ? -1 : activations.updates() - sideViews[0];
                            sideViews[1] = scene == null ? -1 : scene.frames() - sideViews[1];
                            measuredFor = (System.nanoTime() - measuredFrom) / 1e9;
                            workbench.close();
                            return;
                        }
                        double azimuth = -90 + 180.0 * step / (WARMUP + STEPS);
                        azimuths.add(azimuth);
                        step++;
                        editor.set(0, "azimuth", azimuth);
                        changedAt = session.changedAt();
                        display.timerExec(1, this);
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
        Timings floor = floor();
        System.out.println("# loop: " + STEPS + " azimuth steps of a camera perturbation with 2 models active "
                + "(standard, adversarial), each from the change to its predictions on screen");
        System.out.println(String.format(Locale.ROOT, "# the first %d steps, while the JIT compiles: median %.1f ms, "
                + "p95 %.1f ms", cold.count(), cold.median(), cold.p95()));
        System.out.println(latency.line("loop_slider_to_predictions", floor));
        System.out.println(String.format(Locale.ROOT, "# meanwhile, in %.1f s: the Activations view refreshed %d "
                + "times, the Scene view %d", measuredFor, sideViews[0], sideViews[1]));
        System.out.println(String.format(Locale.ROOT, "# goal: p95 <= 100 ms and <= 1.3x the floor: p95 %.1f ms, "
                + "%.2fx", latency.p95(), latency.p95() / floor.median()));
        return EXIT_OK;
    }

    /** Render plus both forward passes, straight through renderer and backend, for the same camera steps. */
    private Timings floor() throws Exception {
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
        models.forEach(Model::close);
        return floor;
    }

    @SuppressWarnings("unchecked")
    private static <T> T part(MApplication app, String id) {
        MWindow window = app.getChildren().get(0);
        List<MPart> parts = app.getContext().get(EModelService.class).findElements(window, id, MPart.class);
        return parts.isEmpty() ? null : (T) parts.get(0).getObject();
    }

    /** The launch context, with the workbench's state neither restored nor saved. */
    private static final class Context implements IApplicationContext {
        private final IApplicationContext launch;
        private final Map<String, String> overrides = Map.of("clearPersistedState", "true", "persistState", "false");

        Context(IApplicationContext launch) {
            this.launch = launch;
        }

        @Override
        public Map<String, Object> getArguments() {
            return Map.of(IApplicationContext.APPLICATION_ARGS, new String[0]);
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return launch.getBrandingApplication();
        }

        @Override
        public String getBrandingName() {
            return "Perturber";
        }

        @Override
        public String getBrandingDescription() {
            return launch.getBrandingDescription();
        }

        @Override
        public String getBrandingId() {
            return launch.getBrandingId();
        }

        @Override
        public String getBrandingProperty(String key) {
            return overrides.containsKey(key) ? overrides.get(key) : key.equals("applicationXMI")
                    ? "org.perturber.app/Application.e4xmi" : launch.getBrandingProperty(key);
        }

        @Override
        public Bundle getBrandingBundle() {
            return org.osgi.framework.FrameworkUtil.getBundle(ExploreSession.class);
        }

        @Override
        public void setResult(Object result, IApplication application) {
        }
    }

    @Override
    public void stop() {
    }
}
