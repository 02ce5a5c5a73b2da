package org.perturber.app.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Screenshots of the X display for the README, taken only when {@code -Dperturber.screenshots=DIR} is given
 * (through {@code perturber.test.vmargs}): {@code import -window root DIR/NAME.png}. They prove nothing and assert
 * nothing; a failure to take one is printed, never a test failure.
 */
final class Screenshots {
    private Screenshots() {
    }

    static void take(String name) throws InterruptedException {
        String dir = System.getProperty("perturber.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Thread.sleep(1500); // the last paints reach the X server
        try {
            Files.createDirectories(Path.of(dir));
            Process p = new ProcessBuilder("import", "-window", "root", Path.of(dir, name + ".png").toString())
                    .redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                System.err.println("screenshot " + name + " took over 60 s");
            } else if (p.exitValue() != 0) {
                System.err.println("screenshot " + name + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }
}
