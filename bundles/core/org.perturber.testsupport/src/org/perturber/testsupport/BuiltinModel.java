package org.perturber.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.service.Services;

/**
 * The built-in {@code standard} network (a small residual CNN, 96x96 input, the 12 built-in objects' classes),
 * embedded in this bundle and loaded once per test runtime through Perturber's inference service (MXNet).
 */
public final class BuiltinModel {
    /** Its files, as they are in Perturber's models/standard. */
    private static final List<String> FILES = List.of("model.json", "labels.txt", "standard-symbol.json",
            "standard-0000.params");
    private static LoadedModel standard;

    private BuiltinModel() {
    }

    /** The standard model, loaded on first use (a second or two) and kept for the rest of the runtime. */
    public static synchronized LoadedModel standard() {
        if (standard == null) {
            InferenceService inference = inference();
            try {
                standard = inference.load(extract()).get(2, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the built-in standard model did not load: " + e.getCause()
                        .getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the built-in standard model did not load in 2 minutes", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the built-in standard model", e);
            }
        }
        return standard;
    }

    /** The model's top five classes for an image of its input size. */
    public static InferenceResult predict(LoadedModel model, RgbImage image) {
        try {
            return inference().infer(model, image, InferenceRequest.predictions(5));
        } catch (ExecutionException e) {
            throw new IllegalStateException("inference failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during inference", e);
        }
    }

    static InferenceService inference() {
        return Services.await(InferenceService.class, LabScenes.SERVICE_WAIT);
    }

    /** The model's files copied out of the jar: engines open model files by path. */
    private static Path extract() {
        try {
            Path dir = Files.createTempDirectory("perturber-standard-model");
            for (String name : FILES) {
                URL url = BuiltinModel.class.getResource("/models/standard/" + name);
                if (url == null) {
                    throw new IllegalStateException("models/standard/" + name + " is missing from "
                            + "org.perturber.testsupport (the build copies it from Perturber's models/)");
                }
                try (InputStream in = url.openStream()) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            dir.toFile().deleteOnExit();
            FILES.forEach(n -> dir.resolve(n).toFile().deleteOnExit());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the built-in standard model to a temporary folder", e);
        }
    }
}
