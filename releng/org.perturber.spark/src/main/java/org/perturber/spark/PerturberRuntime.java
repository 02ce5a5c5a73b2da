package org.perturber.spark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Perturber's own OSGi runtime inside a Spark JVM (driver or executor): the installed product's Equinox, started once
 * per JVM from its plugins/ and configuration/ as the launcher would start it, with its own class loaders, so that
 * the sweep code running on an executor is the very code of {@code releng/perturber sweep} and Spark's jars (its
 * Jackson, Guava, log4j) and the bundles never see each other. Calls cross by reflection with JDK types only (see
 * {@code org.perturber.headless.DistributedSweep}).
 */
final class PerturberRuntime {
    /** The bundle holding the sweep's distributed side. */
    static final String HEADLESS = "org.perturber.headless";
    static final String DISTRIBUTED_SWEEP = "org.perturber.headless.DistributedSweep";

    private static PerturberRuntime started;
    /** Times this JVM started the runtime: once, however many tasks it runs. */
    private static int starts;

    private final Path home;
    private final Class<?> distributedSweep;
    private final Class<?> starter;

    private PerturberRuntime(Path home, Class<?> distributedSweep, Class<?> starter) {
        this.home = home;
        this.distributedSweep = distributedSweep;
        this.starter = starter;
    }

    /**
     * Stops this JVM's runtime, if one started (the driver, before it exits): its bundles stop in order, the
     * renderer closing its EGL display on its own thread, as when the product's command ends.
     */
    static synchronized void shutdown() {
        if (started != null) {
            try {
                started.starter.getMethod("shutdown").invoke(null);
            } catch (ReflectiveOperationException e) {
                System.err.println("sweep: Perturber's runtime did not stop cleanly: " + e);
            }
            started = null;
        }
    }

    /**
     * This JVM's runtime, started by the first call (a few seconds), from the product folder {@code home}; later
     * calls return it at once.
     *
     * @param models the built-in models' folder ({@code perturber.models}), or null for the product's models/
     */
    static synchronized PerturberRuntime get(Path home, String models) throws IOException {
        if (started != null) {
            if (!started.home.equals(home)) {
                throw new IllegalStateException("this JVM runs Perturber from " + started.home + ", not " + home);
            }
            return started;
        }
        started = start(home, models);
        starts++;
        return started;
    }

    /** How often this JVM started Perturber's runtime. */
    static synchronized int starts() {
        return starts;
    }

