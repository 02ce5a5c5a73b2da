package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perturber.app.SparkDriver;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.SweepPart;
import org.perturber.sweep.SweepSpec;

/**
 * Issue 22: sweeps started from the Sweeps view run on Apache Spark when a Spark master is set in Window >
 * Preferences: through the launcher's real Spark driver (a child process, local[2]), with its progress (chunks,
 * samples/s, time left) in the view, Stop ending the process and leaving a folder that resumes, and at the end the
 * same summary as the same sweep run in the workbench.
 */
class SparkSweepsViewTest extends WorkbenchTest {
    private static final String SWEEPS = "org.perturber.app.part.sweeps";
    private static final String PERTURBATIONS = "org.perturber.app.part.perturbations";
    private static final Pattern SHOWN_PROGRESS = Pattern.compile(".* on Spark local\\[2\\]: \\d+/\\d+ chunks, "
            + "\\d+/\\d+ samples \\(\\d+%\\), .*");

    @AfterEach
    void noSpark() throws Exception {
        var node = WorkbenchPreferences.node();
        node.remove(WorkbenchPreferences.SPARK_MASTER);
        node.remove(WorkbenchPreferences.SPARK_INPUTS);
        node.remove(WorkbenchPreferences.SWEEP_OUTPUT_FOLDER);
        node.flush();
    }

    private static String spec(String output, String vary, int views) {
        return """
                {
                  "name": "noise",
                  "seed": 7,
                  "objects": ["mug", "chair"],
                  "views": %d,
                  "models": ["standard"],
                  "vary": [%s],
                  "design": "grid",
                  "metrics": ["top1", "true-class-probability", "flip"],
                  "output": "%s"
                }
                """.formatted(views, vary, output);
    }

    /** 6 levels x 2 objects x 6 views = 72 samples: chunks of 32, 32 and 8. */
    private static Path smallSweep(Path dir, String output) throws Exception {
        return Files.writeString(dir.resolve(output + ".json"), spec("results/" + output, """
                {"perturbation": "image.gaussianNoise", "parameter": "severity", "values": [0, 1, 2, 3, 4, 5]}""",
                6));
    }

    private Button button(String text) throws InterruptedException {
        Control root = wb.ui(() -> (Control) wb.part(SWEEPS).getWidget());
        return wb.ui(() -> RunningWorkbench.controls(root, Button.class).stream().filter(b -> b.getText().equals(
                text)).findFirst().orElseThrow());
    }

    /** Selects the sweep file (as Open... adds it) and presses Run, as the user does. */
    private void run(SweepPart sweeps, Path spec) throws InterruptedException {
        wb.ui(() -> sweeps.addSpec(spec));
        Button run = button("Run");
        wb.ui(() -> RunningWorkbench.click(run));
    }

