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
    /**
     * string: the Apache Spark master the Sweeps view runs its sweeps on, through the launcher's Spark driver
     * ({@code sweep --spark MASTER}); empty: sweeps run in the workbench. See {@link #sparkMasterProblem}.
     */
    public static final String SPARK_MASTER = "sparkMaster";
    /**
     * string: how the Spark executors get a sweep's inputs (the driver's --inputs), one of
     * {@link #SPARK_INPUTS_CHOICES}; empty: the driver's default.
     */
    public static final String SPARK_INPUTS = "sparkInputs";
    /** "": the command's default (shared for local[N], ship for a cluster); or its --inputs value. */
    public static final List<String> SPARK_INPUTS_CHOICES = List.of("", "ship", "shared");
    private static final java.util.regex.Pattern SPARK_MASTER_FORM = java.util.regex.Pattern.compile(
            "local|local\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\]|yarn"
                    + "|spark://[^\\s/:,]+:[0-9]{1,5}(,[^\\s/:,]+:[0-9]{1,5})*"
                    + "|k8s://(https?://)?[^\\s/:]+(:[0-9]{1,5})?/?");

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

    /** The Spark master sweeps run on, or "" to run them in the workbench. */
    public static String sparkMaster() {
        return node().get(SPARK_MASTER, "").strip();
    }

    /** The Spark driver's --inputs choice, or "" for its default. */
    public static String sparkInputs() {
        String inputs = node().get(SPARK_INPUTS, "");
        return SPARK_INPUTS_CHOICES.contains(inputs) ? inputs : "";
    }

    /**
     * What is wrong with a Spark master as typed, in words, or null when it is one Spark takes: empty (no Spark),
     * {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}, {@code spark://HOST:PORT[,HOST:PORT]},
     * {@code k8s://[https://]HOST[:PORT]} or {@code yarn}.
     */
    public static String sparkMasterProblem(String master) {
        String m = master.strip();
        if (m.isEmpty() || SPARK_MASTER_FORM.matcher(m).matches()) {
            if (m.startsWith("spark://") || m.startsWith("k8s://")) {
                for (String port : m.replaceAll("^[a-z0-9]+://(https?://)?", "").split(",")) {
                    int colon = port.lastIndexOf(':');
                    if (colon >= 0 && Integer.parseInt(port.substring(colon + 1).replace("/", "")) > 65535) {
                        return "port " + port.substring(colon + 1) + " is above 65535";
                    }
                }
            }
            return null;
        }
        if (m.startsWith("local")) {
            return "expected local, local[N] (N threads, 1 or more) or local[*] (one per core)";
        }
        if (m.startsWith("spark://")) {
            return "expected spark://HOST:PORT (the standalone master's address, port 7077 by default)";
        }
        if (m.startsWith("k8s://")) {
            return "expected k8s://https://HOST:PORT (the Kubernetes API server)";
        }
        if (m.startsWith("mesos://")) {
            return "Spark 4 has no Mesos support; use spark://, k8s:// or yarn";
        }
        return "not a Spark master: use local[N], local[*], spark://HOST:PORT, k8s://https://HOST:PORT or yarn";
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
