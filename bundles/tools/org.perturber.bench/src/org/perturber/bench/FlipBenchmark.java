package org.perturber.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceClient;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.render.RendererInfo;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipPoint;
import org.perturber.flipsearch.FlipReport;
import org.perturber.flipsearch.FlipSearch;
import org.perturber.flipsearch.FlipSettings;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/**
 * The flip search on one parameter at a time (the standard model, the standard scene around the mug, the parameter's
 * perturbation alone in the stack at its defaults): time per search against the floor of the scan's forward passes
 * alone (the scan's own images, made beforehand, sent as one batch through the shared inference service), floor and
 * search alternating sample by sample so that both see the same machine. Every search gets a fresh input pipeline,
 * so that each render is really made. Then the forward passes it made (counted at the inference service) against
 * the bound, "the scan plus about log2(range/tolerance) passes", and where its time went: renders, the
 * forward passes, the rest.
 */
final class FlipBenchmark {
    private static final String MODEL = "standard";
    private static final String OBJECT = "mug";
    private static final int WARMUP = 1;
    private static final int SAMPLES = 10;
    /** The overlap experiment's chunk: the inference service's batch size. */
    private static final int CHUNK = Integer.getInteger("perturber.inference.batch", 8);

    /** A parameter searched: a scene parameter (every scan point a new render) or an image one (one render). */
    private record Case(String name, String perturbation, String parameter) {
    }

    private static final List<Case> CASES = List.of(
            new Case("camera_elevation", "org.perturber.perturbation.camera.cameraPerturbation", "elevation"),
            new Case("lighting_intensity", "org.perturber.perturbation.lighting.lightingPerturbation", "intensity"),
            new Case("lighting_azimuth", "org.perturber.perturbation.lighting.lightingPerturbation", "azimuth"),
            new Case("noise_sigma", "org.perturber.perturbation.image.gaussianNoise", "sigma"),
            new Case("fade_amount", "org.perturber.perturbation.image.fadeToBlack", "amount"));

    private FlipBenchmark() {
    }

    static void run(Consumer<String> out) {
        try {
            bench(out);
        } catch (Exception e) {
            throw new IllegalStateException("flip search benchmark failed: " + e.getMessage(), e);
        }
    }

    private static void bench(Consumer<String> out) throws Exception {
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        InferenceService service = Services.await(InferenceService.class, Duration.ofSeconds(30));
        Path folder = Path.of(System.getProperty("perturber.models", "models")).resolve(MODEL);
        LoadedModel model = service.load(folder).get(300, TimeUnit.SECONDS);
        try {
            Scene scene = BuiltinScenes.standard(objects, OBJECT);
            FlipSettings settings = FlipSettings.DEFAULT;
            out.accept("# device: " + service.device() + "; renderer: " + renderer.info());
            out.accept(String.format(Locale.ROOT, "# flip search: model %s (%dx%d), the standard scene around the %s, "
                    + "one parameter from its default (its perturbation alone in the stack), %d scan points a range, "
                    + "tolerance %s of the range; floor: the scan's images, made beforehand, as one submitBatch "
                    + "(batches of %d); %d samples after %d warm-up, floor and search alternating", MODEL, model
                            .descriptor().inputWidth(), model.descriptor().inputHeight(), OBJECT, settings
                                    .scanPoints(), settings.tolerance(), CHUNK, SAMPLES, WARMUP));
            for (Case c : CASES) {
                bench(c, registry, renderer, service, model, scene, settings, out);
            }
            singlePasses(service, model, renderer.render(scene, model.descriptor().inputWidth(), model.descriptor()
                    .inputHeight()), out);
        } finally {
            service.unload(model);
        }
    }

    /** What one search did: forward passes per call to the service, renders, and their times. */
    private record Run(double millis, List<Integer> calls, int renders, double renderMillis, double inferMillis,
            FlipReport report, List<RgbImage> scanImages) {
        int passes() {
            return calls.stream().mapToInt(Integer::intValue).sum();
        }

        /** The scan: the one call with more images than the bisection's rounds send (at most one per direction). */
        int scanCall() {
            int at = 0;
            for (int i = 1; i < calls.size(); i++) {
                if (calls.get(i) > calls.get(at)) {
                    at = i;
                }
            }
            return at;
        }
    }

