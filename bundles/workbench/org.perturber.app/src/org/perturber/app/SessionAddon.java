package org.perturber.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.objects.BuiltinObjects;

import jakarta.annotation.PostConstruct;

/**
 * Creates the {@link ExploreSession} in the application context when the workbench starts (before its window), and
 * starts in the background, side by side, what the first window needs: OpenGL, the default scene and the default
 * built-in models, so that the first window shows a scene and its predictions as soon as it is up.
 * {@code -Dperturber.session=FILE} opens a saved session instead, {@code -Dperturber.stack=FILE} starts with a saved
 * perturbation stack (its JSON), and {@code -Dperturber.perspective=compare} starts in the Compare perspective. With
 * {@code -Dperturber.startupReport} set (see {@link StartupReport}), {@code -Dperturber.startupReport.quit=true} quits
 * once the first scene and the first predictions are on screen.
 */
public class SessionAddon {
    /**
     * {@code -Dperturber.session.allowOutside=true}: the start-up session may read the files it names outside its
     * folder (at start there is no one to ask; File > Open session asks).
     */
    public static final String ALLOW_OUTSIDE = "perturber.session.allowOutside";
    private ProblemLog problems;
    /** The workbench's display (null where the addon starts without one). */
    private org.eclipse.swt.widgets.Display display;

    @PostConstruct
    public void start(IEclipseContext context) {
        startRenderer();
        // Window > Reset perspective's copies of the layouts as Application.e4xmi gives them, before any change
        org.eclipse.e4.ui.model.application.MApplication app = context.get(
                org.eclipse.e4.ui.model.application.MApplication.class);
        if (app != null && !app.getChildren().isEmpty()) {
            org.perturber.app.handlers.PerspectiveHandlers.rememberLayouts(app, app.getChildren().get(0));
            display = org.eclipse.swt.widgets.Display.getCurrent();
            whenWindowIsUp(app, display, window -> windowUp(app, window));
        }
        if (StartupReport.enabled() && Boolean.getBoolean("perturber.startupReport.quit")) {
            // the start-up benchmark: quit as File > Quit does (the workspace is saved) once both are on screen
            StartupReport.afterBoth(() -> org.eclipse.swt.widgets.Display.getCurrent().asyncExec(
                    () -> context.get(org.eclipse.e4.ui.workbench.IWorkbench.class).close()));
        }
        ExploreSession session = new ExploreSession();
        context.set(ExploreSession.class, session);
        context.set(StatusLine.class, new StatusLine());
        // issue 16 (conventions): every reported problem goes to the Error Log; unsaved changes are tracked
        problems = new ProblemLog();
        context.set(ProblemLog.class, problems);
        org.eclipse.core.runtime.Platform.addLogListener(problems);
        session.addListener(e -> {
            if (e.kind() == org.perturber.explore.SessionEvent.Kind.MODEL_PROBLEM && session.modelProblem() != null) {
                problems.report("Session", session.modelProblem(), "");
            }
        });
        SessionChanges changes = new SessionChanges(session);
        context.set(SessionChanges.class, changes);
        // calls into perturbations get the preference's time budgets (Window > Preferences), from the first state on
        WorkbenchPreferences.applyTimeBudgets();
        if (System.getProperty("perturber.inference.device") == null && !WorkbenchPreferences.device().equals(
                WorkbenchPreferences.DEVICE_DEFAULT)) {
            // the engine reads the device when it loads its first model, after this
            System.setProperty("perturber.inference.device", WorkbenchPreferences.device());
        }
        // views subscribe at once; the pipeline computes once its services are there (started off the UI thread,
        // so that no view waits for a service)
        ExplorePipeline pipeline = new ExplorePipeline(session);
        context.set(ExplorePipeline.class, pipeline);
        Job.create("Starting the live analysis", (IProgressMonitor monitor) -> {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
            pipeline.start(new InputPipeline(registry, Services.await(SceneRenderer.class, Duration.ofSeconds(30)),
                    inference), inference);
            reportProblems(registry, pipeline, problems);
            return Status.OK_STATUS;
        }).schedule();
        // the files named at start are read in Jobs, as File > Open reads them: a slow disk must not hold up the
        // window; a broken session leaves the default scene and models, and says why
        String saved = System.getProperty("perturber.session");
        String stackFile = System.getProperty("perturber.stack");
        if (saved != null) {
            Path file = Path.of(saved).toAbsolutePath();
            SessionOpener.read(file, Runnable::run, (contents, outside) -> {
                if (outside.isEmpty() || Boolean.getBoolean(ALLOW_OUTSIDE)) {
                    SessionOpener.apply(contents, session, changes);
                    return;
                }
                // no one to ask at start: refused like a broken file, with the way to allow it
                sessionRefused(context, file, "it names files outside its folder (" + SessionOpener.list(outside)
                        .replace("\n", "; ") + "); open it with File > Open session to allow them, or start with -D"
                        + ALLOW_OUTSIDE + "=true", null);
                prepare(session, changes, stackFile);
            }, (problem, cause) -> {
                sessionRefused(context, file, problem, cause);
                prepare(session, changes, stackFile);
            });
            return;
        }
        prepare(session, changes, stackFile);
    }

