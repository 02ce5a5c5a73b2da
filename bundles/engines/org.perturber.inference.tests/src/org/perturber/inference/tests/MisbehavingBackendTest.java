package org.perturber.inference.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.inference.tests.contributions.MisbehavingBackend;

/**
 * Model backends with plugin bugs (this bundle's plugin.xml) beside a real MXNet model: an Error on open, in
 * canOpen or on every inference, NaN probabilities, the wrong count of them. Each is reported with the backend's id
 * and bundle, every request completes (none hangs on a worker that died), and the real model's answers stay
 * exactly what they were.
 */
class MisbehavingBackendTest {
    private static final String BUNDLE = "org.perturber.inference.tests";
    private static final RgbImage GREY = RgbImage.filled(8, 8, 0.5f, 0.5f, 0.5f);
    private static InferenceService service;
    private static Path root;
    private static LoadedModel real;
    private static float[] realAnswer;

    @BeforeAll
    static void start() throws Exception {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        root = Files.createTempDirectory("misbehaving-backends");
        Networks.write(root.resolve("small"), "small", Networks.smallCnn(4, 7), 4, 64, "test");
        real = service.load(root.resolve("small")).get(120, TimeUnit.SECONDS);
        realAnswer = service.infer(real, InferenceServiceTest.noise(3), InferenceRequest.predictions(4))
                .probabilities();
    }

    @AfterAll
    static void stop() throws IOException {
        service.models().forEach(service::unload);
        try (var walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static Path folder(String kind) throws IOException {
        Path dir = Files.createDirectories(root.resolve(kind));
        Files.writeString(dir.resolve("misbehaving-" + kind), "");
        return dir;
    }

    /** The real model answers exactly as it did before the bad backend's call. */
    private static void assertTheRealModelIsUnaffected() throws Exception {
        assertArrayEquals(realAnswer, service.infer(real, InferenceServiceTest.noise(3), InferenceRequest
                .predictions(4)).probabilities());
        assertArrayEquals(realAnswer, service.submitBatch(real, List.of(InferenceServiceTest.noise(3)),
                InferenceRequest.predictions(4)).get(60, TimeUnit.SECONDS).get(0).probabilities());
    }

    private static Throwable loadFailure(String kind) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.load(folder(kind)).get(60,
                TimeUnit.SECONDS));
        return assertInstanceOf(ModelLoadException.class, e.getCause());
    }

    /** What an inference of the model gives: the failure, single and batched, through a background thread. */
    private static String inferenceFailure(LoadedModel model) throws Exception {
        ExecutionException single = assertThrows(ExecutionException.class, () -> service.submit(model, GREY,
                InferenceRequest.predictions(3)).get(60, TimeUnit.SECONDS));
        assertInstanceOf(InferenceException.class, single.getCause());
        ExecutionException batch = assertThrows(ExecutionException.class, () -> service.submitBatch(model, List.of(
                GREY, GREY), InferenceRequest.predictions(3)).get(60, TimeUnit.SECONDS));
        assertInstanceOf(InferenceException.class, batch.getCause());
        ExecutionException waited = assertThrows(ExecutionException.class, () -> service.infer(model, GREY,
                InferenceRequest.predictions(3)));
        assertEquals(single.getCause().getMessage(), waited.getCause().getMessage());
        return single.getCause().getMessage();
    }

    @Test
    void anErrorWhenOpeningIsAFailedLoadNamingTheBackendAndItsBundle() throws Exception {
        String why = loadFailure("error-on-open").getMessage();
        assertTrue(why.contains("backend org.perturber.inference.tests.errorOnOpen (bundle " + BUNDLE + ") failed")
                && why.contains("OutOfMemoryError: " + MisbehavingBackend.ErrorOnOpen.MESSAGE), why);
        assertTheRealModelIsUnaffected();
    }

    @Test
    void anErrorInCanOpenIsNamedAndTheOtherBackendsAreStillAsked() throws Exception {
        String why = loadFailure("error-in-can-open").getMessage();
        assertTrue(why.contains("backend org.perturber.inference.tests.errorInCanOpen (bundle " + BUNDLE + ") failed "
                + "to say whether it can") && why.contains("StackOverflowError"), why);
        // a folder that both this backend and one asked after it would open: that one opens it
        List<String> order = Services.await(ContributionRegistry.class, Duration.ofSeconds(30)).modelBackends()
                .stream().map(c -> c.id()).toList();
        assertTrue(order.indexOf("org.perturber.inference.tests.errorInCanOpen") < order.indexOf(
                "org.perturber.inference.tests.wrongCount"), "asked in this order: " + order);
        Path both = folder("error-in-can-open");
        Files.writeString(both.resolve("misbehaving-wrong-count"), "");
        LoadedModel opened = service.load(both).get(60, TimeUnit.SECONDS);
        assertEquals("org.perturber.inference.tests.wrongCount", opened.backend());
        service.unload(opened);
        assertTheRealModelIsUnaffected();
    }

    @Test
    void anErrorOnEveryInferenceFailsThatModelsRequestsOnlyAndItsWorkerGoesOn() throws Exception {
        LoadedModel bad = service.load(folder("error-on-infer")).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) { // again and again: the worker survived the Error each time
            String why = inferenceFailure(bad);
            assertTrue(why.startsWith("backend org.perturber.inference.tests.errorOnInfer (bundle " + BUNDLE
                    + ") failed: InternalError: " + MisbehavingBackend.ErrorOnInfer.MESSAGE), why);
            assertTheRealModelIsUnaffected();
        }
        service.unload(bad);
    }

    @Test
    void nanProbabilitiesAreRefusedNamingTheBackend() throws Exception {
        LoadedModel bad = service.load(folder("nan")).get(60, TimeUnit.SECONDS);
        String why = inferenceFailure(bad);
        assertTrue(why.startsWith("backend org.perturber.inference.tests.nan (bundle " + BUNDLE + ") returned 3 NaN "
                + "or infinite probabilities of 3"), why);
        assertTheRealModelIsUnaffected();
        service.unload(bad);
    }

    @Test
    void theWrongCountOfProbabilitiesIsRefusedNamingTheBackend() throws Exception {
        LoadedModel bad = service.load(folder("wrong-count")).get(60, TimeUnit.SECONDS);
        String why = inferenceFailure(bad);
        assertTrue(why.startsWith("backend org.perturber.inference.tests.wrongCount (bundle " + BUNDLE + ") returned "
                + "2 probabilities for 3 labels"), why);
        assertTheRealModelIsUnaffected();
        service.unload(bad);
    }
}
