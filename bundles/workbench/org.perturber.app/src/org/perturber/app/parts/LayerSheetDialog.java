package org.perturber.app.parts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Shell;
import org.perturber.app.ProblemLog;
import org.perturber.core.inference.LoadedModel;
import org.perturber.featurevis.DatasetExamples;
import org.perturber.featurevis.FeatureObjective;
import org.perturber.featurevis.FeatureVisResult;
import org.perturber.featurevis.FeatureVisSettings;
import org.perturber.featurevis.LayerSheet;

/**
 * A window with every channel of a layer: its feature visualization, the activation it reached and its most exciting
 * built-in renders, drawn by {@link LayerSheet} (the picture "Export PNG…" writes, the same as the headless tool's).
 * The channels are optimised together as one batch in a Job (those in the cache are read), with progress and Cancel
 * in the window; closing the window cancels it.
 */
public final class LayerSheetDialog {
    /** Cells a row, scale of each visualization and examples under it: the sheet's layout. */
    public static final int COLUMNS = 8;
    public static final int SCALE = 1;
    public static final int EXAMPLES = 3;
    private static final int POLL_MS = 200;

    private final Shell shell;
    private final ProgressBar bar;
    private final Label status;
    private final Button cancel;
    private final Button export;
    private final Canvas canvas;
    private final ScrolledComposite scroller;
    private final String title;
    private final String fileName;
    private final ProblemLog log;
    private final Job job;
    /** Progress as the job's monitor was told it: total and done work (read by the window's timer). */
    private volatile int total;
    private volatile double done;
    private volatile String task = "";
    /** UI thread: the sheet's cells and picture, once computed. */
    private List<LayerSheet.Cell> cells;
    private Image picture;
    private ImageData pictureData;
    private volatile Path exported;

    private LayerSheetDialog(Shell parent, LoadedModel model, String layer, String layerName,
            FeatureVisSettings settings, ProblemLog log) {
        this.log = log;
        this.title = model.descriptor().name() + ", " + layerName + " (" + settings.steps() + " steps)";
        this.fileName = model.descriptor().id() + "-" + layer + "-" + settings.steps() + ".png";
        shell = new Shell(parent, SWT.SHELL_TRIM | SWT.MODELESS);
        shell.setText("Layer sheet: " + model.descriptor().name() + ", " + layerName);
        shell.setLayout(new GridLayout(4, false));
        scroller = new ScrolledComposite(shell, SWT.V_SCROLL | SWT.H_SCROLL);
        scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        canvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
        scroller.setContent(canvas);
        canvas.addPaintListener(e -> {
            e.gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            e.gc.fillRectangle(canvas.getClientArea());
            if (picture != null) {
                e.gc.drawImage(picture, 0, 0);
            }
        });
        bar = new ProgressBar(shell, SWT.HORIZONTAL);
        GridData barData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        barData.widthHint = 160;
        bar.setLayoutData(barData);
        status = new Label(shell, SWT.NONE);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.widthHint = 120;
        status.setLayoutData(statusData);
        cancel = new Button(shell, SWT.PUSH);
        cancel.setText("Cancel");
        export = new Button(shell, SWT.PUSH);
        export.setText("Export PNG\u2026");
        export.setEnabled(false);
        job = Job.create("Layer sheet of " + model.descriptor().name() + ", " + layerName,
                (IProgressMonitor monitor) -> compute(model, layer, settings, watched(monitor)));
        job.setRule(FeatureVisSupport.ONE_AT_A_TIME);
        job.setUser(true);
        cancel.addListener(SWT.Selection, e -> job.cancel());
        export.addListener(SWT.Selection, e -> chooseAndExport());
        shell.addListener(SWT.Dispose, e -> {
            job.cancel();
            if (picture != null) {
                picture.dispose();
            }
        });
        shell.setSize(Math.min(parent.getDisplay().getClientArea().width - 40, 960), Math.min(parent.getDisplay()
                .getClientArea().height - 40, 760));
        Ui.setElided(status, "Starting\u2026");
    }

    /** UI thread: opens the window and starts the computation. */
    static LayerSheetDialog open(Shell parent, LoadedModel model, String layer, String layerName,
            FeatureVisSettings settings, ProblemLog log) {
        LayerSheetDialog d = new LayerSheetDialog(parent, model, layer, layerName, settings, log);
        d.shell.open();
        d.job.schedule();
        d.poll();
        return d;
    }

    /** A monitor that also tells this window how far the job is. */
    private IProgressMonitor watched(IProgressMonitor monitor) {
        return new ProgressMonitorWrapper(monitor) {
            @Override
            public void beginTask(String name, int totalWork) {
                super.beginTask(name, totalWork);
                total = totalWork;
                done = 0;
            }

            @Override
            public void subTask(String name) {
                super.subTask(name);
                task = name == null ? "" : name;
            }

            @Override
            public void internalWorked(double work) {
                super.internalWorked(work);
                done += work;
            }

            @Override
            public void worked(int work) {
                internalWorked(work);
            }
        };
    }

