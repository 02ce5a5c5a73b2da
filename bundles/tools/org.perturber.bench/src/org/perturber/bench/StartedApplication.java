package org.perturber.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code releng/perturber bench started}: the start-up benchmark's floor. It only records when it started, so that
 * launcher, JVM and Equinox up to an application's start are measured on their own, with the launcher, JVM options
 * and configuration of the workbench's starts. With {@code -Dperturber.startupReport=FILE} it appends
 * {@code launched <ms>} (the launcher's start, {@code -Dperturber.launchedAt}) and {@code started <ms>} (epoch
 * milliseconds) to FILE; without, it prints the difference.
 */
public class StartedApplication implements IApplication {
    @Override
    public Object start(IApplicationContext context) throws Exception {
        long now = System.currentTimeMillis();
        context.applicationRunning();
        String launched = System.getProperty("perturber.launchedAt", "");
        String file = System.getProperty("perturber.startupReport");
        if (file == null) {
            System.out.println(launched.isEmpty() ? "started" : "started " + (now - Long.parseLong(launched))
                    + " ms after the launcher's start");
            return EXIT_OK;
        }
        Files.writeString(Path.of(file), (launched.isEmpty() ? "" : "launched " + launched + "\n") + "started " + now
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return EXIT_OK;
    }

    @Override
    public void stop() {
    }
}