    private static void bench(Case c, ContributionRegistry registry, SceneRenderer renderer, InferenceService service,
            LoadedModel model, Scene scene, FlipSettings settings, Consumer<String> out) throws Exception {
        PerturbationStack stack = new PerturbationStack(List.of(StackEntry.of(c.perturbation())));
        FlipParameter parameter = FlipParameter.of(stack, registry, false).stream().filter(p -> p.parameter().equals(
                c.parameter())).findFirst().orElseThrow(() -> new IllegalStateException(c.perturbation() + " has no "
                        + "numeric parameter " + c.parameter()));
        Timings search = new Timings(SAMPLES);
        Timings floor = new Timings(SAMPLES);
        Timings renders = new Timings(SAMPLES);
        Timings infers = new Timings(SAMPLES);
        Run first = search(registry, renderer, service, model, scene, stack, parameter, settings);
        List<RgbImage> scan = first.scanImages();
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long t0 = System.nanoTime();
            service.submitBatch(model, scan, InferenceRequest.predictions(1)).get();
            double f = (System.nanoTime() - t0) / 1e6;
            Run r = search(registry, renderer, service, model, scene, stack, parameter, settings);
            if (!r.calls().equals(first.calls())) {
                throw new IllegalStateException(c.name() + ": the search is not deterministic: " + r.calls() + " vs "
                        + first.calls());
            }
            if (i >= WARMUP) {
                floor.add(f);
                search.add(r.millis());
                renders.add(r.renderMillis());
                infers.add(r.inferMillis());
            }
        }
        String name = "flip_search_" + c.name();
        out.accept(search.line(name, floor));

