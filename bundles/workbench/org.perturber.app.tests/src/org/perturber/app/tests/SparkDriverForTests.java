package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's real Spark driver for the workbench tests, which run before the reactor builds the product: the
 * driver ({@code releng/perturber sweep --spark}) is given, as its Perturber product ({@code PERTURBER_HOME}), a
 * folder made of this test runtime's own bundles (its config.ini, the framework and launcher jars it names), and
 * {@code PERTURBER_SPARK} names the driver's build in the source tree, built here first when missing, with the
 * launcher's own command ({@code releng/lib/spark-build -DskipTests package}; offline when the test build is).
 */
final class SparkDriverForTests {
    /** Settings of the test runtime the driver's Equinox must not get: the test's own harness and bundle. */
    private static final List<String> LEFT_OUT = List.of("org.eclipse.equinox.simpleconfigurator",
            "org.eclipse.tycho.surefire", "org.perturber.app.tests");
    private static Map<String, String> environment;

    private SparkDriverForTests() {
    }

    /** The variables the Sweeps view gives the driver's process (made once per test JVM). */
    static synchronized Map<String, String> environment() throws IOException, InterruptedException {
        if (environment == null) {
            Path root = Path.of(System.getProperty("perturber.root")).toAbsolutePath().normalize();
            environment = Map.of("PERTURBER_HOME", product().toString(), "PERTURBER_SPARK", driver(root).toString());
        }
        return environment;
    }

    /** releng/org.perturber.spark/target, with perturber-spark.jar and spark-jars/: built when missing. */
    private static Path driver(Path root) throws IOException, InterruptedException {
        Path target = root.resolve("releng/org.perturber.spark/target");
        if (Files.isRegularFile(target.resolve("perturber-spark.jar")) && Files.isDirectory(target.resolve(
                "spark-jars"))) {
            return target;
        }
        Path log = Files.createTempFile("perturber-spark-build-", ".log");
        Process build = new ProcessBuilder(root.resolve("releng/lib/spark-build").toString(), "offline=" + Boolean
                .getBoolean("perturber.test.offline"), "-q", "-DskipTests", "package").directory(root.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            fail("releng/lib/spark-build took over 15 minutes; its output: " + log);
        }
        if (build.exitValue() != 0) {
            fail("releng/lib/spark-build failed (exit " + build.exitValue() + "): " + Files.readString(log));
        }
        return target;
    }

    /**
     * A Perturber product folder of this test runtime's bundles: configuration/config.ini with its osgi.bundles
     * (absolute references, which the driver's runtime keeps as they are), and in plugins/ the two jars the
     * launcher and the driver look for there by name: the framework and the Equinox launcher.
     */
    private static Path product() throws IOException {
        Path ini = area("osgi.configuration.area").resolve("config.ini");
        Properties test = new Properties();
        try (Reader r = Files.newBufferedReader(ini, StandardCharsets.ISO_8859_1)) {
            test.load(r);
        }
        Path home = Files.createTempDirectory("perturber-spark-product-");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path framework = Path.of(URI.create(test.getProperty("osgi.framework")));
        Files.createSymbolicLink(plugins.resolve("org.eclipse.osgi_" + version(framework, "org.eclipse.osgi")
                + ".jar"), framework);
        List<String> bundles = new ArrayList<>();
        Path launcher = null;
        for (String entry : test.getProperty("osgi.bundles", "").split(",")) {
            String location = entry.replaceFirst("^reference:", "").replaceFirst("@.*$", "");
            String file = location.substring(location.lastIndexOf('/') + 1);
            if (file.startsWith("org.eclipse.equinox.launcher") && file.endsWith(".jar") && !file.contains(".gtk.")) {
                launcher = Path.of(URI.create(location));
            }
            if (LEFT_OUT.stream().noneMatch(location::contains)) {
                bundles.add(entry);
            }
        }
        if (launcher == null) {
            fail("no org.eclipse.equinox.launcher jar among the test runtime's bundles");
        }
        Files.createSymbolicLink(plugins.resolve("org.eclipse.equinox.launcher_" + version(launcher,
                "org.eclipse.equinox.launcher") + ".jar"), launcher);
        Properties config = new Properties();
        config.setProperty("osgi.bundles", String.join(",", bundles));
        config.setProperty("osgi.bundles.defaultStartLevel", test.getProperty("osgi.bundles.defaultStartLevel",
                "4"));
        Path configuration = Files.createDirectories(home.resolve("configuration"));
        try (Writer w = Files.newBufferedWriter(configuration.resolve("config.ini"), StandardCharsets.ISO_8859_1)) {
            config.store(w, "the workbench test runtime's bundles, for the Spark driver");
        }
        return home;
    }

    /** The version in a Maven jar's name (org.eclipse.osgi-3.24.300.jar: 3.24.300). */
    private static String version(Path jar, String name) {
        String file = jar.getFileName().toString();
        return file.substring(name.length() + 1, file.length() - ".jar".length());
    }

    private static Path area(String property) {
        String url = System.getProperty(property);
        if (url == null || !url.startsWith("file:")) {
            throw new IllegalStateException(property + " is " + url + ": not a test runtime started from files");
        }
        return Path.of(URI.create(url.replace(" ", "%20")));
    }
}
