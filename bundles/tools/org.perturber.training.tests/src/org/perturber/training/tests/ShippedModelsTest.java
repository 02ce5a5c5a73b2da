package org.perturber.training.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.MxnetModelBackend;
import org.perturber.core.model.Model;
import org.perturber.core.render.SceneRenderer;
import org.perturber.testing.Fixtures;
import org.perturber.training.ModelCard;
import org.perturber.training.ModelEvaluation;
import org.perturber.training.Recipe;
import org.perturber.training.Recipes;
import org.perturber.training.RenderedSet;
import org.perturber.training.SceneSampler.TextureMode;

/**
 * Honest weights: every model in the repository's models/ folder is measured afresh, on renders from a seed that
 * neither training nor the model cards used, in every condition its card reports (clean, textures removed, textures
 * swapped between classes, under the card's PGD attack), and every number must agree with the card within a
 * tolerance in both directions: a model far better than its card is as much a sign of a wrong card (or a wrong
 * evaluation) as one far worse. The cards' README.md tables must show the numbers of their evaluation.json, and the
 * claims that make the trio worth shipping must hold on the cards and on the fresh measurements alike.
 */
class ShippedModelsTest {
    /** Fresh scenes: neither a training seed (small numbers) nor the cards' held-out seed. */
    private static final long FRESH_SEED = 7_000_001;
    /** Fresh renders per condition: as many as the cards used, so that both halves of the tolerance are alike. */
    private static final int FRESH_SAMPLES = 1200;
    /** Fresh samples attacked: as many as the cards attacked (PGD costs 10 forward-backward passes a sample). */
    private static final int FRESH_ATTACKED = 300;
    /**
     * Standard errors allowed between a card and the fresh measurement. Both are binomial proportions of
     * independent samples, so their difference has a standard error of sqrt(p (1 - p) (1/n_card + 1/n_fresh)), p
     * the card's accuracy with Agresti-Coull's two successes and two failures added (a card at 100% still gets a
     * band). With 16 numbers checked, 4 standard errors give an honest card a chance of about 1 in 1000 of failing
     * after retraining (two-sided normal tail 6e-5 each). For 1200 and 1200 samples that is 0.8 points at 99.9%,
     * 7.7 at 34%; for the cards' 300 attacked samples and ours, 8.3 at 6% and 16 at 58%: the cards' own sample
     * sizes limit how tight a re-measurement can be.
     */
    private static final double STANDARD_ERRORS = 4;

    private static Path models;
    private static Map<String, Measured> measured;

    /** One model's card and what it measured on the fresh scenes. */
    private record Measured(ModelCard.Card card, double clean, double textureRemoved, double textureSwapped,
            double underAttack) {
    }

    /** One number of a card: how to read it from the card and from a fresh measurement, and its sample size. */
    private record Condition(String name, ToDoubleFunction<ModelEvaluation.Result> onCard,
            ToDoubleFunction<Measured> fresh, ToIntFunction<ModelEvaluation.Result> cardSamples, int freshSamples) {
    }

    private static final Condition CLEAN = new Condition("clean", ModelEvaluation.Result::clean, Measured::clean,
            ModelEvaluation.Result::samples, FRESH_SAMPLES);
    private static final Condition REMOVED = new Condition("textures removed", ModelEvaluation.Result::textureRemoved,
            Measured::textureRemoved, ModelEvaluation.Result::samples, FRESH_SAMPLES);
    private static final Condition SWAPPED = new Condition("textures swapped", ModelEvaluation.Result::textureSwapped,
            Measured::textureSwapped, ModelEvaluation.Result::samples, FRESH_SAMPLES);
    private static final Condition UNDER_PGD = new Condition("under PGD", ModelEvaluation.Result::underAttack,
            Measured::underAttack, ModelEvaluation.Result::attackedSamples, FRESH_ATTACKED);

    @BeforeAll
    static void locateModels() {
        String property = System.getProperty("perturber.models");
        assertNotNull(property, "perturber.models is not set (the test bundle's pom passes the repository's models/)");
        models = Path.of(property);
        assertTrue(Files.isDirectory(models), models + " is not a folder");
    }