    /**
     * The session named by -Dperturber.session is broken: the workbench starts with the default scene and models,
     * and says so in the Error Log (shown once the window is up) and in the status line.
     */
    private void sessionRefused(IEclipseContext context, Path file, String problem, Throwable cause) {
        problems.report(file.toString(), "Could not open the session: " + problem
                + " (the workbench started with the default scene and models instead)", cause);
        StatusLine status = context.get(StatusLine.class);
        if (status != null) {
            status.setNotice("Session " + file.getFileName() + " not opened: " + problem);
        }
        org.eclipse.e4.ui.model.application.MApplication app = context.get(
                org.eclipse.e4.ui.model.application.MApplication.class);
        if (app != null && display != null && !display.isDisposed()) {
            display.asyncExec(() -> whenWindowIsUp(app, display, window -> org.perturber.app.handlers.WindowHandlers
                    .showView(".errorLog", window, window.getContext().get(
                            org.eclipse.e4.ui.workbench.modeling.EModelService.class), window.getContext().get(
                                    org.eclipse.e4.ui.workbench.modeling.EPartService.class))));
        }
    }

    /** Contributions whose declaration is broken, failed renders and failed forward passes go to the Error Log. */
    private static void reportProblems(ContributionRegistry registry, ExplorePipeline pipeline, ProblemLog problems) {
        for (var c : registry.all()) {
            c.failure().ifPresent(why -> problems.report(c.bundle(), "Contribution " + c.id() + ": " + why, ""));
        }
        pipeline.subscribe("Error Log", org.perturber.explore.Needs.NOTHING, new org.perturber.explore.ExploreListener() {
            @Override
            public void failed(org.perturber.explore.ExploreState state, String problem) {
                if (!ExplorePipeline.CANCELLED.equals(problem)) { // a Stop the user asked for is no problem
                    problems.report("Scene", "The scene could not be computed: " + problem, "");
                }
            }

            /** Each model's last reported problem: a model failing on every state is listed when its problem changes. */
            private final Map<String, String> lastProblem = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void predictions(org.perturber.explore.ExploreState state,
                    java.util.List<org.perturber.explore.ModelResult> results) {
                for (var r : results) {
                    String key = r.model().key();
                    if (r.problem() == null) {
                        lastProblem.remove(key);
                    } else if (!r.problem().equals(lastProblem.put(key, r.problem()))) {
                        problems.report("Model " + r.model().descriptor().id(), r.problem(), "");
                    }
                }
            }
        });
    }