    private void awaitEnd(SweepPart sweeps, List<String> seen) throws InterruptedException {
        Button run = button("Run");
        wb.await("the sweep's end", () -> {
            String s = sweeps.status();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                seen.add(s);
            }
            return run.isEnabled() && !sweeps.sweeping() && (s.contains("done") || s.contains("fail") || s
                    .contains("stopped"));
        });
    }

    private List<List<String>> table(SweepPart sweeps) {
        return wb.ui(() -> {
            List<List<String>> rows = new ArrayList<>();
            int columns = sweeps.resultsTable().getColumnCount();
            for (TableItem item : sweeps.resultsTable().getItems()) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    row.add(item.getText(c));
                }
                rows.add(row);
            }
            return rows;
        });
    }

    /** The Spark driver's JVM among this test's descendants (started by the Sweeps view), if one runs. */
    private static Optional<ProcessHandle> driverProcess() {
        return ProcessHandle.current().descendants().filter(p -> p.info().arguments().map(a -> List.of(a).contains(
                "org.perturber.spark.SparkSweep")).orElse(false)).findFirst();
    }

    private void setMaster(String master) throws Exception {
        WorkbenchPreferences.node().put(WorkbenchPreferences.SPARK_MASTER, master);
        WorkbenchPreferences.node().flush();
    }

    @Test
    void theSparkMasterIsCheckedAsTypedAndKeptInThePreferences() throws Exception {
        for (String good : List.of("", "local", "local[2]", "local[*]", "local[4,2]", "spark://10.0.0.5:7077",
                "spark://a:7077,b:7077", "k8s://https://api.lab:6443", "yarn")) {
            assertNull(WorkbenchPreferences.sparkMasterProblem(good), good);
        }
        for (String bad : List.of("local[0]", "local[two]", "spark://host", "spark://host:99999", "k8s://",
                "mesos://m:5050", "yarn-cluster", "localhost:7077")) {
            assertNotNull(WorkbenchPreferences.sparkMasterProblem(bad), bad);
        }
        wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Preferences...")));
        Shell dialog = wb.shell("Preferences");
        Text master = wb.ui(() -> RunningWorkbench.controls(dialog, Text.class).stream().filter(t -> t.getMessage()
                .startsWith("empty: sweeps run in the workbench")).findFirst().orElseThrow());
        Button ok = wb.ui(() -> RunningWorkbench.controls(dialog, Button.class).stream().filter(b -> b.getText()
                .replace("&", "").equals("OK")).findFirst().orElseThrow());
        assertEquals("", wb.ui(() -> master.getText()), "no master: sweeps run in the workbench");
        wb.ui(() -> master.setText("spark://lab-master"));
        assertTrue(wb.ui(() -> problemShown(dialog)).contains("spark://HOST:PORT"), wb.ui(() -> problemShown(
                dialog)));
        assertFalse(wb.ui(() -> ok.isEnabled()), "OK held back while the master is wrong");
        wb.ui(() -> master.setText("local[2]"));
        assertEquals("", wb.ui(() -> problemShown(dialog)));
        assertTrue(wb.ui(() -> ok.isEnabled()));
        wb.ui(() -> {
            var inputs = RunningWorkbench.controls(dialog, org.eclipse.swt.widgets.Combo.class).stream().filter(c -> c
                    .getItem(0).startsWith("default (shared")).findFirst().orElseThrow();
            inputs.select(1);
            RunningWorkbench.click(ok);
        });
        wb.await("the dialog to close", dialog::isDisposed);
        assertEquals("local[2]", WorkbenchPreferences.node().get(WorkbenchPreferences.SPARK_MASTER, null));
        assertEquals("ship", WorkbenchPreferences.sparkInputs());

        // shown again as kept; emptied, sweeps run in the workbench again
        wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Preferences...")));
        Shell again = wb.shell("Preferences");
        wb.ui(() -> {
            Text field = RunningWorkbench.controls(again, Text.class).stream().filter(t -> t.getMessage().startsWith(
                    "empty: sweeps run")).findFirst().orElseThrow();
            assertEquals("local[2]", field.getText());
            field.setText("");
            RunningWorkbench.controls(again, Button.class).stream().filter(b -> b.getText().replace("&", "").equals(
                    "OK")).findFirst().orElseThrow().notifyListeners(SWT.Selection, new Event());
        });
        wb.await("the dialog to close", again::isDisposed);
        assertEquals("", WorkbenchPreferences.sparkMaster());
    }

    private static String problemShown(Shell dialog) {
        // the label beside the master's field: the only dark red one in the dialog
        return RunningWorkbench.controls(dialog, Label.class).stream().filter(l -> l.getForeground().equals(l
                .getDisplay().getSystemColor(SWT.COLOR_DARK_RED))).findFirst().orElseThrow().getText();
    }

    @Test
    void aSweepOnSparkShowsItsChunksAndEndsWithTheSameSummaryAsInTheWorkbench() throws Exception {
        SweepPart sweeps = wb.show(SWEEPS);
        var environment = SparkDriverForTests.environment();
        wb.ui(() -> sweeps.sparkEnvironment(environment));
        Path dir = Files.createTempDirectory("perturber-spark-view");
        setMaster("local[2]");
        run(sweeps, smallSweep(dir, "on-spark"));
        List<String> seen = new ArrayList<>();
        List<String> marker = new ArrayList<>();
        wb.await("the driver's first progress line in the view", () -> {
            if (sweeps.staleShown()) {
                marker.add(sweeps.staleText());
            }
            return sweeps.sparkProgress() != null;
        });
        assertTrue(driverProcess().isPresent(), "the Spark driver runs as a child process of the workbench");
        wb.await("the progress in the view's marker", () -> {
            marker.add(sweeps.staleText());
            return sweeps.staleText().contains("on Spark local[2]: ") || !sweeps.staleShown();
        });
        awaitEnd(sweeps, seen);
        String status = wb.ui(sweeps::status);
        assertTrue(status.startsWith("Sweep noise done on Spark local[2]: "), status + "; seen: " + seen);
        assertTrue(seen.stream().anyMatch(s -> SHOWN_PROGRESS.matcher(s).matches()), "chunks in the view: " + seen);
        SparkDriver.Progress last = sweeps.sparkProgress();
        assertEquals(List.of(3, 3, 72, 72), List.of(last.chunksDone(), last.chunks(), last.done(), last.total()),
                "" + last);
        assertTrue(last.samplesPerSecond() > 0 && last.toString().contains("samples/s"), "" + last);
        assertTrue(marker.stream().anyMatch(m -> m.contains("chunks")), "the marker's progress: " + marker);
        assertTrue(driverProcess().isEmpty(), "the driver ended");
        Path spark = dir.resolve("results/on-spark");
        assertEquals(spark, sweeps.resultsFolder());
        assertEquals(spark.toString(), wb.ui(() -> sweeps.resultsPath().getText()));
        List<List<String>> sparkTable = table(sweeps);
        assertTrue(hasPlots(spark), "the driver's plots");

        // the same sweep in the workbench (no master): the same rows, summary and table
        setMaster("");
        seen.clear();
        run(sweeps, smallSweep(dir, "here"));
        awaitEnd(sweeps, seen);
        status = wb.ui(sweeps::status);
        assertTrue(status.startsWith("Sweep noise done: "), status);
        assertTrue(seen.stream().noneMatch(s -> s.contains("Spark")), "" + seen);
        Path here = dir.resolve("results/here");
        assertArrayEquals(Files.readAllBytes(here.resolve("samples.csv")), Files.readAllBytes(spark.resolve(
                "samples.csv")), "samples.csv, byte for byte");
        assertArrayEquals(Files.readAllBytes(here.resolve("summary.csv")), Files.readAllBytes(spark.resolve(
                "summary.csv")), "summary.csv, byte for byte");
        assertEquals(table(sweeps), sparkTable, "the view's summary table");
        assertEquals(6, sparkTable.size(), "6 levels of 1 model: " + sparkTable);
    }

    private static boolean hasPlots(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.toString().endsWith(".png"));
        }
    }

    @Test
    void aDriverThatFailsIsOneLineInTheViewWithItsStderr() throws Exception {
        SweepPart sweeps = wb.show(SWEEPS);
        // a Perturber product that is none: the launcher starts the driver, whose runtime refuses the folder
        Path notAProduct = Files.createTempDirectory("perturber-not-a-product");
        Files.createDirectories(notAProduct.resolve("plugins"));
        Files.writeString(notAProduct.resolve("plugins/org.eclipse.equinox.launcher_1.0.0.jar"), "");
        var environment = new java.util.HashMap<>(SparkDriverForTests.environment());
        environment.put("PERTURBER_HOME", notAProduct.toString());
        wb.ui(() -> sweeps.sparkEnvironment(environment));
        try {
            Path dir = Files.createTempDirectory("perturber-spark-fails");
            setMaster("local[2]");
            run(sweeps, smallSweep(dir, "fails"));
            awaitEnd(sweeps, new ArrayList<>());
            String status = wb.ui(sweeps::status);
            assertTrue(status.startsWith("Sweep noise failed on Spark local[2]: the Spark driver ended with exit code "
                    + "2: sweep: " + notAProduct + " is not a Perturber product folder"), status);
            assertFalse(status.contains("\n"), "one line: " + status);
            assertTrue(driverProcess().isEmpty());
            assertFalse(Files.exists(dir.resolve("results/fails/samples.csv")), "nothing ran");
        } finally {
            var working = SparkDriverForTests.environment();
            wb.ui(() -> sweeps.sparkEnvironment(working));
        }
    }

    @Test
    void stopEndsTheDriverAndTheFolderResumes() throws Exception {
        SweepPart sweeps = wb.show(SWEEPS);
        var environment = SparkDriverForTests.environment();
        wb.ui(() -> sweeps.sparkEnvironment(environment));
        Path dir = Files.createTempDirectory("perturber-spark-stop");
        // 16 levels x 2 objects x 16 views = 512 samples: 16 chunks (several seconds even at 100 samples/s)
        Path spec = Files.writeString(dir.resolve("long.json"), spec("results/long", """
                {"perturbation": "image.gaussianNoise", "parameter": "severity", "from": 0, "to": 5, "steps": 16}""",
                16));
        setMaster("local[2]");
        run(sweeps, spec);
        stopMidway(sweeps, dir);
        readmeScreenshot(sweeps, dir);
    }

    /**
     * With -Dperturber.screenshots: the Sweeps view, made large, while a longer sweep (1,024 samples, 32 chunks)
     * runs on Spark, once some chunks are in; then stopped.
     */
    private void readmeScreenshot(SweepPart sweeps, Path dir) throws Exception {
        if (!Screenshots.enabled()) {
            return;
        }
        Path spec = Files.writeString(dir.resolve("screenshot.json"), spec("results/screenshot", """
                {"perturbation": "image.gaussianNoise", "parameter": "severity", "from": 0, "to": 5, "steps": 16}""",
                32));
        setMaster("local[2]");
        Runnable restore = largeSweepsView();
        try {
            run(sweeps, spec);
            wb.await("a few chunks on Spark", () -> sweeps.sparkProgress() != null && sweeps.sparkProgress()
                    .chunksDone() >= 6);
            RunningWorkbench.pointer(1270, 1010); // no tool tip in the picture
            Screenshots.take("sweeps-spark", wb.ui(() -> ((Shell) wb.window().getWidget()).getBounds()));
            Button stop = button("Stop");
            wb.ui(() -> RunningWorkbench.click(stop));
            awaitEnd(sweeps, new ArrayList<>());
        } finally {
            restore.run();
        }
    }

    /** For the README's screenshot: the window and the bottom row (the Sweeps view) large; the way back. */
    private Runnable largeSweepsView() {
        if (!Screenshots.enabled()) {
            return () -> {
            };
        }
        EModelService models = wb.application().getContext().get(EModelService.class);
        List<MUIElement> sashes = wb.ui(() -> Stream.of("org.perturber.app.explore.columns",
                "org.perturber.app.explore.bottomRow", "org.perturber.app.explore.bottom",
                "org.perturber.app.explore.curve").map(id -> models.find(id, wb.window())).toList());
        List<String> was = wb.ui(() -> sashes.stream().map(MUIElement::getContainerData).toList());
        List<String> shares = List.of("38", "62", "70", "30");
        Shell shell = wb.ui(() -> (Shell) wb.window().getWidget());
        Rectangle before = wb.ui(shell::getBounds);
        wb.ui(() -> {
            shell.setBounds(new Rectangle(0, 0, 1260, 900));
            for (int i = 0; i < sashes.size(); i++) {
                sashes.get(i).setContainerData(shares.get(i));
            }
            shell.layout(true, true);
        });
        return () -> wb.ui(() -> {
            for (int i = 0; i < sashes.size(); i++) {
                sashes.get(i).setContainerData(was.get(i));
            }
            shell.setBounds(before);
        });
    }

    private void stopMidway(SweepPart sweeps, Path dir) throws Exception {
        Path samples = dir.resolve("results/long/samples.csv");
        // the first chunk on disk (the driver appends each as it comes back): Stop while the others run
        wb.await("a chunk written on Spark", () -> lines(samples) > 32);
        ProcessHandle driver = driverProcess().orElseThrow();
        assertTrue(driver.isAlive() && lines(samples) < 1 + 512, "still running: " + lines(samples) + " lines");
        Button stop = button("Stop");
        wb.ui(() -> RunningWorkbench.click(stop));
        List<String> seen = new ArrayList<>();
        awaitEnd(sweeps, seen);
        String status = wb.ui(sweeps::status);
        assertTrue(status.contains("stopped; Run resumes it"), status);
        assertFalse(driver.isAlive(), "the driver's process ended");
        assertTrue(driverProcess().isEmpty());
        List<String> written = Files.readAllLines(samples);
        int rows = written.size() - 1;
        assertTrue(rows >= 32 && rows < 512, rows + " rows written before Stop");

        // Run again: the driver starts at the chunks written, and ends with every row
        Button run = button("Run");
        wb.ui(() -> RunningWorkbench.click(run));
        List<SparkDriver.Progress> progress = new ArrayList<>();
        wb.await("the resumed sweep's end", () -> {
            SparkDriver.Progress p = sweeps.sparkProgress();
            if (p != null && (progress.isEmpty() || progress.get(progress.size() - 1) != p)) {
                progress.add(p);
            }
            return run.isEnabled() && !sweeps.sweeping();
        });
        assertTrue(wb.ui(sweeps::status).startsWith("Sweep noise done on Spark local[2]: "), wb.ui(sweeps::status));
        int whole = rows / 32; // the whole chunks (a torn one would be computed again)
        assertEquals(List.of(whole, whole * 32), List.of(progress.get(0).chunksDone(), progress.get(0).done()),
                "resumed after the chunks written: " + progress);
        List<String> all = Files.readAllLines(samples);
        assertEquals(513, all.size(), "the header and 512 rows, none twice");
        assertEquals(written.subList(0, 1 + whole * 32), all.subList(0, 1 + whole * 32), "the rows written kept");
    }

    /** Lines in a file so far (0 when there is none yet). */
    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    @Test
    void aSessionSweepRunsOnSparkIntoTheFolderOfTheSameSweepHere() throws Exception {
        Path folder = Files.createTempDirectory("perturber-spark-session");
        WorkbenchPreferences.node().put(WorkbenchPreferences.SWEEP_OUTPUT_FOLDER, folder.toString());
        setMaster("local[2]");
        PerturbationsPart editor = wb.show(PERTURBATIONS);
        Control root = wb.ui(() -> (Control) wb.part(PERTURBATIONS).getWidget());
        wb.ui(() -> {
            Button add = RunningWorkbench.controls(root, Button.class).stream().filter(b -> b.getText().startsWith(
                    "Add perturbation")).findFirst().orElseThrow();
            RunningWorkbench.choose(add.getMenu(), "Image", "Fade to black");
        });
        wb.await("the new entry", () -> editor.entryCount() == 1);
        SweepPart sweeps = wb.show(SWEEPS);
        var environment = SparkDriverForTests.environment();
        wb.ui(() -> sweeps.sparkEnvironment(environment));
        wb.show(PERTURBATIONS);
        SweepSpec earlier = sweeps.running();
        wb.ui(() -> RunningWorkbench.click(RunningWorkbench.controls(root, Button.class).stream().filter(b -> b
                .getText().equals("Sweep")).findFirst().orElseThrow()));
        wb.await("the sweep's start", () -> sweeps.running() != earlier);
        List<String> seen = new ArrayList<>();
        awaitEnd(sweeps, seen);
        String status = wb.ui(sweeps::status);
        assertTrue(status.contains("done on Spark local[2]"), status + "; seen: " + seen);
        SweepSpec spec = sweeps.running();
        Path results = sweeps.resultsFolder();
        assertTrue(results.startsWith(folder), "" + results);
        assertEquals(spec.text(), Files.readString(results.resolve("spec.json")), "the driver's sweep of the saved "
                + "session is the view's: the same folder resumes here and there");
        assertTrue(Files.isRegularFile(results.resolveSibling(results.getFileName() + ".session.json")));
        assertEquals(11 * 4 + 1, Files.readAllLines(results.resolve("samples.csv")).size(), "11 levels x 4 views");
        assertEquals(11, table(sweeps).size(), "11 levels of the standard model");
    }
}
