package org.perturber.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.perturber.backend.mxnet.export.ParamsFile;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * A built-in model's card: README.md for people, evaluation.json for the honesty tests, both written from the same
 * numbers right after training, so that the two cannot disagree.
 */
public final class ModelCard {
    public static final String EVALUATION = "evaluation.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ModelCard() {
    }

    /** What evaluation.json holds. */
    public record Card(Recipe recipe, ModelEvaluation.Result result, double trainingSeconds) {
    }

    public static void write(Path dir, Recipe recipe, ModelEvaluation.Result result, double trainingSeconds)
            throws IOException {
        JsonObject json = new JsonObject();
        json.add("recipe", GSON.toJsonTree(recipe));
        json.add("evaluation", GSON.toJsonTree(result));
        json.addProperty("trainingSeconds", Math.round(trainingSeconds));
        Files.writeString(dir.resolve(EVALUATION), GSON.toJson(json));
        Files.writeString(dir.resolve("README.md"), readme(dir, recipe, result, trainingSeconds));
    }

    public static Card read(Path dir) throws IOException {
        JsonObject json = GSON.fromJson(Files.readString(dir.resolve(EVALUATION)), JsonObject.class);
        return new Card(GSON.fromJson(json.get("recipe"), Recipe.class), GSON.fromJson(json.get("evaluation"),
                ModelEvaluation.Result.class), json.get("trainingSeconds").getAsDouble());
    }

    private static String readme(Path dir, Recipe recipe, ModelEvaluation.Result r, double seconds)
            throws IOException {
        String params = recipe.id() + "-0000.params";
        String symbol = recipe.id() + "-symbol.json";
        long weights = ParamsFile.inspect(dir.resolve(params)).values().stream()
                .mapToLong(e -> ParamsFile.count(e.shape())).sum();
        StringBuilder s = new StringBuilder();
        s.append("# ").append(recipe.name()).append(" (`").append(recipe.id()).append("`)\n\n");
        s.append("A built-in Perturber model: classifies renders of the ").append(SceneSampler.classes().size())
                .append(" built-in objects (").append(String.join(", ", SceneSampler.classes())).append(").\n\n");
        s.append("| | |\n|---|---|\n");
        row(s, "Variant", recipe.variant() + (recipe.fineTuned() ? ", fine-tuned from `" + recipe.base() + "`" : ""));
        row(s, "Architecture", recipe.architecture() + ", " + String.format(Locale.ROOT, "%,d", weights)
                + " parameters (including batch-norm statistics)");
        row(s, "Input", recipe.inputSize() + "x" + recipe.inputSize() + " RGB, normalised (x - 0.5) / 0.25");
        row(s, "Data", "domain-randomised renders of the built-in objects (classes take turns): random camera orbit, "
                + "distance, roll and field of view; object scale, tilt and offset; one or two coloured lights and "
                + "ambient level; solid, gradient or procedural backgrounds; each class's texture varied in colour, "
                + "scale and rotation" + (recipe.shuffledFraction() > 0 ? String.format(Locale.ROOT, "; %d%% of "
                        + "samples wear the texture of a random class", Math.round(recipe.shuffledFraction() * 100))
                        : "") + " (`SceneSampler`, see models/README.md)");
        row(s, "Training", recipe.describe());
        row(s, "Training time", String.format(Locale.ROOT, "%.1f min on a 2-core CPU (rendering included)",
                seconds / 60));
        row(s, "Files", String.format(Locale.ROOT, "`%s` %s, `%s` %s", params, size(dir.resolve(params)), symbol,
                size(dir.resolve(symbol))));
        s.append("\n## Held-out evaluation\n\n");
        s.append(String.format(Locale.ROOT, "%d renders per condition from seed %d (training used seed %d; the "
                + "scenes differ).\n\n", r.samples(), r.seed(), recipe.seed()));
        s.append("| Condition | Top-1 accuracy |\n|---|---|\n");
        row(s, "Clean (own textures)", pct(r.clean()));
        row(s, "Textures removed", pct(r.textureRemoved()));
        row(s, "Textures swapped between classes", pct(r.textureSwapped()));
        row(s, String.format(Locale.ROOT, "%s, first %d samples", r.attack(), r.attackedSamples()), pct(r
                .underAttack()));
        s.append("\n## Reproduce\n\n```\nreleng/perturber train ").append(recipe.id())
                .append("        # trains, installs here, evaluates and rewrites this card\n")
                .append("releng/perturber train --evaluate-only ").append(recipe.id())
                .append("   # re-measures the numbers above\n```\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String size(Path f) throws IOException {
        long b = Files.size(f);
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0) : String.format(Locale.ROOT,
                "%.0f KiB", b / 1024.0);
    }
}
