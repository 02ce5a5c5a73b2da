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
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;

import jakarta.annotation.PostConstruct;

/**
 * Creates the {@link ExploreSession} in the application context when the workbench starts, then prepares the
 * default scene and loads the default built-in models in a Job, so that the first window already shows a scene and
 * its predictions.
 */
public class SessionAddon {
    @PostConstruct
    public void start(IEclipseContext context) {
        ExploreSession session = new ExploreSession();
        context.set(ExploreSession.class, session);
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
}
