package org.perturber.featurevis.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.inference.ServiceModel;
import org.perturber.core.service.Services;

/** The built-in models (the repository's models/ folder, which the pom names), loaded through the inference service. */
final class BuiltinModels {
    private BuiltinModels() {
    }

    static InferenceService service() {
        return Services.await(InferenceService.class, Duration.ofSeconds(60));
    }

    static Path folder(String id) {
        String models = System.getProperty("perturber.models");
        if (models == null) {
            throw new IllegalStateException("perturber.models is not set (the test bundle's pom passes it)");
        }
        return Path.of(models, id).toAbsolutePath().normalize();
    }

    /** A built-in model as a plain Model that queues through the shared service. */
    static ServiceModel load(String id) throws Exception {
        return load(folder(id));
    }

    static ServiceModel load(Path folder) throws Exception {
        InferenceService service = service();
        LoadedModel loaded = service.load(folder).get(120, TimeUnit.SECONDS);
        return new ServiceModel(service, loaded);
    }
}