    /** The job: the layer's dataset examples, then every channel's visualization (one batch), then the picture. */
    private IStatus compute(LoadedModel model, String layer, FeatureVisSettings settings, IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, "Layer sheet", 100);
        try {
            progress.subTask("Dataset examples");
            DatasetExamples examples = FeatureVisSupport.examples(model, layer, progress.split(10));
            List<FeatureObjective> objectives = IntStream.range(0, examples.channels()).mapToObj(c -> FeatureObjective
                    .channel(layer, c)).toList();
            progress.subTask(objectives.size() + " channels");
            List<FeatureVisResult> results = FeatureVisSupport.of(model).compute(objectives, settings, progress
                    .split(88));
            List<LayerSheet.Cell> made = new ArrayList<>();
            for (FeatureVisResult r : results) {
                made.add(new LayerSheet.Cell(r, examples.top(r.objective().index(), EXAMPLES)));
            }
            BufferedImage sheet = LayerSheet.draw(title, made, COLUMNS, SCALE, EXAMPLES);
            ImageData data = FeatureVisSupport.toImageData(sheet);
            long fromCache = results.stream().filter(FeatureVisResult::fromCache).count();
            Ui.async(shell, () -> finished(made, data, objectives.size() + " channels, " + (fromCache == results
                    .size() ? "all from the cache" : (results.size() - fromCache) + " optimised"
                            + (fromCache > 0 ? ", " + fromCache + " from the cache" : ""))));
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            Ui.async(shell, () -> ended("Cancelled"));
            return Status.CANCEL_STATUS;
        } catch (IOException | RuntimeException e) {
            log.report(FeatureVisSupport.BUNDLE, "The layer sheet of " + title + " failed: " + e.getMessage(), e);
            Ui.async(shell, () -> ended("Failed: " + e.getMessage()));
            return Status.OK_STATUS; // reported in the window and the Error Log
        }
    }

    private void poll() {
        if (shell.isDisposed() || cells != null || !cancel.isEnabled()) {
            return;
        }
        bar.setMaximum(Math.max(1, total));
        bar.setSelection((int) Math.min(total, done));
        Ui.setElided(status, task.isEmpty() ? "Computing\u2026" : task + "\u2026");
        shell.getDisplay().timerExec(POLL_MS, this::poll);
    }

    private void finished(List<LayerSheet.Cell> made, ImageData data, String summary) {
        cells = made;
        pictureData = data;
        picture = new Image(shell.getDisplay(), data);
        canvas.setSize(data.width, data.height);
        scroller.setMinSize(data.width, data.height);
        bar.setSelection(bar.getMaximum());
        cancel.setEnabled(false);
        export.setEnabled(true);
        Ui.setElided(status, summary);
        // a small layer's sheet gets a window its size, a large one scrolls in the window it has
        org.eclipse.swt.graphics.Point needed = shell.computeSize(SWT.DEFAULT, SWT.DEFAULT);
        org.eclipse.swt.graphics.Point now = shell.getSize();
        shell.setSize(Math.min(now.x, Math.max(needed.x, 480)), Math.min(now.y, needed.y));
        shell.layout(true, true);
        canvas.redraw();
    }

    private void ended(String why) {
        cancel.setEnabled(false);
        Ui.setElided(status, why);
    }

    private void chooseAndExport() {
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setText("Export layer sheet");
        dialog.setFilterExtensions(new String[] { "*.png" });
        dialog.setFileName(fileName);
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            export(Path.of(chosen.endsWith(".png") ? chosen : chosen + ".png"));
        }
    }

    /** UI thread: writes the sheet as PNG in a Job (the status line says where, or why not). */
    public void export(Path png) {
        List<LayerSheet.Cell> toWrite = cells;
        if (toWrite == null) {
            return;
        }
        Ui.setElided(status, "Writing " + png + "\u2026");
        Job write = Job.create("Exporting the layer sheet", (IProgressMonitor monitor) -> {
            try {
                LayerSheet.write(png, title, toWrite, COLUMNS, SCALE, EXAMPLES);
                exported = png;
                Ui.async(shell, () -> Ui.setElided(status, "Exported to " + png));
            } catch (IOException | RuntimeException e) {
                log.report(FeatureVisSupport.BUNDLE, "The layer sheet could not be written to " + png + ": " + e
                        .getMessage(), e);
                Ui.async(shell, () -> Ui.setElided(status, "Not exported: " + e.getMessage()));
            }
            return Status.OK_STATUS;
        });
        write.schedule();
    }

    // what tests look at (UI thread unless said)

    public Shell shell() {
        return shell;
    }

    /** Whether the sheet is drawn (the computation ended well). */
    public boolean done() {
        return cells != null;
    }

    /** The sheet's size in pixels (the PNG's), or null while computing. */
    public Rectangle sheetSize() {
        return pictureData == null ? null : new Rectangle(0, 0, pictureData.width, pictureData.height);
    }

    public int channels() {
        return cells == null ? 0 : cells.size();
    }

    public String status() {
        return Ui.fullText(status);
    }

    public Button exportButton() {
        return export;
    }

    public Button cancelButton() {
        return cancel;
    }

    /** Any thread: the file the last export wrote, or null. */
    public Path exported() {
        return exported;
    }
}