    /**
     * OpenGL's start, the slowest step of the first frame (JOGL probes the platform's profiles, Mesa compiles), in
     * the renderer's own thread while the workbench builds its window: otherwise it starts only when the Scene view
     * first asks for a frame, and the first predictions wait for it too.
     */
    private static void startRenderer() {
        Job job = Job.create("Starting the renderer", (IProgressMonitor monitor) -> {
            try {
                Services.await(SceneRenderer.class, Duration.ofSeconds(30)).info();
            } catch (RuntimeException e) {
                // the Scene view says why when it renders
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /**
     * Loads the default models and prepares the default scene side by side with the workbench's own start (the
     * window does not exist yet): every load is asked for at once, and the engine runs each model's first forward
     * pass while the scene is built. Models join the session in {@link BuiltinModels#defaults()}' order, each as soon
     * as it and those before it are loaded, and the explore pipeline computes their predictions at once.
     */
    private static void prepare(ExploreSession session, SessionChanges changes, String stackFile) {
        Job job = Job.create("Loading the default scene and models", (IProgressMonitor monitor) -> {
            if (stackFile != null) {
                try {
                    Path file = Path.of(stackFile);
                    long limit = org.perturber.core.session.SessionFile.MAX_BYTES;
                    if (!Files.isRegularFile(file) || Files.size(file) > limit) { // a FIFO would block the Job
                        throw new java.io.IOException("not a regular file of at most " + limit + " bytes");
                    }
                    session.setStack(org.perturber.core.perturbation.PerturbationStack.fromJson(Files.readString(
                            file)));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    session.reportModelProblem("Could not read the stack " + stackFile + ": " + e.getMessage());
                }
            }
            java.util.List<String> defaults = BuiltinModels.defaults();
            SubMonitor progress = SubMonitor.convert(monitor, 1 + defaults.size());
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            Map<String, CompletableFuture<LoadedModel>> loads = new LinkedHashMap<>();
            for (String id : defaults) {
                Path dir = BuiltinModels.directory().resolve(id);
                if (Files.isDirectory(dir)) {
                    loads.put(id, inference.load(dir).thenApply(model -> warmUp(inference, model)));
                }
            }
            session.setScene(DefaultScene.create(Services.await(BuiltinObjects.class, Duration.ofSeconds(30))));
            progress.worked(1);
            for (String id : defaults) {
                progress.subTask("Loading model " + id);
                CompletableFuture<LoadedModel> load = loads.get(id);
                if (load == null) {
                    session.reportModelProblem("No built-in model '" + id + "' in " + BuiltinModels.directory()
                            .toAbsolutePath() + ": train it with releng/perturber train " + id);
                    continue;
                }
                LoadedModel model;
                try {
                    model = load.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Status.CANCEL_STATUS;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c
                            .getCause() : e.getCause();
                    session.reportModelProblem("Model " + id + " did not load: " + cause.getMessage());
                    progress.worked(1);
                    continue;
                }
                session.addModel(model); // the explore pipeline computes its first predictions at once
                progress.worked(1);
            }
            changes.markClean(); // the first window's state: nothing to save yet
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    /**
     * One forward pass on a grey image, on the loader's thread: the engine prepares its kernels on a model's first
     * pass, which would otherwise hold up the first predictions. A failure here is left to the real passes.
     */
    private static LoadedModel warmUp(InferenceService inference, LoadedModel model) {
        try {
            inference.infer(model, RgbImage.filled(model.descriptor().inputWidth(), model.descriptor()
                    .inputHeight(), 0.5f, 0.5f, 0.5f), InferenceRequest.predictions(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            // reported by the views' own passes
        }
        return model;
    }

    /** The Platform log outlives a workbench (tests start several in one runtime): stop listening to it. */
    @jakarta.annotation.PreDestroy
    public void stop() {
        if (problems != null) {
            org.eclipse.core.runtime.Platform.removeLogListener(problems);
        }
    }

    /** Switches to the perspective named by -Dperturber.perspective once the window is up. */
    @org.eclipse.e4.core.di.annotations.Optional
    @jakarta.inject.Inject
    public void started(@org.eclipse.e4.ui.di.UIEventTopic(org.eclipse.e4.ui.workbench.UIEvents.UILifeCycle.APP_STARTUP_COMPLETE)
            org.osgi.service.event.Event event, org.eclipse.e4.ui.model.application.MApplication app) {
        String perspective = System.getProperty("perturber.perspective");
        if (perspective != null && !app.getChildren().isEmpty()) {
            app.getChildren().get(0).getContext().get(org.eclipse.e4.ui.workbench.modeling.EPartService.class)
                    .switchPerspective("org.perturber.app.perspective." + perspective);
        }
    }

    /**
     * UI thread: runs {@code then} once the window is rendered (its context and its default close handler exist):
     * from the event loop, which starts after the first rendering.
     */
    private static void whenWindowIsUp(org.eclipse.e4.ui.model.application.MApplication app,
            org.eclipse.swt.widgets.Display display,
            java.util.function.Consumer<org.eclipse.e4.ui.model.application.ui.basic.MWindow> then) {
        if (display == null) {
            return;
        }
        display.asyncExec(new Runnable() {
            @Override
            public void run() {
                org.eclipse.e4.ui.model.application.ui.basic.MWindow window = app.getChildren().isEmpty() ? null
                        : app.getChildren().get(0);
                if (window != null && window.getWidget() != null && window.getContext() != null) {
                    then.accept(window);
                } else if (!display.isDisposed()) {
                    display.timerExec(50, this);
                }
            }
        });
    }

    /**
     * Issue 16 (conventions): the window's close button asks to save an unsaved session as File > Quit does, and the title shows "*" then.
     */
    private static void windowUp(org.eclipse.e4.ui.model.application.MApplication app,
            org.eclipse.e4.ui.model.application.ui.basic.MWindow window) {
        SessionChanges changes = app.getContext().get(SessionChanges.class);
        ExploreSession session = app.getContext().get(ExploreSession.class);
        window.getContext().set(org.eclipse.e4.ui.workbench.modeling.IWindowCloseHandler.class,
                new org.perturber.app.handlers.QuitHandler.WindowClose(session, changes));
        String title = window.getLabel();
        org.eclipse.swt.widgets.Display display = org.eclipse.swt.widgets.Display.getCurrent();
        changes.addListener(() -> {
            if (!display.isDisposed()) {
                display.asyncExec(() -> window.setLabel(changes.dirty() ? "*" + title : title));
            }
        });
    }
}
