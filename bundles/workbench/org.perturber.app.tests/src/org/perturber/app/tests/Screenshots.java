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

    static boolean enabled() {
        String dir = System.getProperty("perturber.screenshots");
        return dir != null && !dir.isBlank();
    }

    static void take(String name) throws InterruptedException {
        take(name, null);
    }

    /** The screen, or the part of it in {@code crop} (a window's bounds). */
    static void take(String name, org.eclipse.swt.graphics.Rectangle crop) throws InterruptedException {
        if (!enabled()) {
            return;
        }
        String dir = System.getProperty("perturber.screenshots");
        Thread.sleep(1500); // the last paints reach the X server
        try {
            Files.createDirectories(Path.of(dir));
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("import", "-window",
                    "root"));
            if (crop != null) {
                command.addAll(java.util.List.of("-crop", crop.width + "x" + crop.height + "+" + crop.x + "+"
                        + crop.y, "+repage"));
            }
            command.add(Path.of(dir, name + ".png").toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
