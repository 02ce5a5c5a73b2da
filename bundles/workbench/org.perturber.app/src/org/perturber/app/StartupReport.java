package org.perturber.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Start-up milestones for {@code releng/perturber bench startup}. With {@code -Dperturber.startupReport=FILE}, the
 * first call of each method appends one line to FILE, its milestone and the epoch milliseconds of the call
 * ({@code scene 1764690000123}); later calls, and every call without the property, do nothing. The first line written
 * is the launcher's start ({@code launched} and {@code -Dperturber.launchedAt}, which releng/perturber sets).
 */
public final class StartupReport {
    private static final String FILE = System.getProperty("perturber.startupReport");
    private static final AtomicBoolean SCENE = new AtomicBoolean();
    private static final AtomicBoolean PREDICTIONS = new AtomicBoolean();
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final AtomicBoolean LAUNCHED = new AtomicBoolean();
    private static volatile Runnable afterBoth;

    private StartupReport() {
    }

    /** The Scene view has shown its first rendered frame. */
    public static void sceneShown() {
        report("scene", SCENE);
    }

    /** The Predictions view has painted the predictions of a real state. */
    public static void predictionsPainted() {
        report("predictions", PREDICTIONS);
    }

    /** Runs {@code action} once, on the thread of the second call, when both milestones have been reported. */
    static void afterBoth(Runnable action) {
        afterBoth = action;
    }

    /** Whether start-up is being reported ({@code -Dperturber.startupReport} is set). */
    static boolean enabled() {
        return FILE != null;
    }

    private static void report(String milestone, AtomicBoolean done) {
        if (FILE == null || !done.compareAndSet(false, true)) {
            return;
        }
        String line = milestone + " " + System.currentTimeMillis() + "\n";
        String launched = System.getProperty("perturber.launchedAt");
        if (launched != null && LAUNCHED.compareAndSet(false, true)) {
            line = "launched " + launched + "\n" + line; // the launcher's start, for the benchmark to measure from
        }
        try {
            Files.writeString(Path.of(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("perturber: could not write the start-up report " + FILE + ": " + e);
        }
        Runnable action = afterBoth;
        if (SCENE.get() && PREDICTIONS.get() && action != null && DONE.compareAndSet(false, true)) {
            action.run();
        }
    }
}
