package org.perturber.app.parts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import org.perturber.explore.RobustnessCurve;
import org.perturber.explore.SessionEvent;
import org.perturber.objects.BuiltinObjects;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.charts.RobustnessChart;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The live robustness curve: while a parameter's slider is dragged, each active model's probability of the true
 * class against that parameter's value, accumulating point by point (and the pinned channels' mean activations below
 * it). "Fill in the range" computes the whole range in the background through the batched sweep path, from the
 * session as it is; the curve exports as PNG (the chart on screen) and CSV. Drawn with JFreeChart in a Job, latest
 * wins, so a drag's points never wait for the chart.
 */
public class RobustnessCurvePart {
    /** Levels "fill in the range" computes over the parameter's whole range. */
    public static final int FILL_STEPS = 21;

    private ExploreSession session;
    private ExplorePipeline pipeline;
    private ContributionRegistry registry;
    private ExplorePipeline.Subscription subscription;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private final RobustnessCurve curve = new RobustnessCurve();
    private Canvas canvas;
    private Label status;
    private Button fill;
    private Image chart;
    private Job draw;
    private Job filling;
    private final AtomicInteger drawn = new AtomicInteger();

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline explorePipeline,
            ContributionRegistry contributions) {
        session = explore;
        pipeline = explorePipeline;
        registry = contributions;
        parent.setLayout(new GridLayout(5, false));
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setText("Drag a parameter's slider in the Perturbations view");
        fill = button(parent, "Fill in the range", "Compute the whole range of the parameter (a sweep in the "
                + "background, from the session as it is)", this::fillInTheRange);
        button(parent, "PNG...", "Export the chart as PNG", () -> export("png"));
        button(parent, "CSV...", "Export the points as CSV", () -> export("csv"));
        button(parent, "Clear", "Start the curve again", () -> {
            curve.clear();
            redraw();
        });
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> redraw());
        draw = Job.create("Drawing the robustness curve", this::drawChart);
        draw.setSystem(true);
        subscription = pipeline.subscribe("Robustness curve", needs(), new ExploreListener() {
            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                if (curve.add(state, results, session.pins())) {
                    redraw();
                }
            }
        });
        session.addListener(sessionListener);
        redraw();
    }

    private static Button button(Composite parent, String text, String tip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** The predictions, and the pinned layer with every forward pass of its model. */
    private Needs needs() {
        ExploreSession.Pins pins = session.pins();
        Needs n = Needs.predictions(1);
        return pins.isEmpty() ? n : n.withActivations(pins.modelKey(), Set.of(pins.layer()));
    }

    private void sessionChanged(SessionEvent e) {
        if (e.kind() == SessionEvent.Kind.PINS) {
            subscription.needs(needs());
        }
    }

    /** The curve shown (tests read it). */
    public RobustnessCurve curve() {
        return curve;
    }

    /** How many times the chart was drawn. */
    public int drawn() {
        return drawn.get();
    }

    public Button fillButton() {
        return fill;
    }

    /** The fill-in Job under way, or null. */
    public Job filling() {
        return filling;
    }

    private void redraw() {
        draw.schedule(); // a running draw is followed by one more, however many points arrive meanwhile
    }

    private IStatus drawChart(IProgressMonitor monitor) {
        int[] size = new int[2];
        if (canvas.isDisposed()) {
            return Status.OK_STATUS;
        }
        canvas.getDisplay().syncExec(() -> {
            if (!canvas.isDisposed()) {
                Rectangle area = canvas.getClientArea();
                size[0] = area.width;
                size[1] = area.height;
            }
        });
        if (size[0] < 40 || size[1] < 40) {
            return Status.OK_STATUS;
        }
        BufferedImage image = RobustnessChart.image(curve, size[0], size[1]);
        ImageData data = new ImageData(image.getWidth(), image.getHeight(), 24, new PaletteData(0xFF0000, 0x00FF00,
                0x0000FF));
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            data.setPixels(0, y, row.length, row, 0);
        }
        RobustnessCurve.Axis axis = curve.axis();
        int points = curve.points().size();
        Ui.async(canvas, () -> {
            if (chart != null) {
                chart.dispose();
            }
            chart = new Image(canvas.getDisplay(), data);
            if (axis != null && filling == null) {
                status.setText(points + " points over " + axis.label());
            }
            canvas.redraw();
            drawn.incrementAndGet();
        });
        return Status.OK_STATUS;
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (chart != null) {
            gc.drawImage(chart, 0, 0);
        }
    }

    /** Computes the whole range of the curve's parameter, as a sweep of the session in a Job. */
    public void fillInTheRange() {
        RobustnessCurve.Axis axis = curve.axis();
        ExploreState state = session.state();
        if (axis == null || !state.ready()) {
            status.setText("Drag a parameter's slider first: the range filled in is that parameter's");
            return;
        }
        NumberParameter range = numberParameter(axis);
        if (range == null) {
            status.setText(axis.label() + " is not a numeric parameter with a range");
            return;
        }
        List<LoadedModel> models = state.models();
        Path output;
        try {
            output = Files.createTempDirectory("perturber-curve-");
        } catch (IOException e) {
            status.setText("Fill in the range: " + e.getMessage());
            return;
        }
        fill.setEnabled(false);
        status.setText("Filling in " + axis.label() + " from " + range.min() + " to " + range.max() + "...");
        Job job = Job.create("Filling in the robustness curve over " + axis.label(), (IProgressMonitor monitor) -> {
            SubMonitor progress = SubMonitor.convert(monitor, 100);
            try {
                SweepSpec spec = new SessionSweeps(registry).vary(state.scene(), state.stack(), models.stream().map(
                        LoadedModel::location).toList(), new SessionSweeps.Vary(axis.perturbation(), axis
                                .parameter(), range.min(), range.max(), FILL_STEPS), 1, output);
                SweepRunner runner = new SweepRunner(spec, registry, pipeline.inputs().renderer(), Services.await(
                        BuiltinObjects.class, Duration.ofSeconds(30)), pipeline.inference());
                List<String> ids = spec.models().stream().map(SweepSpec.SweepModel::id).toList();
                runner.run(true, monitor::isCanceled, new SweepRunner.Listener() {
                    @Override
                    public void progress(SweepRunner.Progress p) {
                        progress.setWorkRemaining(100).worked(0);
                        monitor.subTask(p.toString());
                    }

                    @Override
                    public void rows(List<SweepRunner.Row> rows) {
                        for (SweepRunner.Row row : rows) {
                            Object x = row.sample().point().values().get(0);
                            LoadedModel m = runner.models().get(ids.indexOf(row.model()));
                            if (x instanceof Number n && row.result() != null) {
                                curve.addFilled(n.doubleValue(), m, row.result());
                            }
                        }
                        redraw();
                    }
                });
                return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (SweepSpecException | IOException e) {
                Ui.async(status, () -> status.setText("Fill in the range: " + e.getMessage()));
                return Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } finally {
                Ui.async(fill, () -> {
                    filling = null;
                    fill.setEnabled(true);
                    redraw();
                });
            }
        });
        job.setUser(true);
        filling = job;
        job.schedule();
    }

    private NumberParameter numberParameter(RobustnessCurve.Axis axis) {
        Perturbation p = registry.perturbation(axis.perturbation()).flatMap(c -> c.instance()).orElse(null);
        if (p == null) {
            return null;
        }
        for (ParameterDescriptor d : p.parameters()) {
            if (d.id().equals(axis.parameter()) && d instanceof NumberParameter n) {
                return n;
            }
        }
        return null;
    }

    private void export(String kind) {
        FileDialog dialog = new FileDialog(canvas.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*." + kind });
        dialog.setFileName("robustness-curve." + kind);
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            try {
                exportTo(Path.of(chosen));
                status.setText("Wrote " + chosen);
            } catch (IOException e) {
                status.setText("Could not write " + chosen + ": " + e.getMessage());
            }
        }
    }

    /** Writes the chart (PNG, at the view's size) or the points (CSV), by the file's extension. */
    public void exportTo(Path file) throws IOException {
        if (file.toString().endsWith(".csv")) {
            curve.writeCsv(file);
        } else {
            Rectangle area = canvas.getClientArea();
            RobustnessChart.writePng(curve, file, Math.max(480, area.width), Math.max(320, area.height));
        }
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
        draw.cancel();
        if (chart != null) {
            chart.dispose();
        }
    }
}
