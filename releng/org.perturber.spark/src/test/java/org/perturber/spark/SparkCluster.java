package org.perturber.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1, started from the Spark jars on Maven Central that the build copied
 * (target/spark-jars): a master and {@code workers} workers, one core each, as child processes of the test, each
 * worker launching its executors from a SPARK_HOME whose jars/ are those jars. {@link #killWorker} kills a worker
 * and its executor at once (SIGKILL), as a machine dying; {@link #close} kills every process left.
 */
final class SparkCluster implements AutoCloseable {
    static final Path SPARK_JARS = Path.of(System.getProperty("perturber.sparkJars", "target/spark-jars"))
            .toAbsolutePath().normalize();
    /** What a worker offers: an executor (1g by default), with room to spare, on a 24 GiB machine. */
    private static final String WORKER_MEMORY = "3g";
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final Path sparkHome;
    private int masterPort;
    private int masterWebPort;
    private Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();
    /** Kills the cluster if the test's JVM ends without closing it (a fork timed out, a Ctrl-C). */
    private final Thread onExit = new Thread(this::killAll, "spark-cluster-kill");

    /**
     * Starts the master and the workers (in {@code dir}: logs, SPARK_HOME, the workers' work folders) and returns
     * once every worker registered with the master; kills what it started when they do not within two minutes.
     */
    static SparkCluster start(Path dir, int workers) throws IOException, InterruptedException {
        SparkCluster cluster = new SparkCluster(dir);
        Runtime.getRuntime().addShutdownHook(cluster.onExit);
        try {
            cluster.launch(workers);
            cluster.awaitWorkers(workers, TimeUnit.MINUTES.toMillis(2));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private SparkCluster(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        String[] jars = SPARK_JARS.toFile().list();
        if (jars == null || Stream.of(jars).noneMatch(n -> n.startsWith("spark-core_"))) {
            throw new IOException(SPARK_JARS + " holds no spark-core jar (releng/lib/spark-build package)");
        }
        // a worker launches executors from SPARK_HOME/jars, with the JDK of JAVA_HOME
        sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createSymbolicLink(sparkHome.resolve("jars"), SPARK_JARS);
    }

    private void launch(int workerCount) throws IOException {
        int[] ports = freePorts(2 + 2 * workerCount);
        masterPort = ports[0];
        masterWebPort = ports[1];
        master = launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(masterWebPort)));
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            workDirs.add(work);
            workers.add(launch("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", String.valueOf(ports[2 + 2 * i]), "--webui-port", String.valueOf(ports[3 + 2 * i]),
                    "--cores", "1", "--memory", WORKER_MEMORY, "--work-dir", work.toString(), master())));
        }
    }

    /** The master's URL, for {@code --spark}. */
    String master() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Worker i's work folder: one folder per application, one below it per executor (its working folder). */
    Path workDir(int worker) {
        return workDirs.get(worker);
    }

    /** Worker i's process. */
    ProcessHandle worker(int worker) {
        return workers.get(worker).toHandle();
    }

    /** The executor JVMs worker i runs now (its child processes). */
    List<ProcessHandle> executors(int worker) {
        return worker(worker).descendants().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * What the executors of worker i's newest application printed so far (their stderr, Spark's INFO lines: the
     * tasks each started and finished). An application's folder is named by its start, so the newest sorts last.
     */
    String executorLog(int worker) throws IOException {
        Path app;
        try (Stream<Path> apps = Files.list(workDir(worker))) {
            app = apps.filter(p -> p.getFileName().toString().startsWith("app-")).max(Path::compareTo).orElse(null);
        }
        if (app == null) {
            return "";
        }
        StringBuilder log = new StringBuilder();
        try (Stream<Path> executors = Files.list(app)) {
            for (Path executor : executors.sorted().toList()) {
                Path stderr = executor.resolve("stderr");
                if (Files.isRegularFile(stderr)) {
                    log.append(Files.readString(stderr, StandardCharsets.UTF_8));
                }
            }
        }
        return log.toString();
    }

    /** What the master's or a worker's process printed so far (its log). */
    String log(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /**
     * Kills worker i and every process under it (its executors) at once with SIGKILL, as a machine dying: no
     * shutdown hook runs, nothing says goodbye (the master and the driver only see connections drop); returns when
     * they are gone.
     */
    void killWorker(int worker) {
        kill(workers.get(worker));
    }

    /** The master's view (its web UI's JSON): alive workers. */
    int aliveWorkers() throws IOException {
        try (InputStream in = URI.create("http://127.0.0.1:" + masterWebPort + "/json/").toURL().openStream()) {
            Matcher m = ALIVE_WORKERS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }

    private void awaitWorkers(int count, long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            for (Process p : daemons()) {
                if (!p.isAlive()) {
                    throw new IOException("a Spark daemon exited with " + p.exitValue() + " while starting:\n" + logs());
                }
            }
            try {
                if (aliveWorkers() == count) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's web UI is not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException(count + " workers did not register with the master in " + millis / 1000
                        + " s:\n" + logs());
            }
            Thread.sleep(250);
        }
    }

    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        all.append("--- master\n").append(log("master"));
        for (int i = 0; i < workers.size(); i++) {
            all.append("--- worker-").append(i).append('\n').append(log("worker-" + i));
        }
        return all.toString();
    }

    private List<Process> daemons() {
        List<Process> all = new ArrayList<>(workers);
        if (master != null) {
            all.add(master);
        }
        return all;
    }

    private Process launch(String name, List<String> mainAndArguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Spark's own module options (what spark-class gives its daemons), as the launcher gives the driver
        command.add("@" + Perturber.SOURCE.resolve("releng/lib/spark-jvm-options"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(SPARK_JARS + "/*");
        command.addAll(mainAndArguments);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // the daemons' own configuration, never one of the machine's
        pb.environment().put("SPARK_CONF_DIR", Files.createDirectories(dir.resolve("conf")).toString());
        return pb.start();
    }

    /** Ports free now on 127.0.0.1, all different (held open together while they are picked). */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static void kill(Process p) {
        // the children listed while the parent still holds them: an orphaned executor would be nobody's descendant
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitDeath(tree);
    }

    /** Waits for SIGKILLed processes to be gone (an interrupt is kept for the caller: they die all the same). */
    private static void awaitDeath(List<ProcessHandle> processes) {
        boolean interrupted = false;
        for (ProcessHandle h : processes) {
            while (true) {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("process " + h.pid() + " did not die on SIGKILL", e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills every process of the cluster still alive: the workers with their executors, the master, and any
     * process that still runs from this cluster's folder (an executor a worker launched while it was being killed).
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException exiting) {
            // the hook runs (or ran) already
        }
        killAll();
        try {
            // the link to the build's jars, which JUnit would otherwise warn about when it removes the test's folder
            Files.deleteIfExists(sparkHome.resolve("jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void killAll() {
        daemons().forEach(SparkCluster::kill);
        String folder = dir.toString() + "/";
        List<ProcessHandle> strays = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c
                .contains(folder)).orElse(false)).toList();
        strays.forEach(ProcessHandle::destroyForcibly);
        awaitDeath(strays);
    }
}