    private static PerturberRuntime start(Path home, String models) throws IOException {
        Path plugins = home.resolve("plugins");
        Path configIni = home.resolve("configuration").resolve("config.ini");
        if (!Files.isRegularFile(configIni) || !Files.isDirectory(plugins)) {
            throw new IOException(home + " is not a Perturber product folder (no plugins/ or configuration/config.ini)");
        }
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(configIni)) {
            config.load(in);
        }
        Path framework = plugin(plugins, "org.eclipse.osgi_");
        List<URL> classPath = new ArrayList<>(List.of(framework.toUri().toURL()));
        String extensions = config.getProperty("osgi.framework.extensions", "");
        List<String> extensionUrls = new ArrayList<>();
        for (String extension : extensions.split(",")) {
            if (!extension.isBlank()) {
                Path jar = plugins.resolve(extension.strip().replaceFirst("^reference:", "").replaceFirst("^file:",
                        ""));
                classPath.add(jar.toUri().toURL());
                extensionUrls.add("reference:" + jar.toUri());
            }
        }
        Path area = Files.createTempDirectory("perturber-spark-");
        // the framework's private configuration and workspace: gone with the JVM (deleteOnExit leaves a folder
        // that is not empty)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (java.util.stream.Stream<Path> files = Files.walk(area)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is all
            }
        }, "perturber-spark-cleanup"));
        Map<String, String> properties = new HashMap<>();
        properties.put("osgi.install.area", home.toUri().toString());
        properties.put("osgi.configuration.area", area.resolve("configuration").toUri().toString());
        properties.put("osgi.instance.area", area.resolve("workspace").toUri().toString());
        properties.put("osgi.user.area", area.resolve("user").toUri().toString());
        properties.put("osgi.framework", framework.toUri().toString());
        properties.put("osgi.syspath", plugins.toString());
        properties.put("osgi.framework.extensions", String.join(",", extensionUrls));
        properties.put("osgi.bundles", bundles(config.getProperty("osgi.bundles", ""), plugins));
        properties.put("osgi.bundles.defaultStartLevel", config.getProperty("osgi.bundles.defaultStartLevel", "4"));
        properties.put("org.eclipse.equinox.simpleconfigurator.configUrl", home.resolve("configuration").resolve(
                "org.eclipse.equinox.simpleconfigurator").resolve("bundles.info").toUri().toString());
        properties.put("eclipse.ignoreApp", "true");
        properties.put("osgi.noShutdown", "true");
        properties.put("osgi.clean", "true");
        properties.put("eclipse.consoleLog", "true");
        // what the launcher (releng/lib/launch.sh) gives the product's JVM
        System.setProperty("java.awt.headless", "true");
        System.setProperty("ai.djl.offline", "true");
        setIfAbsent("perturber.root", home.toString());
        setIfAbsent("perturber.models", models != null ? models : home.resolve("models").toString());
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");

        // the framework's own loader, whose parent is the platform's: none of Spark's jars
        @SuppressWarnings("resource") // lives as long as the JVM
        URLClassLoader loader = new URLClassLoader("perturber-equinox", classPath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> starter = Class.forName("org.eclipse.core.runtime.adaptor.EclipseStarter", true, loader);
            starter.getMethod("setInitialProperties", Map.class).invoke(null, properties);
            Object context = starter.getMethod("startup", String[].class, Runnable.class).invoke(null,
                    new String[] { "-consoleLog" }, null);
            Object bundle = null;
            for (Object b : (Object[]) call(context, "getBundles")) {
                if (HEADLESS.equals(call(b, "getSymbolicName"))) {
                    bundle = b;
                }
            }
            if (bundle == null) {
                throw new IOException(home + ": the product has no bundle " + HEADLESS);
            }
            Method loadClass = bundle.getClass().getMethod("loadClass", String.class);
            loadClass.setAccessible(true);
            return new PerturberRuntime(home, (Class<?>) loadClass.invoke(bundle, DISTRIBUTED_SWEEP), starter);
        } catch (InvocationTargetException e) {
            throw new IOException("Perturber's runtime did not start from " + home + ": " + e.getCause(), e
                    .getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("Perturber's runtime did not start from " + home + ": " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** config.ini's osgi.bundles with each relative jar made absolute (the launcher resolves them in plugins/). */
    private static String bundles(String list, Path plugins) throws MalformedURLException {
        List<String> out = new ArrayList<>();
        for (String entry : list.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int at = e.indexOf('@');
            String location = at < 0 ? e : e.substring(0, at);
            String tail = at < 0 ? "" : e.substring(at);
            String file = location.replaceFirst("^reference:", "").replaceFirst("^file:", "");
            out.add("reference:" + plugins.resolve(file).toUri().toURL() + tail);
        }
        return String.join(",", out);
    }

    private static Path plugin(Path plugins, String prefix) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(plugins, prefix + "*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IOException(plugins + " has no " + prefix + "*.jar");
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    /** A new driver side of a sweep (DistributedSweep(out, err)). */
    Object newDriver(java.io.PrintStream out, java.io.PrintStream err) throws ReflectiveOperationException {
        return distributedSweep.getConstructor(java.io.PrintStream.class, java.io.PrintStream.class).newInstance(out,
                err);
    }

    /**
     * Calls a public method of DistributedSweep (static when {@code target} is null) inside the runtime: with the
     * bundle's class loader as the thread's context loader, and the method's own exception rethrown as it is.
     */
    Object invoke(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = distributedSweep.getMethod(method, types);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(distributedSweep.getClassLoader());
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
