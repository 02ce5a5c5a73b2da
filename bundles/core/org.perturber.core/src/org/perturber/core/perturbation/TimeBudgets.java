package org.perturber.core.perturbation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How long one call into a perturbation may take, by stage, before the stack abandons it and goes on without it
 * ({@link StackApplier}). Set in one place: {@link #current()} starts from the system properties
 * {@value #PROPERTY} (scene and image perturbations) and {@value #MODEL_AWARE_PROPERTY} (attacks), in seconds, or
 * the defaults; the workbench's preference and the headless sweep's {@code --time-budget} replace it with
 * {@link #setCurrent}. A budget of zero means none: the call runs on the caller's own thread, unguarded.
 */
public record TimeBudgets(Duration scene, Duration image, Duration modelAware) {
    /** Seconds a scene or image perturbation may take per call (system property). */
    public static final String PROPERTY = "perturber.timeBudget";
    /** Seconds a model-aware perturbation (an attack: hundreds of gradient steps) may take per call. */
    public static final String MODEL_AWARE_PROPERTY = "perturber.timeBudget.modelAware";
    public static final Duration DEFAULT = Duration.ofSeconds(10);
    public static final Duration MODEL_AWARE_DEFAULT = Duration.ofSeconds(300);
    public static final TimeBudgets DEFAULTS = new TimeBudgets(DEFAULT, DEFAULT, MODEL_AWARE_DEFAULT);
    /** The longest budget accepted: a day (longer is "none", which zero says). */
    public static final double MAX_SECONDS = 86_400;

    private static volatile TimeBudgets current = fromSystemProperties(DEFAULTS);

    public TimeBudgets {
        Objects.requireNonNull(scene);
        Objects.requireNonNull(image);
        Objects.requireNonNull(modelAware);
        if (scene.isNegative() || image.isNegative() || modelAware.isNegative()) {
            throw new IllegalArgumentException("a time budget cannot be negative");
        }
    }

    /** The budgets calls made now get (stacks created from now on). */
    public static TimeBudgets current() {
        return current;
    }

    public static void setCurrent(TimeBudgets budgets) {
        current = Objects.requireNonNull(budgets);
    }

    /** The budget of one stage's calls; zero: none. */
    public Duration of(Stage stage) {
        return switch (stage) {
        case SCENE -> scene;
        case IMAGE -> image;
        case MODEL_AWARE -> modelAware;
        };
    }

    /** The same budgets with scene and image perturbations given {@code budget}. */
    public TimeBudgets withSceneAndImage(Duration budget) {
        return new TimeBudgets(budget, budget, modelAware);
    }

    public TimeBudgets withModelAware(Duration budget) {
        return new TimeBudgets(scene, image, budget);
    }

    /**
     * Seconds as a budget: a finite number from 0 (none) to {@link #MAX_SECONDS}, fractions allowed.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Duration parseSeconds(String text) {
        double seconds;
        try {
            seconds = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds");
        }
        if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException("a time budget is from 0 (none) to " + (long) MAX_SECONDS
                    + " seconds, not " + text.strip());
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** "10 s", "0.5 s": how messages state a budget. */
    public static String describe(Duration budget) {
        BigDecimal seconds = BigDecimal.valueOf(budget.toNanos(), 9).stripTrailingZeros();
        return (seconds.scale() < 0 ? seconds.setScale(0) : seconds).toPlainString() + " s";
    }

    /**
     * The budgets the system properties set over {@code base}; a property that is not a valid number of seconds is
     * ignored (stderr says so: this runs before any log is set up).
     */
    public static TimeBudgets fromSystemProperties(TimeBudgets base) {
        TimeBudgets b = base;
        String both = System.getProperty(PROPERTY);
        String attacks = System.getProperty(MODEL_AWARE_PROPERTY);
        try {
            if (both != null) {
                b = b.withSceneAndImage(parseSeconds(both));
            }
            if (attacks != null) {
                b = b.withModelAware(parseSeconds(attacks));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(String.format(Locale.ROOT, "perturber: -D%s / -D%s ignored: %s", PROPERTY,
                    MODEL_AWARE_PROPERTY, e.getMessage()));
            return base;
        }
        return b;
    }
}