        // forward passes: counted where they are made, against what the search reports and the bound
        int scanCall = first.scanCall();
        int scanPasses = first.calls().get(scanCall);
        int before = 0;
        for (int i = 0; i < scanCall; i++) {
            before += first.calls().get(i);
        }
        // each flip's image is inferred once more, alone, before it is reported: counted apart from the bisection
        int checks = (int) first.report().points().stream().filter(FlipPoint::flips).count();
        int bisection = first.passes() - scanPasses - before - checks;
        int rounds = first.calls().size() - scanCall - 1 - checks;
        double log2 = Math.log(parameter.range() / (settings.tolerance() * parameter.range())) / Math.log(2);
        boolean within = bisection <= Math.ceil(log2);
        out.accept(String.format(Locale.ROOT, "# %s passes: scan %d (one call) + bisection %d (%d rounds, both "
                + "directions) + checks of the flips alone %d + the starting state %d = %d; bound: scan + "
                + "log2(range/tolerance) = %d + %.2f = %.2f (+ %d checks): %s; the report says %d", name, scanPasses,
                bisection, rounds, checks, before, first.passes(), scanPasses, log2, scanPasses + log2, checks, within
                        ? "within" : "OVER", first.report().passes()));
        List<String> found = new ArrayList<>();
        for (FlipPoint p : first.report().points()) {
            found.add((p.direction() == FlipParameter.Direction.UP ? "up " : "down ") + (p.flips() ? String.format(
                    Locale.ROOT, "%s -> %s (distance %.4f, %d passes)", parameter.format(p.value()), p.newClass(), p
                            .distance(), p.passes()) : p.describe() + " (" + p.passes() + " passes)"));
        }
        out.accept(String.format(Locale.ROOT, "# %s from %s (%s, p %.3f): %s", name, parameter.format(parameter
                .current()), first.report().originalClass(), first.report().originalProbability(), String.join("; ",
                        found)));
        double other = search.median() - renders.median() - infers.median();
        out.accept(String.format(Locale.ROOT, "# %s time (medians): %.1f ms = renders %.1f ms (%d, %.2f ms each) + "
                + "forward passes %.1f ms (%d calls, %d images; the floor %.1f ms) + the rest %.1f ms (scene and "
                + "image stages, bookkeeping)", name, search.median(), renders.median(), first.renders(), first
                        .renders() == 0 ? 0 : renders.median() / first.renders(), infers.median(), first.calls()
                                .size(), first.passes(), floor.median(), other));
        overlap(name, registry, renderer, service, model, scene, stack, parameter, settings, out);
    }

    /**
     * What one image costs by each of the service's ways (a bisection round sends one image per open direction):
     * submitBatch, submit and infer (which runs on the caller's thread when the model is idle), against the same
     * image's share of a batch of the scan's size. The three alternate.
     */
    private static void singlePasses(InferenceService service, LoadedModel model, RgbImage image,
            Consumer<String> out) throws Exception {
        InferenceRequest request = InferenceRequest.predictions(1);
        List<RgbImage> batch = Collections.nCopies(32, image);
        Timings viaBatch = new Timings(4 * SAMPLES);
        Timings viaSubmit = new Timings(4 * SAMPLES);
        Timings viaInfer = new Timings(4 * SAMPLES);
        Timings share = new Timings(4 * SAMPLES);
        for (int i = 0; i < 4 * (WARMUP + SAMPLES); i++) {
            long t0 = System.nanoTime();
            service.submitBatch(model, List.of(image), request).get();
            long t1 = System.nanoTime();
            service.submit(model, image, request).get();
            long t2 = System.nanoTime();
            service.infer(model, image, request);
            long t3 = System.nanoTime();
            service.submitBatch(model, batch, request).get();
            long t4 = System.nanoTime();
            if (i >= 4 * WARMUP) {
                viaBatch.add((t1 - t0) / 1e6);
                viaSubmit.add((t2 - t1) / 1e6);
                viaInfer.add((t3 - t2) / 1e6);
                share.add((t4 - t3) / 1e6 / batch.size());
            }
        }
        out.accept(viaBatch.line("flip_one_image_submitBatch", share));
        out.accept(viaSubmit.line("flip_one_image_submit", share));
        out.accept(viaInfer.line("flip_one_image_infer", share));
        out.accept("# flip_one_image_*: one image's forward pass as a bisection round sends it, against its share of "
                + "a batch of 32 (the floor)");
    }

    /** One search, with a fresh input pipeline (no render kept from before) and the service's work counted. */
    private static Run search(ContributionRegistry registry, SceneRenderer renderer, InferenceService service,
            LoadedModel model, Scene scene, PerturbationStack stack, FlipParameter parameter, FlipSettings settings)
            throws InterruptedException {
        TimedRenderer timedRenderer = new TimedRenderer(renderer);
        CountingInference counting = new CountingInference(service);
        FlipSearch search = new FlipSearch(new InputPipeline(registry, timedRenderer, counting), counting, settings);
        long t0 = System.nanoTime();
        FlipReport report = search.search(scene, stack, List.of(model), List.of(parameter), null).get(0);
        double millis = (System.nanoTime() - t0) / 1e6;
        if (report.problem() != null) {
            throw new IllegalStateException(report.problem());
        }
        List<List<RgbImage>> batches = counting.batches();
        List<RgbImage> largest = batches.stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List
                .of());
        return new Run(millis, batches.stream().map(List::size).toList(), timedRenderer.count.intValue(),
                timedRenderer.nanos.get() / 1e6, counting.nanos.get() / 1e6, report, largest);
    }

    /**
     * Whether overlapping the scan's renders with its forward passes would pay: the scan's images made and then
     * sent as one batch (what the search does), against the same images sent a chunk at a time as soon as each
     * chunk is made, so that a chunk's forward passes run while the next is rendered. Fresh input pipelines, the
     * two alternating.
     */
    private static void overlap(String name, ContributionRegistry registry, SceneRenderer renderer,
            InferenceService service, LoadedModel model, Scene scene, PerturbationStack stack, FlipParameter p,
            FlipSettings settings, Consumer<String> out) throws Exception {
        List<PerturbationStack> stacks = new ArrayList<>();
        for (FlipParameter.Direction d : FlipParameter.Direction.values()) {
            for (double o : scanOffsets(p, d, settings.scanPoints())) {
                stacks.add(p.apply(stack, p.valueAt(d, o)));
            }
        }
        Timings serial = new Timings(SAMPLES);
        Timings chunked = new Timings(SAMPLES);
        Timings stages = new Timings(SAMPLES);
        int size = model.descriptor().inputWidth();
        RgbImage render = renderer.render(scene, size, size);
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long s0 = System.nanoTime();
            for (PerturbationStack s : stacks) {
                StackApplier applier = new StackApplier(registry);
                applier.applySceneStage(s, scene);
                applier.applyImageStage(s, render);
            }
            long s1 = System.nanoTime();
            InputPipeline a = new InputPipeline(registry, renderer, service);
            long t0 = System.nanoTime();
            List<RgbImage> images = new ArrayList<>();
            for (PerturbationStack s : stacks) {
                images.add(a.state(scene, s).input(model, null));
            }
            service.submitBatch(model, images, InferenceRequest.predictions(1)).get();
            long t1 = System.nanoTime();
            InputPipeline b = new InputPipeline(registry, renderer, service);
            List<CompletableFuture<List<InferenceResult>>> futures = new ArrayList<>();
            List<RgbImage> chunk = new ArrayList<>();
            for (PerturbationStack s : stacks) {
                chunk.add(b.state(scene, s).input(model, null));
                if (chunk.size() == CHUNK) {
                    futures.add(service.submitBatch(model, chunk, InferenceRequest.predictions(1)));
                    chunk = new ArrayList<>();
                }
            }
            if (!chunk.isEmpty()) {
                futures.add(service.submitBatch(model, chunk, InferenceRequest.predictions(1)));
            }
            for (CompletableFuture<List<InferenceResult>> f : futures) {
                f.get();
            }
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                stages.add((s1 - s0) / 1e6);
                serial.add((t1 - t0) / 1e6);
                chunked.add((t2 - t1) / 1e6);
            }
        }
        out.accept(String.format(Locale.ROOT, "# %s scan of %d images alone: made, then one batch %.1f ms (p95 %.1f); "
                + "sent in chunks of %d as they are made %.1f ms (p95 %.1f): %.2fx; their scene and image stages "
                + "alone (on one render) %.1f ms", name, stacks.size(), serial.median(), serial.p95(), CHUNK, chunked
                        .median(), chunked.p95(), chunked.median() / serial.median(), stages.median()));
    }

    /**
     * The scan's offsets as FlipSearch makes them for a parameter that is not whole (its own method is the core
     * bundle's), for the overlap experiment only.
     */
    private static double[] scanOffsets(FlipParameter p, FlipParameter.Direction d, int scanPoints) {
        double extent = p.extent(d);
        if (extent <= 0 || p.whole()) {
            return new double[0];
        }
        double step = p.range() / scanPoints;
        int n = (int) Math.ceil(extent / step - 1e-9);
        double[] offsets = new double[n];
        for (int k = 1; k <= n; k++) {
            offsets[k - 1] = Math.min(extent, k * step);
        }
        return offsets;
    }

    /** Passes renders on, counting them and the time they take. */
    private static final class TimedRenderer implements SceneRenderer {
        private final SceneRenderer renderer;
        final AtomicLong count = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        TimedRenderer(SceneRenderer renderer) {
            this.renderer = renderer;
        }

        @Override
        public RgbImage render(Scene scene, int width, int height) {
            long t0 = System.nanoTime();
            try {
                return renderer.render(scene, width, height);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
                count.incrementAndGet();
            }
        }

        @Override
        public RendererInfo info() {
            return renderer.info();
        }
    }

    /**
     * Passes every request on to the shared service, keeping the images of each call and the time from each call
     * to its result (the search waits for each before it goes on, so these do not overlap each other).
     */
    private static final class CountingInference implements InferenceService {
        private final InferenceService service;
        private final List<List<RgbImage>> batches = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong nanos = new AtomicLong();

        CountingInference(InferenceService service) {
            this.service = service;
        }

        List<List<RgbImage>> batches() {
            return List.copyOf(batches);
        }

        private <T> CompletableFuture<T> timed(CompletableFuture<T> f, long t0) {
            return f.whenComplete((r, e) -> nanos.addAndGet(System.nanoTime() - t0));
        }

        @Override
        public String device() {
            return service.device();
        }

        @Override
        public CompletableFuture<LoadedModel> load(Path directory) {
            return service.load(directory);
        }

        @Override
        public List<LoadedModel> models() {
            return service.models();
        }

        @Override
        public void unload(LoadedModel model) {
            service.unload(model);
        }

        @Override
        public InferenceClient newClient(String name) {
            return service.newClient(name);
        }

        @Override
        public CompletableFuture<InferenceResult> submit(LoadedModel model, RgbImage image,
                InferenceRequest request) {
            batches.add(List.of(image));
            long t0 = System.nanoTime();
            return timed(service.submit(model, image, request), t0);
        }

        @Override
        public InferenceResult infer(LoadedModel model, RgbImage image, InferenceRequest request)
                throws InterruptedException, ExecutionException {
            batches.add(List.of(image));
            long t0 = System.nanoTime();
            try {
                return service.infer(model, image, request);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public CompletableFuture<List<InferenceResult>> submitBatch(LoadedModel model, List<RgbImage> images,
                InferenceRequest request) {
            batches.add(List.copyOf(images));
            long t0 = System.nanoTime();
            return timed(service.submitBatch(model, images, request), t0);
        }
    }
}
