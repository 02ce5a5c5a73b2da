package org.perturber.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;
import org.perturber.core.perturbation.TimeBudgets;

/**
 * The workbench's preferences (Window > Preferences), kept in the Eclipse instance preferences under
 * {@link #NODE}: the key names and their defaults in one place, for the views that read them.
 */
public final class WorkbenchPreferences {
    public static final String NODE = "org.perturber.app";

    /** int: how many classes the Predictions view lists per model. */
    public static final String TOP_K = "topK";
    public static final int TOP_K_DEFAULT = 5;
    /** string: the folder sweeps write their results to; empty = the default next to the workspace. */
    public static final String SWEEP_OUTPUT_FOLDER = "sweepOutputFolder";
    public static final String SWEEP_OUTPUT_FOLDER_DEFAULT = "";
    /** string: where models run, one of {@link #DEVICES}; read when the engine first loads a model. */
    public static final String DEVICE = "device";
    public static final String DEVICE_DEFAULT = "auto";
    public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
    /** comma-separated built-in model keys (folder names under models/) loaded when the workbench starts. */
    public static final String DEFAULT_MODELS = "defaultModels";
    public static final String DEFAULT_MODELS_DEFAULT = "standard";
    /** the recently imported mesh files, newest first, one path a line (kept by the Scene view's import). */
    public static final String RECENT_MESHES = "recentMeshes";
    /**
     * double, seconds: how long one call into a scene or image perturbation may take before it is abandoned and its
     * entry skipped (0: no limit); absent: {@link TimeBudgets}' default, or {@code -Dperturber.timeBudget}.
     */
    public static final String TIME_BUDGET = "timeBudget";
    /** double, seconds: the same for model-aware perturbations (attacks); absent: the default (300 s). */
    public static final String ATTACK_TIME_BUDGET = "attackTimeBudget";

    private WorkbenchPreferences() {
    }

    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    public static int topK() {
        return Math.max(1, node().getInt(TOP_K, TOP_K_DEFAULT));
    }

    public static String device() {
        String device = node().get(DEVICE, DEVICE_DEFAULT);
        return DEVICES.contains(device) ? device : DEVICE_DEFAULT;
    }

    public static String sweepOutputFolder() {
        return node().get(SWEEP_OUTPUT_FOLDER, SWEEP_OUTPUT_FOLDER_DEFAULT).strip();
    }

    public static List<String> defaultModels() {
        return split(node().get(DEFAULT_MODELS, DEFAULT_MODELS_DEFAULT));
    }

    /**
     * The time budgets of calls into perturbations: the preferences where set (a value that is not a valid number
     * of seconds is ignored), else the system properties' or the defaults.
     */
    public static TimeBudgets timeBudgets() {
        TimeBudgets budgets = TimeBudgets.fromSystemProperties(TimeBudgets.DEFAULTS);
        Duration images = seconds(node().get(TIME_BUDGET, null));
        Duration attacks = seconds(node().get(ATTACK_TIME_BUDGET, null));
        if (images != null) {
            budgets = budgets.withSceneAndImage(images);
        }
        if (attacks != null) {
            budgets = budgets.withModelAware(attacks);
        }
        return budgets;
    }

    /** Makes {@link #timeBudgets()} the one every stack created from now on uses (the live loop's and sweeps'). */
    public static void applyTimeBudgets() {
        TimeBudgets.setCurrent(timeBudgets());
    }

    private static Duration seconds(String text) {
        try {
            return text == null ? null : TimeBudgets.parseSeconds(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static List<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
                .toList();
    }

    /** Writes the node to disk; a failure is reported, the values stay set for this run. */
    public static void save(ProblemLog problems) {
        try {
            node().flush();
        } catch (BackingStoreException e) {
            if (problems != null) {
                problems.report(NODE, "The preferences could not be saved: " + e.getMessage(), e);
            }
        }
    }
}
