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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.export.Networks;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.StageTimings;
import org.perturber.core.service.Services;

/** The shared service with real MXNet models. */
class InferenceServiceTest {
    private static InferenceService service;
    private static Path root;
    private static LoadedModel small;

    @BeforeAll
    static void start() throws Exception {
        service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        root = Files.createTempDirectory("inference");
        Networks.write(root.resolve("small"), "small", Networks.smallCnn(4, 7), 4, 64, "test");
        small = service.load(root.resolve("small")).get(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws IOException {
        service.models().forEach(service::unload);
        try (var walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    static RgbImage noise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[64 * 64 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new RgbImage(64, 64, d);
    }

    @Test
    void reportsItsDeviceAndModels() {
        assertTrue(service.device().contains("CPU"), service.device());
        assertTrue(service.models().contains(small));
        assertEquals("org.perturber.backend.mxnet", small.backend());
        assertEquals(64, small.descriptor().inputWidth());
    }

    /**
     * Background Jobs (every view's update is one) and infer() callers may run a request on their own thread when
     * the model is idle; mixed with requests queued from plain threads, every answer stays right and nothing
     * deadlocks.
     */
    @Test
    void requestsFromJobsAndPlainThreadsMixSafely() throws Exception {
        RgbImage image = noise(11);
        float[] expected = service.submit(small, image, InferenceRequest.predictions(3)).get().probabilities();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<org.eclipse.core.runtime.jobs.Job> jobs = new java.util.ArrayList<>();
        for (int j = 0; j < 3; j++) {
            org.perturber.core.inference.InferenceClient client = service.newClient("job " + j);
            jobs.add(org.eclipse.core.runtime.jobs.Job.create("inference from a job", (org.eclipse.core.runtime.ICoreRunnable) monitor -> {
                for (int i = 0; i < 40; i++) {
                    try {
                        float[] p = client.submit(small, image, InferenceRequest.predictions(3)).get()
                                .probabilities();
                        if (!java.util.Arrays.equals(expected, p)) {
                            wrong.incrementAndGet();
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        wrong.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
        }
        jobs.forEach(org.eclipse.core.runtime.jobs.Job::schedule);
        for (int i = 0; i < 60; i++) { // meanwhile, through the worker, and waited for on this thread
            assertArrayEquals(expected, service.submit(small, image, InferenceRequest.predictions(3)).get()
                    .probabilities());
            assertArrayEquals(expected, service.infer(small, image, InferenceRequest.predictions(3))
                    .probabilities());
        }
        for (org.eclipse.core.runtime.jobs.Job job : jobs) {
            assertTrue(job.join(60_000, null), "a job did not finish: deadlock?");
        }
        assertEquals(0, wrong.get());
    }

    @Test
    void answersWithTimings() throws Exception {
        long start = System.nanoTime();
        InferenceResult r = service.submit(small, noise(1), InferenceRequest.predictions(2)).get();
        double wallMs = (System.nanoTime() - start) / 1e6;
        assertEquals(2, r.top().size());
        // every stage took some of the time this thread waited, and together no more than all of it
        StageTimings t = r.timings();
        assertTrue(t.forwardMs() > 0 && t.queueMs() >= 0 && t.preprocessMs() >= 0 && t.postprocessMs() >= 0, t
                .toString());
        assertTrue(t.totalMs() <= wallMs, t + " add up to more than the " + wallMs + " ms waited");
    }

    @Test
    void badModelFailsItsLoadAndTheOthersKeepWorking() throws Exception {
        Path bad = root.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("model.json"), "{ not json");
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.load(bad).get());
        assertInstanceOf(ModelLoadException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("model.json"), e.getCause().getMessage());
        ExecutionException none = assertThrows(ExecutionException.class,
                () -> service.load(root.resolve("nothing-here")).get());
        assertTrue(none.getCause().getMessage().contains("no installed model backend"));
        assertEquals(4, service.submit(small, noise(2), InferenceRequest.predictions(1)).get().probabilities().length);
    }

    @Test
    void latestWinsSupersedesQueuedRequestsAndNeverDeliversStaleResults() throws Exception {
        InferenceClient client = service.newClient("slider");
        // keep the worker busy so that requests queue up behind it
        CompletableFuture<List<InferenceResult>> busy = service.submitBatch(small, java.util.Collections.nCopies(64,
                noise(3)), InferenceRequest.predictions(1));
        List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(client.submit(small, noise(100 + i), InferenceRequest.predictions(1)));
        }
        busy.get();
        InferenceResult last = futures.get(29).get(60, TimeUnit.SECONDS);
        assertArrayEquals(service.submit(small, noise(129), InferenceRequest.predictions(1)).get().probabilities(),
                last.probabilities(), "the newest request is answered, for its own input");
        int superseded = 0;
        for (int i = 0; i < 29; i++) {
            try {
                futures.get(i).get(60, TimeUnit.SECONDS);
            } catch (CancellationException | ExecutionException e) {
                superseded++;
            }
        }
        assertTrue(superseded >= 25, "queued requests were superseded: " + superseded + " of 29");
    }

    @Test
    void batchesMatchSingleRequestsAndCanBeCancelled() throws Exception {
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(noise(200 + i));
        }
        List<InferenceResult> batch = service.submitBatch(small, images, InferenceRequest.predictions(1)).get();
        assertEquals(20, batch.size());
        for (int i = 0; i < 20; i += 7) {
            assertArrayEquals(service.submit(small, images.get(i), InferenceRequest.predictions(1)).get()
                    .probabilities(), batch.get(i).probabilities(), 1e-5f);
        }
        CompletableFuture<List<InferenceResult>> long_ = service.submitBatch(small, java.util.Collections.nCopies(
                4000, images.get(0)), InferenceRequest.predictions(1));
        Thread.sleep(50);
        long_.cancel(true);
        long start = System.nanoTime();
        service.submit(small, images.get(1), InferenceRequest.predictions(1)).get(30, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "the cancelled batch stopped early");
    }

    /**
     * The test runtime has a fixed, pre-touched heap (see pom.xml), so changes of resident memory are native ones.
     * Measured: native memory rises by about 250 MiB over the first 5000-8000 requests of a session and then stays
     * flat (20000 more requests added 2 MiB); the warm-up covers that rise, whose cause is not identified yet.
     * Resident memory is sampled every 1000 requests: a leak grows in every segment, whereas the process's one-off
     * allocations (the JIT compiler's arenas, a malloc arena for a new thread: a fresh CI run once saw a single jump
     * of 39 MiB with flat segments around it) show in one. So the growth without the largest segment must stay
     * small, and that segment bounded.
     */
    @Test
    void tenThousandRequestsLeaveResidentMemoryFlat() throws Exception {
        InferenceClient client = service.newClient("soak");
        RgbImage image = noise(5);
        InferenceRequest request = InferenceRequest.predictions(3).withActivations(java.util.Set.of("block2_relu"));
        for (int i = 0; i < 8000; i++) {
            client.submit(small, image, request).get();
        }
        long[] rss = new long[11];
        rss[0] = rssKb();
        for (int segment = 1; segment < rss.length; segment++) {
            for (int i = 0; i < 1000; i++) {
                client.submit(small, image, request).get();
            }
            rss[segment] = rssKb();
        }
        long largest = 0;
        for (int segment = 1; segment < rss.length; segment++) {
            largest = Math.max(largest, rss[segment] - rss[segment - 1]);
        }
        long total = rss[rss.length - 1] - rss[0];
        System.out.println("RSS every 1000 requests (MiB): " + java.util.Arrays.stream(rss).mapToObj(
                kb -> Long.toString(kb / 1024)).collect(java.util.stream.Collectors.joining(" ")));
        assertTrue(total - largest < 16 * 1024, "resident memory grew by " + total / 1024 + " MiB over 10000 "
                + "requests, " + (total - largest) / 1024 + " MiB of it outside the largest 1000-request segment");
        assertTrue(largest < 64 * 1024, "resident memory grew by " + largest / 1024 + " MiB in 1000 requests");
    }

    /** Resident memory after a collection: native buffers owned by collected Java objects are freed first. */
    private static long rssKb() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(300); // cleaners run on their own thread after the collection
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
