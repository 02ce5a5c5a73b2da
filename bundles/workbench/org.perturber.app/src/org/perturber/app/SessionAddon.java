package org.perturber.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.objects.BuiltinObjects;

import jakarta.annotation.PostConstruct;

/**
 * Creates the {@link ExploreSession} in the application context when the workbench starts, then prepares the
 * default scene and loads the default built-in models in a Job, so that the first window already shows a scene and
 * its predictions. {@code -Dperturber.session=FILE} opens a saved session instead,
 * {@code -Dperturber.stack=FILE} starts with a saved perturbation stack (its JSON), and
 * {@code -Dperturber.perspective=compare} starts in the Compare perspective. With {@code -Dperturber.startupReport}
 * set (see {@link StartupReport}), {@code -Dperturber.startupReport.quit=true} quits once the first scene and the
 * first predictions are on screen.
 */
public class SessionAddon {
    @PostConstruct
    public void start(IEclipseContext context) {
        if (StartupReport.enabled() && Boolean.getBoolean("perturber.startupReport.quit")) {
            // the start-up benchmark: quit as File > Quit does (the workspace is saved) once both are on screen
            StartupReport.afterBoth(() -> org.eclipse.swt.widgets.Display.getCurrent().asyncExec(
                    () -> context.get(org.eclipse.e4.ui.workbench.IWorkbench.class).close()));
        }
        ExploreSession session = new ExploreSession();
        context.set(ExploreSession.class, session);
        context.set(StatusLine.class, new StatusLine());
        // views subscribe at once; the pipeline computes once its services are there (started below, off the UI
        // thread, so that no view waits for a service)
        ExplorePipeline pipeline = new ExplorePipeline(session);
        context.set(ExplorePipeline.class, pipeline);
        Job.create("Starting the live analysis", (IProgressMonitor monitor) -> {
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            pipeline.start(new InputPipeline(Services.await(ContributionRegistry.class, Duration.ofSeconds(30)),
                    Services.await(SceneRenderer.class, Duration.ofSeconds(30)), inference), inference);
            return Status.OK_STATUS;
        }).schedule();
        String saved = System.getProperty("perturber.session");
        if (saved != null) {
            try {
                org.perturber.app.handlers.SessionHandlers.open(Path.of(saved), session);
                return;
            } catch (java.io.IOException e) {
                session.reportModelProblem("Could not open the session " + saved + ": " + e.getMessage());
            }
        }
        String stackFile = System.getProperty("perturber.stack");
        if (stackFile != null) {
            try {
                session.setStack(org.perturber.core.perturbation.PerturbationStack.fromJson(Files.readString(Path.of(
                        stackFile))));
            } catch (java.io.IOException | IllegalArgumentException e) {
                session.reportModelProblem("Could not read the stack " + stackFile + ": " + e.getMessage());
            }
        }
        Job job = Job.create("Loading the default scene and models", (IProgressMonitor monitor) -> {
            SubMonitor progress = SubMonitor.convert(monitor, 1 + BuiltinModels.DEFAULTS.size());
            session.setScene(DefaultScene.create(Services.await(BuiltinObjects.class, Duration.ofSeconds(30))));
            progress.worked(1);
            InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
            for (String id : BuiltinModels.DEFAULTS) {
                Path dir = BuiltinModels.directory().resolve(id);
                progress.subTask("Loading model " + id);
                if (!Files.isDirectory(dir)) {
                    session.reportModelProblem("No built-in model '" + id + "' in " + BuiltinModels.directory()
                            .toAbsolutePath() + ": train it with releng/perturber train " + id);
                    continue;
                }
                try {
                    LoadedModel model = inference.load(dir).get();
                    session.addModel(model);
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    session.reportModelProblem("Model " + id + " did not load: " + cause.getMessage());
                }
                progress.worked(1);
            }
            return Status.OK_STATUS;
        });
        job.schedule();
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
}
