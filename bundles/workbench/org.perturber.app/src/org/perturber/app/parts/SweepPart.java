package org.perturber.app.parts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.perturber.app.BuiltinModels;
import org.perturber.app.SparkDriver;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Scene;
import org.perturber.core.session.SessionFile;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.core.render.SceneRenderer;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.SweepSpecReader;
import org.perturber.sweep.charts.SweepCharts;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Runs a sweep file from the workbench, as a Job with progress and cancel, and plots its summary while samples
 * arrive: the same runner, CSV and plots as {@code releng/perturber sweep}, so a sweep started here can be resumed
 * there and the other way round. Its results: the folder's path (selectable), a table of the summary and a button
 * opening the folder. Sweeps of the session (a stack entry's Sweep) write under the preference
 * {@value WorkbenchPreferences#SWEEP_OUTPUT_FOLDER} (empty: the workspace's {@code sweeps} folder).
 *
 * <p>
 * With a Spark master in the preferences ({@value WorkbenchPreferences#SPARK_MASTER}) every sweep runs through the
 * launcher's Spark driver as a child process ({@link SparkDriver}: {@code sweep --spark MASTER ...}) instead of in
 * the workbench: the view follows its progress lines (chunks, samples/s, time left), Stop ends it (the chunks
 * written stay, a later run resumes) and at the end the results are read back from the output folder. A session's
 * sweep is saved for it beside its results folder ({@code FOLDER.session.json}) and run with {@code --session}.
 */
public class SweepPart {
    private Combo specs;
    private Combo charts;
    private Button run;
    private Button stop;
    private Label status;
    private StaleMarker marker;
    private Text resultsPath;
    private Button openFolder;
    private Table results;
    private volatile Path resultsFolder;
    private volatile StaleMarker.Progress sweepProgress;
    private Canvas canvas;
    private Image plot;
    private Job job;
    private volatile Summary summary;
    private volatile SweepSpec running;
    private final List<Path> files = new ArrayList<>();
    private int plotsDrawn;
    private volatile Map<String, String> sparkEnvironment = Map.of();
    private volatile SparkDriver.Progress sparkProgress;

    @PostConstruct
    public void create(Composite parent) {
        parent.setLayout(new GridLayout(6, false));
        marker = new StaleMarker(parent, 6).meanwhile("the plot fills in as samples arrive");
        new Label(parent, SWT.NONE).setText("Sweep:");
        specs = new Combo(parent, SWT.READ_ONLY);
        GridData specsData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        specsData.widthHint = 140;
        specs.setLayoutData(specsData);
        for (Path p : examples()) {
            addSpec(p);
        }
        Button open = new Button(parent, SWT.PUSH);
        open.setText("Open...");
        open.addListener(SWT.Selection, e -> openSpec());
        run = new Button(parent, SWT.PUSH);
        run.setText("Run");
        run.setToolTipText("Run the sweep (resumes where an earlier run of the same spec stopped)");
        run.addListener(SWT.Selection, e -> start());
        stop = new Button(parent, SWT.PUSH);
        stop.setText("Stop");
        stop.setEnabled(false);
        stop.addListener(SWT.Selection, e -> job.cancel());
        charts = new Combo(parent, SWT.READ_ONLY);
        GridData chartsData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        chartsData.widthHint = 120;
        charts.setLayoutData(chartsData);
        charts.addListener(SWT.Selection, e -> redrawPlot());
        status = new Label(parent, SWT.NONE);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1);
        statusData.widthHint = 60; // elided to the view's width, never widens it
        status.setLayoutData(statusData);
        Ui.setElided(status, files.isEmpty() ? "No example sweeps found; open a sweep file (see README.md, Sweeps)"
                : "Choose a sweep and press Run; results go to the spec's output folder");
        Label resultsLabel = new Label(parent, SWT.NONE);
        resultsLabel.setText("Results:");
        resultsPath = new Text(parent, SWT.READ_ONLY | SWT.SINGLE);
        GridData pathData = new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1);
        pathData.widthHint = 60;
        resultsPath.setLayoutData(pathData);
        resultsPath.setText("(none yet)");
        resultsPath.setToolTipText("The folder the last sweep wrote (samples.csv, summary.csv, plots); select to copy");
        openFolder = new Button(parent, SWT.PUSH);
        openFolder.setText("Open folder");
        openFolder.setToolTipText("Open the results folder in the desktop's file manager");
        openFolder.setEnabled(false);
        openFolder.addListener(SWT.Selection, e -> openResultsFolder());
        SashForm split = new SashForm(parent, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        canvas = new Canvas(split, SWT.DOUBLE_BUFFERED);
        results = new Table(split, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        results.setHeaderVisible(true);
        results.setLinesVisible(true);
        results.setToolTipText("The summary of the last sweep (summary.csv): per level and model, the mean of each "
                + "metric");
        split.setWeights(65, 35);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> redrawPlot());
        if (!files.isEmpty()) {
            specs.select(0);
        }
    }

    /** The example sweeps shipped in releng/sweeps (the launcher names the folder). */
    private static List<Path> examples() {
        Path dir = Path.of(System.getProperty("perturber.sweeps", "releng/sweeps"));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Adds a sweep file to the list and selects it. */
    public void addSpec(Path p) {
        files.add(p);
        specs.add(p.getFileName().toString());
        specs.select(files.size() - 1);
    }

    private void openSpec() {
        FileDialog dialog = new FileDialog(canvas.getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] { "*.json", "*" });
        String chosen = dialog.open();
        if (chosen != null) {
            addSpec(Path.of(chosen));
        }
    }

    /** Starts the selected sweep (tests call this too). */
    public void start() {
        int i = specs.getSelectionIndex();
        if (i < 0) {
            return;
        }
        Path file = files.get(i);
        start(file.getFileName().toString(), (registry, objects) -> new SweepSpecReader(registry, objects
                .builtinIds(), BuiltinModels.directory()).read(file), spec -> List.of(file.toAbsolutePath()
                        .normalize().toString(), "--models", BuiltinModels.directory().toAbsolutePath().normalize()
                                .toString()));
    }

    /**
     * Sweeps one parameter around the session as it is now (its scene, stack and active models), built in memory
     * with {@link SessionSweeps}, from 4 views; the results go to one folder per distinct sweep under
     * {@link #outputRoot()}, so the same sweep resumes there.
     */
    public void startSession(Scene scene, PerturbationStack stack, List<LoadedModel> models,
            SessionSweeps.Vary factor) {
        List<Path> dirs = models.stream().map(LoadedModel::location).toList();
        Path parent = outputRoot();
        String what = factor.perturbation().substring(factor.perturbation().lastIndexOf('.') + 1) + "." + factor
                .parameter();
        start(what, (registry, objects) -> {
            return inOwnFolder(new SessionSweeps(registry).vary(scene, stack, dirs, factor, 4, parent), parent);
        }, spec -> sessionArguments(spec, scene, stack, models, List.of("--vary", factor.text(), "--views", "4")));
    }

    /**
     * Runs a corruption suite around the session as it is now (the Corruptions view's "Run ImageNet-C"): every
     * corruption of {@code suite} at every severity on top of {@code stack}, from {@code views} views, on the active
     * models, with corruption errors normalised by {@code baseline}; built in memory with {@link SessionSweeps}, into
     * one folder per distinct sweep under {@link #outputRoot()}, so the same sweep resumes there.
     */
    public void startSuite(Scene scene, PerturbationStack stack, List<LoadedModel> models, String suite,
            LoadedModel baseline, int views, long seed) {
        List<Path> dirs = models.stream().map(LoadedModel::location).toList();
        Path parent = outputRoot();
        start(suite, (registry, objects) -> {
            return inOwnFolder(new SessionSweeps(registry).corruptionSuite(scene, stack, dirs, suite, baseline
                    .location(), views, seed, parent), parent);
        }, spec -> sessionArguments(spec, scene, stack, models, List.of("--suite", suite, "--baseline", baseline
                .location().toAbsolutePath().normalize().toString(), "--seed", Long.toString(seed), "--views", Integer
                        .toString(views))));
    }

    /**
     * The Spark driver's arguments for a session's sweep: the session saved beside the results folder (the
     * command line sweeps a session file; the same scene, stack and models give the same spec, so the same folder
     * resumes, here or by hand), the factor or suite, and that folder. The session's files lie where the workbench
     * read them, outside that file's folder: the user opened them, so they are allowed.
     */
    private static List<String> sessionArguments(SweepSpec spec, Scene scene, PerturbationStack stack,
            List<LoadedModel> models, List<String> sweep) throws IOException {
        Path output = spec.output().toAbsolutePath().normalize();
        Path session = output.resolveSibling(output.getFileName() + ".session.json");
        Files.createDirectories(session.getParent());
        SessionFile.write(session, scene, stack, models);
        List<String> args = new ArrayList<>(List.of("--session", session.toString()));
        args.addAll(sweep);
        args.addAll(List.of("--out", output.toString(), "--allow-outside", "--models", BuiltinModels.directory()
                .toAbsolutePath().normalize().toString()));
        return args;
    }

    /** The spec writing into its own folder under {@code parent}, named by its text: the same sweep resumes there. */
    private static SweepSpec inOwnFolder(SweepSpec spec, Path parent) {
        return spec.withOutput(parent.resolve(spec.name() + "-" + Integer.toHexString(spec.text().hashCode())));
    }

    /** The spec of the sweep running or run last, once its Job has built it; null before. */
    public SweepSpec running() {
        return running;
    }

    /**
     * The folder session sweeps write under: the preference {@value WorkbenchPreferences#SWEEP_OUTPUT_FOLDER}, or when it is empty the
     * workspace's (instance location's) {@code sweeps} folder; ~/.perturber/sweeps only when there is no workspace.
     */
    public static Path outputRoot() {
        String chosen = WorkbenchPreferences.sweepOutputFolder();
        if (!chosen.isEmpty()) {
            return Path.of(chosen);
        }
        Location workspace = Platform.getInstanceLocation();
        if (workspace != null && workspace.getURL() != null && "file".equals(workspace.getURL().getProtocol())) {
            return Path.of(workspace.getURL().getPath()).resolve("sweeps");
        }
        return Path.of(System.getProperty("user.home"), ".perturber", "sweeps");
    }

    /** Where a sweep comes from: a file, or the session. */
    private interface SpecSource {
        SweepSpec spec(ContributionRegistry registry, BuiltinObjects objects) throws SweepSpecException;
    }

    /** The same sweep as the Spark driver's command line arguments (after {@code sweep --spark MASTER}). */
    private interface SparkArguments {
        List<String> of(SweepSpec spec) throws IOException;
    }

    /**
     * For tests and for a workbench embedded elsewhere: environment variables the Spark driver's process gets
     * besides the workbench's own (the launcher's {@code PERTURBER_HOME}, {@code PERTURBER_SPARK}).
     */
    public void sparkEnvironment(Map<String, String> variables) {
        sparkEnvironment = Map.copyOf(variables);
    }

    /** Whether a sweep's Job is running (Run starts none meanwhile). */
    public boolean sweeping() {
        Job j = job;
        return j != null && j.getState() != Job.NONE;
    }

    /** The Spark driver's last progress line in the sweep running or run last, or null. */
    public SparkDriver.Progress sparkProgress() {
        return sparkProgress;
    }

    private void start(String what, SpecSource source, SparkArguments spark) {
        if (job != null && job.getState() != Job.NONE) {
            return;
        }
        String master = WorkbenchPreferences.sparkMaster();
        String inputs = WorkbenchPreferences.sparkInputs();
        if (!master.isEmpty() && WorkbenchPreferences.sparkMasterProblem(master) != null) {
            Ui.setElided(status, "The Spark master in the preferences, " + master + ", is wrong: "
                    + WorkbenchPreferences.sparkMasterProblem(master) + " (Window > Preferences)");
            return;
        }
        run.setEnabled(false);
        stop.setEnabled(true);
        Ui.setElided(status, "Starting " + what + (master.isEmpty() ? "" : " on Spark " + master) + "...");
        sweepProgress = null;
        sparkProgress = null;
        Job sweep = Job.create("Sweep " + what + (master.isEmpty() ? "" : " on Spark " + master),
                (IProgressMonitor monitor) -> runSweep(source, master.isEmpty() ? null : new OnSpark(master, inputs,
                        spark), monitor));
        sweep.setUser(true);
        long[] run = { 0 };
        sweep.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                marker.ended(run[0], event.getResult().getSeverity() == IStatus.CANCEL);
            }
        });
        run[0] = marker.started("the sweep " + what, sweep::cancel, () -> sweepProgress);
        job = sweep;
        sweep.schedule();
    }

    /** A sweep to run on Spark: the master, the inputs' mode ("" for the driver's default) and its arguments. */
    private record OnSpark(String master, String inputs, SparkArguments arguments) {
    }

    private IStatus runSweep(SpecSource source, OnSpark spark, IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, 1000);
        try {
            ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
            BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
            SweepSpec spec = source.spec(registry, objects); // every check here first, as a local run's
            running = spec;
            if (spark != null) {
                return runOnSpark(spec, spark, progress);
            }
            SweepRunner runner = new SweepRunner(spec, registry, Services.await(SceneRenderer.class, Duration
                    .ofSeconds(30)), objects, Services.await(InferenceService.class, Duration.ofSeconds(30)));
            int[] reported = { 0 };
            Summary done = runner.run(false, progress::isCanceled, new SweepRunner.Listener() {
                @Override
                public void progress(SweepRunner.Progress p) {
                    int now = p.total() == 0 ? 1000 : 1000 * p.done() / p.total();
                    progress.worked(now - reported[0]);
                    reported[0] = now;
                    progress.subTask(p.toString());
                    sweepProgress = new StaleMarker.Progress(p.toString(), p.total() == 0 ? Double.NaN
                            : (double) p.done() / p.total());
                    refresh(spec, "Sweep " + spec.name() + ": " + p);
                }

                @Override
                public void problem(String message) {
                    Ui.async(canvas, () -> Ui.setElided(status, "Problem (skipped, the sweep goes on): " + message));
                }
            });
            if (done == null) {
                Ui.async(canvas, () -> Ui.setElided(status, "Sweep " + spec.name() + " stopped; Run resumes it"));
                return Status.CANCEL_STATUS;
            }
            SweepCharts.write(done, spec.output(), spec.name());
            summary = done;
            resultsFolder = spec.output();
            List<List<String>> rows = done.rows(spec.metrics()); // what summary.csv holds
            Ui.async(canvas, () -> {
                Ui.setElided(status, "Sweep " + spec.name() + " done: " + spec.output() + " (samples.csv, "
                        + "summary.csv, plots)");
                updateCharts();
                showResults(spec.output(), rows);
            });
            return Status.OK_STATUS;
        } catch (SweepSpecException e) {
            Ui.async(canvas, () -> Ui.setElided(status, String.join("; ", e.problems())));
            return Status.OK_STATUS; // reported in the view
        } catch (IOException | RuntimeException e) {
            Ui.async(canvas, () -> Ui.setElided(status, "Sweep failed: " + e.getMessage()));
            return Status.error("sweep failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.CANCEL_STATUS;
        } finally {
            Ui.async(canvas, () -> {
                run.setEnabled(true);
                stop.setEnabled(false);
            });
        }
    }

    /**
     * The sweep through the launcher's Spark driver, on this Job's thread: its progress lines in the view and the
     * progress bar, Stop ending its processes, and at the end the summary read back from the output folder (the
     * driver wrote samples.csv, summary.csv and the plots).
     */
    private IStatus runOnSpark(SweepSpec spec, OnSpark spark, SubMonitor progress) throws IOException,
            InterruptedException {
        Path launcher = SparkDriver.launcher();
        if (launcher == null) {
            String why = "Sweeps on Spark need the launcher (releng/perturber or bin/perturber) under perturber.root ("
                    + System.getProperty("perturber.root") + "): start the workbench with it, or clear the Spark "
                    + "master in Window > Preferences to sweep here";
            Ui.async(canvas, () -> Ui.setElided(status, why));
            return Status.OK_STATUS; // said in the view
        }
        SparkDriver driver = new SparkDriver(launcher, sparkEnvironment);
        List<String> command = driver.command(spark.master(), spark.inputs(), spark.arguments().of(spec));
        Path log = Files.createTempFile("perturber-spark-driver-", ".log");
        String on = "on Spark " + spark.master();
        Ui.async(canvas, () -> Ui.setElided(status, "Sweep " + spec.name() + ": starting the Spark driver (" + spark
                .master() + ", about 10 s)..."));
        sweepProgress = new StaleMarker.Progress("starting the Spark driver", Double.NaN);
        int[] reported = { 0 };
        SparkDriver.Outcome outcome = driver.run(command, log, progress::isCanceled, new SparkDriver.Listener() {
            @Override
            public void progress(SparkDriver.Progress p) {
                int now = p.total() == 0 ? 1000 : (int) (1000L * p.done() / p.total());
                synchronized (reported) {
                    progress.worked(now - reported[0]);
                    reported[0] = now;
                }
                progress.subTask(on + ": " + p);
                sparkProgress = p;
                sweepProgress = new StaleMarker.Progress(on + ": " + p, p.fraction());
                refresh(spec, "Sweep " + spec.name() + " " + on + ": " + p);
            }

            @Override
            public void problem(String message) {
                Ui.async(canvas, () -> Ui.setElided(status, "Problem (skipped, the sweep goes on): " + message));
            }

            @Override
            public void said(String line) {
                if (sparkProgress == null) { // what it runs, until the first progress line
                    Ui.async(canvas, () -> Ui.setElided(status, "Sweep " + spec.name() + " " + on + ": " + line
                            .replaceFirst("^sweep:? ?", "")));
                }
            }
        });
        if (outcome.done() || outcome.stopped() || outcome.exitCode() == 1) {
            Files.deleteIfExists(log); // kept only when it says why the driver failed
        }
        if (outcome.stopped() || outcome.exitCode() == 1) {
            Ui.async(canvas, () -> Ui.setElided(status, "Sweep " + spec.name() + " " + on + " stopped; Run resumes "
                    + "it (here, locally or by releng/perturber sweep)"));
            return Status.CANCEL_STATUS;
        }
        if (!outcome.done()) {
            String error = "Sweep " + spec.name() + " failed " + on + ": " + outcome.error();
            Ui.async(canvas, () -> Ui.setElided(status, error));
            // bad input is the user's to fix, told in the view; a failure goes to the Error Log too
            return outcome.exitCode() == 2 ? Status.OK_STATUS : Status.error(error);
        }
        Summary done = Summary.of(spec);
        summary = done;
        resultsFolder = spec.output();
        List<List<String>> rows = done.rows(spec.metrics());
        String skipped = outcome.exitCode() == 4 ? "; some entries were skipped: " + String.join("; ", outcome
                .errors()) : "";
        Ui.async(canvas, () -> {
            Ui.setElided(status, "Sweep " + spec.name() + " done " + on + ": " + spec.output() + " (samples.csv, "
                    + "summary.csv, plots)" + skipped);
            updateCharts();
            showResults(spec.output(), rows);
        });
        return Status.OK_STATUS;
    }

    /** Summarises what is on disk so far and redraws the plot. */
    private void refresh(SweepSpec spec, String text) {
        try {
            summary = Summary.of(spec);
        } catch (IOException | RuntimeException e) {
            return; // the next chunk tries again
        }
        Ui.async(canvas, () -> {
            Ui.setElided(status, text);
            updateCharts();
        });
    }

    private void updateCharts() {
        Summary s = summary;
        if (s == null) {
            return;
        }
        List<String> names = s.tables().stream().map(t -> t.metric().label() + " vs " + t.factor()).toList();
        if (!names.equals(List.of(charts.getItems()))) {
            charts.setItems(names.toArray(String[]::new));
            charts.select(0);
            charts.getParent().layout();
        }
        redrawPlot();
    }

    private void redrawPlot() {
        Summary s = summary;
        Rectangle area = canvas.getClientArea();
        if (s == null || s.tables().isEmpty() || area.width < 50 || area.height < 50) {
            return;
        }
        Summary.Table table = s.tables().get(Math.max(0, charts.getSelectionIndex()));
        BufferedImage chart = SweepCharts.image(table, running == null ? "sweep" : running.name(), area.width,
                area.height);
        if (plot != null) {
            plot.dispose();
        }
        plot = new Image(canvas.getDisplay(), toImageData(chart));
        plotsDrawn++;
        canvas.redraw();
    }

    private static ImageData toImageData(BufferedImage image) {
        ImageData data = new ImageData(image.getWidth(), image.getHeight(), 24, new PaletteData(0xFF0000, 0x00FF00,
                0x0000FF));
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, image.getWidth(), 1, row, 0, image.getWidth());
            data.setPixels(0, y, row.length, row, 0);
        }
        return data;
    }

    private void paint(GC gc) {
        if (plot != null) {
            gc.drawImage(plot, 0, 0);
        } else {
            gc.drawText("The plot fills in here while a sweep runs.", 8, 8, true);
        }
    }


    /** UI thread: the results folder (selectable) and the summary's table. */
    private void showResults(Path folder, List<List<String>> rows) {
        resultsPath.setText(folder.toString());
        openFolder.setEnabled(true);
        results.setRedraw(false);
        try {
            results.removeAll();
            for (TableColumn c : results.getColumns()) {
                c.dispose();
            }
            for (String name : rows.get(0)) {
                TableColumn c = new TableColumn(results, SWT.LEFT);
                c.setText(name);
            }
            for (List<String> row : rows.subList(1, rows.size())) {
                new TableItem(results, SWT.NONE).setText(row.toArray(String[]::new));
            }
            for (TableColumn c : results.getColumns()) {
                c.pack();
            }
        } finally {
            results.setRedraw(true);
        }
    }

    /** Opens the results folder with the desktop's program for folders; says so where there is none. */
    private void openResultsFolder() {
        Path folder = resultsFolder;
        if (folder != null && !Program.launch(folder.toString())) {
            Ui.setElided(status, "No program to open folders here; the results are in " + folder
                    + " (the path above can be selected and copied)");
        }
    }

    /** The folder the last sweep wrote its results to, or null. */
    public Path resultsFolder() {
        return resultsFolder;
    }

    /** UI thread: the results folder as the view shows it (selectable text). */
    public Text resultsPath() {
        return resultsPath;
    }

    /** UI thread: the summary table shown after a sweep. */
    public Table resultsTable() {
        return results;
    }

    /** UI thread: the stale marker's state and text. */
    public boolean staleShown() {
        return marker.showing();
    }

    public String staleText() {
        return marker.text();
    }

    /** The selectable sweep files (tests pick one). */
    public Combo specs() {
        return specs;
    }

    public String status() {
        return Ui.fullText(status);
    }

    /** How many times the plot was drawn: it grows while a sweep runs. */
    public int plotsDrawn() {
        return plotsDrawn;
    }

    public Summary summary() {
        return summary;
    }

    @PreDestroy
    public void dispose() {
        if (job != null) {
            job.cancel();
        }
        if (plot != null) {
            plot.dispose();
        }
    }
}