    /** The model folders in models/ (those with a model.json), in the recipes' order, unknown ones last. */
    private static List<String> shippedIds() throws IOException {
        try (Stream<Path> list = Files.list(models)) {
            return list.filter(d -> Files.isRegularFile(d.resolve("model.json"))).map(d -> d.getFileName().toString())
                    .sorted(Comparator.comparingInt((String id) -> {
                        int i = Recipes.ALL.stream().map(Recipe::id).toList().indexOf(id);
                        return i < 0 ? Integer.MAX_VALUE : i;
                    }).thenComparing(Comparator.naturalOrder())).toList();
        }
    }

    private static ModelCard.Card card(String id) throws IOException {
        Path dir = models.resolve(id);
        assertTrue(Files.isRegularFile(dir.resolve(ModelCard.EVALUATION)), dir + " has no model card; train it with"
                + " releng/perturber train " + id);
        return ModelCard.read(dir);
    }

    /** Renders the fresh scenes and measures every shipped model once, for all the tests; prints the table. */
    private static synchronized Map<String, Measured> measured() throws Exception {
        if (measured != null) {
            return measured;
        }
        long start = System.nanoTime();
        SceneRenderer renderer = Fixtures.renderer();
        RenderedSet own = RenderedSet.render(renderer, FRESH_SEED, FRESH_SAMPLES, Recipes.INPUT_SIZE, TextureMode.OWN);
        RenderedSet removed = RenderedSet.render(renderer, FRESH_SEED, FRESH_SAMPLES, Recipes.INPUT_SIZE,
                TextureMode.REMOVED);
        RenderedSet swapped = RenderedSet.render(renderer, FRESH_SEED, FRESH_SAMPLES, Recipes.INPUT_SIZE,
                TextureMode.SWAPPED);
        double rendered = (System.nanoTime() - start) / 1e9;
        // PGD is most of the time and runs one image at a time on about one core: two models at once (each model
        // on its own thread, as the backend allows), the largest first
        Map<String, Future<Measured>> running = new LinkedHashMap<>();
        List<Model> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> ids = shippedIds();
            List<String> largestFirst = new ArrayList<>(ids);
            largestFirst.sort(Comparator.comparingLong((String id) -> size(models.resolve(id))).reversed());
            for (String id : largestFirst) {
                ModelCard.Card card = card(id);
                assertNotNull(card.result().attack(), id + "'s card names no attack");
                Model model = new MxnetModelBackend().open(models.resolve(id));
                open.add(model);
                assertEquals(Recipes.INPUT_SIZE, model.descriptor().inputWidth(), id + "'s input size");
                running.put(id, pool.submit(() -> new Measured(card, ModelEvaluation.accuracy(model, own),
                        ModelEvaluation.accuracy(model, removed), ModelEvaluation.accuracy(model, swapped),
                        ModelEvaluation.attackAccuracy(model, own, card.result().attack(), FRESH_ATTACKED))));
            }
            Map<String, Measured> all = new LinkedHashMap<>();
            for (String id : ids) {
                all.put(id, running.get(id).get());
            }
            measured = all;
        } finally {
            pool.shutdownNow();
            open.forEach(Model::close);
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "Shipped models on %d fresh renders per "
                + "condition (seed %d; PGD on the first %d), against their cards (%.0f s rendering, %.0f s in all):%n",
                FRESH_SAMPLES, FRESH_SEED, FRESH_ATTACKED, rendered, (System.nanoTime() - start) / 1e9));
        for (Condition c : List.of(CLEAN, REMOVED, SWAPPED, UNDER_PGD)) {
            table.append(compare(c).report());
        }
        System.out.print(table);
        return measured;
    }

    /** Bytes of a model folder's files (the VGG-style network's parameters are eight times the others'). */
    private static long size(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Comparison(boolean ok, String report) {
    }

    /** Every model's fresh number for one condition against its card's, within the two-sided tolerance. */
    private static Comparison compare(Condition c) throws Exception {
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (Map.Entry<String, Measured> e : measured().entrySet()) {
            ModelEvaluation.Result card = e.getValue().card().result();
            int cardSamples = c.cardSamples().applyAsInt(card);
            // a card reporting on no samples would give an infinite tolerance and pass anything
            assertTrue(cardSamples >= 100, e.getKey() + "'s card reports " + c.name() + " on " + cardSamples
                    + " samples");
            double onCard = c.onCard().applyAsDouble(card);
            double fresh = c.fresh().applyAsDouble(e.getValue());
            double tolerance = tolerance(onCard, cardSamples, c.freshSamples());
            boolean within = Math.abs(fresh - onCard) <= tolerance;
            ok &= within;
            report.append(String.format(Locale.ROOT, "  %-16s %-16s fresh %5.1f%% (%d), card %5.1f%% (%d), allowed "
                    + "+-%.1f points: %s%n", e.getKey(), c.name(), 100 * fresh, c.freshSamples(), 100 * onCard,
                    cardSamples, 100 * tolerance, within ? "ok" : "OUTSIDE"));
        }
        return new Comparison(ok, report.toString());
    }

    /** {@link #STANDARD_ERRORS} standard errors of the difference of two binomial proportions. */
    static double tolerance(double cardAccuracy, int cardSamples, int freshSamples) {
        double p = (Math.round(cardAccuracy * cardSamples) + 2.0) / (cardSamples + 4.0);
        return STANDARD_ERRORS * Math.sqrt(p * (1 - p) * (1.0 / cardSamples + 1.0 / freshSamples));
    }

    private static void assertMatchesTheCards(Condition c) throws Exception {
        Comparison comparison = compare(c);
        assertTrue(comparison.ok(), c.name() + " on fresh scenes does not match the cards:\n" + comparison.report());
    }

    @Test
    void theToleranceFollowsTheSampleSizes() {
        // the band the class comment promises: 4 standard errors of the difference of two proportions
        assertEquals(0.077, tolerance(0.34, 1200, 1200), 0.0005);
        assertEquals(0.161, tolerance(0.58, 300, 300), 0.002);
        // a card at 100% still gets a band, and more samples narrow it
        assertTrue(tolerance(1.0, 1200, 1200) > 0.003);
        assertTrue(tolerance(0.5, 1200, 1200) < tolerance(0.5, 300, 300) / 1.9);
    }

    @Test
    void theModelsFolderHoldsEveryRecipesModelAndNoOther() throws IOException {
        assertEquals(Recipes.ALL.stream().map(Recipe::id).toList(), shippedIds());
        for (Recipe recipe : Recipes.ALL) {
            assertEquals(recipe, card(recipe.id()).recipe(), "models/" + recipe.id() + " was trained from another "
                    + "recipe");
        }
    }

    @Test
    void theFreshSeedIsNeitherATrainingNorTheCardsSeed() throws IOException {
        for (String id : shippedIds()) {
            ModelCard.Card card = card(id);
            assertNotEquals(card.recipe().seed(), FRESH_SEED, id + " was trained on the fresh seed");
            assertNotEquals(card.result().seed(), FRESH_SEED, id + "'s card was measured on the fresh seed");
        }
        assertNotEquals(Recipes.HELD_OUT_SEED, FRESH_SEED);
    }

    @Test
    void cleanAccuracyMatchesEveryCardInBothDirections() throws Exception {
        assertMatchesTheCards(CLEAN);
    }

    @Test
    void accuracyWithTexturesRemovedMatchesEveryCardInBothDirections() throws Exception {
        assertMatchesTheCards(REMOVED);
    }

    @Test
    void accuracyWithTexturesSwappedMatchesEveryCardInBothDirections() throws Exception {
        assertMatchesTheCards(SWAPPED);
    }

    @Test
    void accuracyUnderTheCardsPgdMatchesEveryCardInBothDirections() throws Exception {
        assertMatchesTheCards(UNDER_PGD);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** The line of {@code file} that starts with {@code prefix}; fails when there is none. */
    private static String line(Path file, String prefix) throws IOException {
        Optional<String> line = Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst();
        assertTrue(line.isPresent(), file + " has no line starting with " + prefix);
        return line.get();
    }

    /** The cells of a Markdown table row, trimmed, without the empty ones outside the outer bars. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.lastIndexOf('|')).split("\\|")) {
            cells.add(cell.trim());
        }
        return cells;
    }

    @Test
    void everyCardsReadmeAndTheModelTablesShowTheNumbersOfItsEvaluationJson() throws IOException {
        Path modelsReadme = models.resolve("README.md");
        Path repositoryReadme = models.resolveSibling("README.md");
        for (String id : shippedIds()) {
            ModelEvaluation.Result r = card(id).result();
            Path readme = models.resolve(id).resolve("README.md");
            line(readme, String.format(Locale.ROOT, "%d renders per condition from seed %d ", r.samples(), r.seed()));
            assertEquals(List.of("Clean (own textures)", pct(r.clean())), cells(line(readme,
                    "| Clean (own textures) |")), readme.toString());
            assertEquals(List.of("Textures removed", pct(r.textureRemoved())), cells(line(readme,
                    "| Textures removed |")), readme.toString());
            assertEquals(List.of("Textures swapped between classes", pct(r.textureSwapped())), cells(line(readme,
                    "| Textures swapped between classes |")), readme.toString());
            String attack = String.format(Locale.ROOT, "%s, first %d samples", r.attack(), r.attackedSamples());
            assertEquals(List.of(attack, pct(r.underAttack())), cells(line(readme, "| " + attack + " |")), readme
                    .toString());
            // the tables of models/README.md and of the repository's README: Clean, removed, swapped, PGD 4/255
            List<String> numbers = List.of(pct(r.clean()), pct(r.textureRemoved()), pct(r.textureSwapped()), pct(r
                    .underAttack()));
            assertEquals(numbers, cells(line(modelsReadme, "| [`" + id + "`](")).subList(3, 7), modelsReadme + ", "
                    + id);
            assertEquals(numbers, cells(line(repositoryReadme, "| [`" + id + "`](")).subList(3, 7), repositoryReadme
                    + ", " + id);
        }
    }

    /**
     * What each variant is for, on the cards and, so that a card cannot claim what its model does not do, on the
     * fresh measurements too; each claim compares the models the variants name, under the same attack.
     */
    @Test
    void theCardsShowWhatTheVariantsAreFor() throws Exception {
        Map<String, Measured> fresh = measured();
        assertEquals("standard", card("standard").recipe().variant());
        assertEquals("adversarial", card("adversarial").recipe().variant());
        assertEquals("standard", card("adversarial").recipe().base());
        assertEquals("texture-debiased", card("texture-debiased").recipe().variant());
        assertEquals("standard", card("texture-debiased").recipe().base());
        for (String id : shippedIds()) {
            assertEquals(Recipes.EVALUATION_ATTACK, card(id).result().attack(), id + "'s card is not under the "
                    + "attack the tables head (PGD 4/255)");
        }
        record Claims(double standardClean, double vggClean, double standardAttacked, double adversarialAttacked,
                double standardSwapped, double debiasedSwapped) {
        }
        List<Map.Entry<String, Claims>> sources = List.of(
                Map.entry("cards", new Claims(card("standard").result().clean(), card("vgg-standard").result()
                        .clean(), card("standard").result().underAttack(), card("adversarial").result()
                                .underAttack(), card("standard").result().textureSwapped(), card("texture-debiased")
                                        .result().textureSwapped())),
                Map.entry("fresh scenes", new Claims(fresh.get("standard").clean(), fresh.get("vgg-standard").clean(),
                        fresh.get("standard").underAttack(), fresh.get("adversarial").underAttack(), fresh.get(
                                "standard").textureSwapped(), fresh.get("texture-debiased").textureSwapped())));
        for (Map.Entry<String, Claims> source : sources) {
            Claims c = source.getValue();
            String where = " (" + source.getKey() + ")";
            assertTrue(c.standardClean() >= 0.95, "standard clean " + c.standardClean() + where);
            assertTrue(c.vggClean() >= 0.95, "vgg-standard clean " + c.vggClean() + where);
            // adversarial fine-tuning: far more robust to the same attack
            assertTrue(c.adversarialAttacked() >= c.standardAttacked() + 0.25, "under attack: adversarial " + c
                    .adversarialAttacked() + ", standard " + c.standardAttacked() + where);
            // texture debiasing: clearly better when shape and texture disagree
            assertTrue(c.debiasedSwapped() >= c.standardSwapped() + 0.10, "textures swapped: debiased " + c
                    .debiasedSwapped() + ", standard " + c.standardSwapped() + where);
        }
    }
}
