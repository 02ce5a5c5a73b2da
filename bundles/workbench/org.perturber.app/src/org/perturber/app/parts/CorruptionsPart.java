package org.perturber.app.parts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.perturber.app.ProblemLog;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.SessionEvent;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Every corruption of a benchmark suite (ImageNet-C's 19) one click away: a button per corruption, grouped by the
 * suite's families, a severity slider (0 to 5 in steps of 0.01) with steps 1 to 5, a seed for the corruptions that
 * draw random numbers, and None. The palette manages one entry of the session's stack ({@link PaletteEntries}): a
 * click puts the corruption there at the current severity, replacing the palette's previous corruption (never an
 * entry the user added by hand) as one edit that Edit > Undo takes back; the slider sets that entry's severity live,
 * as the stack's own sliders do; None removes it. Whatever changes the stack elsewhere (undo, the stack editor, an
 * opened session), the buttons and the slider follow. The suite and each corruption's perturbation are read in a
 * Job, never on the UI thread; a corruption whose perturbation cannot be loaded has its button off, and the reason
 * in its tool tip. "Run ImageNet-C..." runs the whole suite around the session in the Sweeps view.
 */
public class CorruptionsPart {
    public static final String ID = "org.perturber.app.part.corruptions";
    /** The parameter a seeded corruption draws its random numbers from. */
    static final String SEED = "seed";
    /** The data of a corruption's button: the suite's name for it (tests find the buttons by it). */
    public static final String CORRUPTION = "org.perturber.app.corruption";
    /** The data of a severity step's button: its whole severity. */
    public static final String STEP = "org.perturber.app.severityStep";
    public static final String NONE = "None";
    /** Slider positions per severity: steps of 0.01, the severity parameters' own step. */
    private static final int POSITIONS_PER_LEVEL = 100;
    /** The slider's least width: below it, the steps go to a line of their own. */
    private static final int SLIDER_WIDTH = 120;
    /**
     * The severity of a first click: the middle of the suite's five, a clear but not total corruption (0 would add an
     * entry that changes nothing).
     */
    private static final double FIRST_SEVERITY = 3;
    /** The views a suite run renders, as the Perturbations view's Sweep: enough to average over, few enough to wait for. */
    static final int SUITE_VIEWS = 4;
    /** The built-in model corruption errors are normalised by, when it is active. */
    static final String BASELINE = "standard";

    /** One corruption as offered: its perturbation's severity and seed parameters, or why it cannot be used. */
    record Offer(SuiteCorruption corruption, ParameterDescriptor severity, IntegerParameter seed, String name,
            String problem) {
        boolean usable() {
            return problem == null;
        }
    }

    private ExploreSession session;
    private ContributionRegistry registry;
    private ProblemLog problems;
    private PaletteEntries palette;
    private ScrolledComposite scroll;
    private Composite body;
    private Composite groups;
    private Button none;
    private Label says;
    private Scale slider;
    private Text severityText;
    private Spinner seed;
    private Label severityLabel;
    private Composite severityRow;
    private Composite stepsRow;
    private Label seedLabel;
    private Button runSuite;

    @Inject
    @Optional
    private EPartService parts;
    private final List<Button> steps = new ArrayList<>();
    private final Map<SuiteCorruption, Button> buttons = new LinkedHashMap<>();
    private final Map<SuiteCorruption, Offer> offers = new LinkedHashMap<>();
    private String suite = SuiteCorruption.IMAGENET_C;
    private int levels = 5;
    /** The severity the slider shows: the palette's entry's, or the one the next click uses. */
    private double severity = FIRST_SEVERITY;
    private volatile Job reading;
    private final Consumer<SessionEvent> listener = e -> {
        if (e.kind() == SessionEvent.Kind.STACK && body != null) {
            Ui.async(body, this::showStack);
        } else if (e.kind() == SessionEvent.Kind.MODELS && body != null) {
            Ui.async(body, this::showRunSuite);
        }
    };

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ContributionRegistry contributions,
            ProblemLog log, MApplication application) {
        session = explore;
        registry = contributions;
        problems = log;
        palette = PaletteEntries.of(application.getContext(), explore);
        parent.setLayout(new org.eclipse.swt.layout.FillLayout());
        // vertical only: the rows wrap to the view's width, as in the stack editor
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        body = new Composite(scroll, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginHeight = 2;
        layout.verticalSpacing = 2;
        body.setLayout(layout);
        scroll.setContent(body);
        scroll.getVerticalBar().setIncrement(16);
        scroll.addListener(SWT.Resize, e -> fitWidth());

        // the severity first: with the groups' rows it fits the Explore perspective's bottom row without scrolling
        severityLabel = new Label(body, SWT.NONE);
        severityLabel.setText("Severity");
        severityRow = new Composite(body, SWT.NONE);
        GridLayout severityLayout = new GridLayout(3, false);
        severityLayout.marginWidth = 0;
        severityLayout.marginHeight = 0;
        severityRow.setLayout(severityLayout);
        severityRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        slider = new Scale(severityRow, SWT.HORIZONTAL);
        GridData sliderData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        sliderData.widthHint = SLIDER_WIDTH; // grows with the view, never pushes the entry out of sight
        slider.setLayoutData(sliderData);
        slider.setMinimum(0);
        slider.setMaximum(levels * POSITIONS_PER_LEVEL);
        slider.setPageIncrement(POSITIONS_PER_LEVEL);
        slider.setToolTipText("Severity from 0 (the clean image) to 5 in steps of 0.01: whole severities are the "
                + "suite's own, those in between interpolated");
        slider.addListener(SWT.Selection, e -> setSeverity((double) slider.getSelection() / POSITIONS_PER_LEVEL));
        severityText = new Text(severityRow, SWT.BORDER | SWT.RIGHT);
        severityText.setLayoutData(new GridData(48, SWT.DEFAULT));
        severityText.setToolTipText("Severity in [0, 5]; Enter applies");
        severityText.addListener(SWT.DefaultSelection, e -> typedSeverity());
        severityText.addListener(SWT.FocusOut, e -> typedSeverity());
        stepsRow = new Composite(severityRow, SWT.NONE);
        stepsRow.setLayout(wrappingRow());
        none = new Button(stepsRow, SWT.TOGGLE);
        none.setText(NONE);
        none.setToolTipText("No corruption: the palette's entry leaves the stack (entries added by hand stay)");
        none.addListener(SWT.Selection, e -> remove());
        seedLabel = new Label(stepsRow, SWT.NONE);
        seedLabel.setText("  Seed");
        makeSteps();
        seed = new Spinner(stepsRow, SWT.BORDER);
        seed.setValues(0, 0, 1_000_000, 0, 1, 100);
        seed.setToolTipText("The random numbers of the seeded corruptions (noises, glass and motion blur, snow, "
                + "frost, fog, elastic, spatter): another seed, another draw at the same severity");
        seed.addListener(SWT.Selection, e -> setSeed(seed.getSelection()));
        // GTK lets the wheel step a spinner while the user only scrolls past it
        seed.addListener(SWT.MouseVerticalWheel, e -> e.doit = false);

        groups = new Composite(body, SWT.NONE);
        GridLayout groupsLayout = new GridLayout(2, false);
        groupsLayout.marginWidth = 0;
        groupsLayout.marginHeight = 0;
        groupsLayout.verticalSpacing = 2;
        groups.setLayout(groupsLayout);
        groups.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

        says = new Label(body, SWT.WRAP);
        says.setText("Reading the corruptions...");
        GridData saysData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        saysData.widthHint = 1; // wraps to the view's width
        says.setLayoutData(saysData);
        showSeverity();
        session.addListener(listener);
        read(suite);
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(listener);
        Job job = reading;
        if (job != null) {
            job.cancel();
        }
    }

    /**
     * Shows the corruptions of another suite (a lab's own, or a test suite): read again in a Job, as at the start.
     */
    public void showSuite(String suiteId) {
        suite = suiteId;
        says.setText("Reading the corruptions...");
        read(suiteId);
    }

    /** The suite shown. */
    public String suite() {
        return suite;
    }

    /** The Job reading the suite, or null once its buttons are shown (tests wait for it). */
    public Job reading() {
        return reading;
    }

    /** The button of a corruption by its suite name, or null. */
    public Button button(String name) {
        return buttons.entrySet().stream().filter(e -> e.getKey().name().equals(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The suite names of the corruptions whose buttons are down, and {@link #NONE} when that one is. */
    public List<String> chosen() {
        List<String> down = new ArrayList<>(buttons.entrySet().stream().filter(e -> e.getValue().getSelection()).map(
                e -> e.getKey().name()).toList());
        if (none.getSelection()) {
            down.add(NONE);
        }
        return down;
    }

    public Button noneButton() {
        return none;
    }

    public Scale slider() {
        return slider;
    }

    public Text severityText() {
        return severityText;
    }

    public Button step(int level) {
        return steps.get(level - 1);
    }

    public Spinner seed() {
        return seed;
    }

    /** "Run ImageNet-C...": the suite around the session, in the Sweeps view; null until the suite is read. */
    public Button runSuiteButton() {
        return runSuite;
    }

    /** The line that says what the palette has put into the stack. */
    public String says() {
        return says.getText();
    }

    /** The suite's corruptions and their perturbations, read off the UI thread (creating a perturbation may load). */
    private void read(String suiteId) {
        Job job = Job.create("Reading the corruptions of " + suiteId, (IProgressMonitor monitor) -> {
            List<Offer> read = new ArrayList<>();
            for (SuiteCorruption c : registry.corruptions(suiteId)) {
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                read.add(offer(c));
            }
            Ui.async(body, () -> {
                if (suiteId.equals(suite)) {
                    show(read);
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        reading = job;
        job.schedule();
    }

    /** One corruption's perturbation, created and asked for its parameters; anything it throws is its problem. */
    private Offer offer(SuiteCorruption c) {
        Contribution<Perturbation> contribution = registry.perturbation(c.perturbation()).orElse(null);
        if (contribution == null) {
            return new Offer(c, null, null, c.perturbation(), "Bundle " + c.bundle() + ": perturbation '" + c
                    .perturbation() + "' is not installed");
        }
        try {
            java.util.Optional<Perturbation> perturbation = contribution.instance();
            if (perturbation.isEmpty()) { // already in the Error Log: the registry reports it once
                return new Offer(c, null, null, contribution.name(), contribution.failure().orElse(
                        "failed to load"));
            }
            List<ParameterDescriptor> parameters = perturbation.get().parameters();
            ParameterDescriptor severity = parameters.stream().filter(p -> p.id().equals(c.severity()) && (p
                    instanceof NumberParameter || p instanceof IntegerParameter)).findFirst().orElse(null);
            if (severity == null) {
                String problem = "Bundle " + c.bundle() + ", perturbation '" + c.perturbation() + "': corruption '"
                        + c.name() + "' names the severity parameter '" + c.severity()
                        + "', which is not a number parameter of the perturbation";
                problems.report(c.bundle(), problem, "");
                return new Offer(c, null, null, contribution.name(), problem);
            }
            IntegerParameter seedParameter = parameters.stream().filter(p -> p.id().equals(SEED)
                    && p instanceof IntegerParameter).map(IntegerParameter.class::cast).findFirst().orElse(null);
            return new Offer(c, severity, seedParameter, contribution.name(), null);
        } catch (Throwable t) { // a contribution's own code: whatever it throws stays with its button
            String problem = "Bundle " + c.bundle() + ", perturbation '" + c.perturbation() + "': " + t;
            problems.report(c.bundle(), problem, t);
            return new Offer(c, null, null, contribution.name(), problem);
        }
    }

    /** UI thread: a button per corruption, in rows by the suite's families, in the suite's order. */
    private void show(List<Offer> read) {
        reading = null;
        for (Control c : groups.getChildren()) {
            c.dispose();
        }
        buttons.clear();
        offers.clear();
        Map<String, List<Offer>> byGroup = new LinkedHashMap<>();
        for (Offer o : read) {
            byGroup.computeIfAbsent(o.corruption().group().isBlank() ? "other" : o.corruption().group(),
                    k -> new ArrayList<>()).add(o);
            offers.put(o.corruption(), o);
        }
        Composite row = null;
        for (Map.Entry<String, List<Offer>> g : byGroup.entrySet()) {
            Label name = new Label(groups, SWT.NONE);
            name.setText(g.getKey().substring(0, 1).toUpperCase(Locale.ROOT) + g.getKey().substring(1));
            name.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
            row = new Composite(groups, SWT.NONE);
            row.setLayout(wrappingRow());
            GridData rowData = new GridData(SWT.FILL, SWT.CENTER, true, false);
            rowData.widthHint = 1; // wraps to the view's width
            row.setLayoutData(rowData);
            boolean allOutside = g.getValue().stream().noneMatch(o -> o.corruption().inMean());
            boolean someOutside = g.getValue().stream().anyMatch(o -> !o.corruption().inMean());
            for (Offer o : g.getValue()) {
                SuiteCorruption c = o.corruption();
                Button b = new Button(row, SWT.TOGGLE);
                b.setText(c.label() + (!c.inMean() && !allOutside ? "*" : ""));
                b.setData(CORRUPTION, c.name());
                b.setEnabled(o.usable());
                String outside = c.inMean() ? "" : " Not counted in the mean corruption error (mCE): one of the "
                        + "suite's extra corruptions.";
                b.setToolTipText(o.usable() ? o.name() + " (" + c.name() + ") at the severity set above; "
                        + (o.seed() != null ? "seeded." : "no seed.") + outside : o.problem());
                b.addListener(SWT.Selection, e -> choose(c));
                buttons.put(c, b);
            }
            if (someOutside) {
                Label note = new Label(row, SWT.NONE);
                note.setText(allOutside ? "not in the mean (mCE)" : "* not in the mean (mCE)");
                note.setToolTipText("ImageNet-C's mean corruption error counts its 15 corruptions; these are its "
                        + "extra ones");
            }
        }
        int highest = Math.max(1, read.stream().mapToInt(o -> o.corruption().levels()).max().orElse(5));
        if (highest != levels) {
            levels = highest;
            slider.setMaximum(levels * POSITIONS_PER_LEVEL);
            makeSteps();
        }
        // at the end of the last row, where it has room: a row of its own would push the status line out of the
        // Explore perspective's bottom row
        runSuite = new Button(row != null ? row : groups, SWT.PUSH);
        runSuite.addListener(SWT.Selection, e -> runSuite());
        palette.offer(suite, read.stream().map(Offer::corruption).toList());
        showRunSuite();
        showStack();
    }

    /** UI thread: the buttons, slider and seed as the session's stack has the palette's entry. */
    private void showStack() {
        PerturbationStack stack = session.stack();
        PaletteEntries.Owned owned = palette.owned(stack);
        if (owned != null && owned.index() >= stack.entries().size()) {
            owned = null; // cannot be: the entries follow the stack; shown as none rather than failing
        }
        for (Map.Entry<SuiteCorruption, Button> b : buttons.entrySet()) {
            b.getValue().setSelection(owned != null && owned.corruption().equals(b.getKey()));
        }
        none.setSelection(owned == null);
        long failed = offers.values().stream().filter(o -> !o.usable()).count();
        String unusable = failed == 0 ? "" : " " + failed + " of " + offers.size() + " cannot be used (point at one "
                + "for why).";
        if (owned == null) {
            seed.setEnabled(true);
            says.setText(offers.isEmpty() && reading != null ? "Reading the corruptions..." : offers.isEmpty()
                    ? "No corruptions declared for the suite " + suite + "." : "Click a corruption to put it into "
                            + "the stack at this severity." + unusable);
        } else {
            StackEntry entry = stack.entries().get(owned.index());
            Offer offer = offers.get(owned.corruption());
            Object value = entry.values().get(owned.corruption().severity());
            severity = value instanceof Number n ? n.doubleValue() : offer != null && offer.severity() != null
                    && offer.severity().defaultValue() instanceof Number d ? d.doubleValue() : 0;
            Object seedValue = entry.values().get(SEED);
            boolean seeded = offer != null && offer.seed() != null;
            seed.setEnabled(seeded);
            if (seeded) {
                seed.setMinimum(offer.seed().min());
                seed.setMaximum(offer.seed().max());
                seed.setSelection(seedValue instanceof Number n ? n.intValue() : offer.seed().defaultValue());
            }
            says.setText(owned.corruption().label() + " at severity " + format(severity) + ": entry "
                    + (owned.index() + 1) + " of " + stack.entries().size() + " in the stack." + unusable);
        }
        showSeverity();
        body.layout(true, true);
        fitWidth();
    }

    /** The model the suite's corruption errors are divided by: {@value #BASELINE} when active, else the first. */
    static LoadedModel baseline(List<LoadedModel> models) {
        return models.stream().filter(m -> BASELINE.equals(m.descriptor().id())).findFirst().orElse(models.isEmpty()
                ? null : models.get(0));
    }

    /** UI thread: the suite run's label, and on or off with why, for the active models. */
    private void showRunSuite() {
        if (runSuite == null || runSuite.isDisposed()) {
            return; // made with the corruptions' buttons
        }
        List<LoadedModel> models = session.models();
        LoadedModel baseline = baseline(models);
        runSuite.setText(SuiteCorruption.IMAGENET_C.equals(suite) ? "Run ImageNet-C..." : "Run " + suite + "...");
        runSuite.setEnabled(baseline != null);
        runSuite.setToolTipText(baseline == null ? "No model is active: activate one in the Models view to run the "
                + "suite" : "Run every corruption of " + suite + " at every severity on this scene and stack (the "
                        + "palette's own corruption left out), from " + SUITE_VIEWS + " views, on the " + models
                                .size() + " active model" + (models.size() == 1 ? "" : "s") + " with the seed above; "
                        + "corruption errors (CE, mCE) normalised by " + baseline.descriptor().id() + ". Runs in "
                        + "the Sweeps view.");
        runSuite.getParent().layout(true);
    }

    /**
     * "Run ImageNet-C...": the suite on the session's scene and stack without the palette's entry (the sweep puts
     * each corruption in itself), in the Sweeps view, shown and active, as a Job there with its progress and Stop.
     */
    private void runSuite() {
        List<LoadedModel> models = session.models();
        LoadedModel baseline = baseline(models);
        var scene = session.scene();
        if (baseline == null || scene == null || parts == null) {
            showRunSuite();
            return;
        }
        PerturbationStack stack = session.stack();
        PaletteEntries.Owned owned = palette.owned(stack);
        PerturbationStack around = owned != null && owned.index() < stack.entries().size() ? stack.remove(owned
                .index()) : stack;
        var part = parts.showPart("org.perturber.app.part.sweeps", EPartService.PartState.ACTIVATE);
        if (part != null && part.getObject() instanceof SweepPart sweeps) {
            sweeps.startSuite(scene, around, models, suite, baseline, SUITE_VIEWS, seed.getSelection());
        }
    }

    /** The buttons "1" to the suite's highest severity, before the seed. */
    private void makeSteps() {
        steps.forEach(Button::dispose);
        steps.clear();
        for (int level = 1; level <= levels; level++) {
            Button step = new Button(stepsRow, SWT.PUSH);
            step.setText(Integer.toString(level));
            step.setData(STEP, level);
            step.setToolTipText("Severity " + level + " exactly (the suite's own values)");
            int whole = level;
            step.addListener(SWT.Selection, e -> setSeverity(whole));
            step.moveAbove(none);
            steps.add(step);
        }
    }

    private void showSeverity() {
        slider.setSelection((int) Math.round(severity * POSITIONS_PER_LEVEL));
        severityText.setText(format(severity));
    }

    /** A click on a corruption: the palette's entry becomes it, at the current severity, as one edit. */
    private void choose(SuiteCorruption corruption) {
        Offer offer = offers.get(corruption);
        if (offer == null || !offer.usable()) {
            return;
        }
        PerturbationStack stack = session.stack();
        PaletteEntries.Owned owned = palette.owned(stack);
        StackEntry entry = StackEntry.of(corruption.perturbation()).with(corruption.severity(), valueFor(offer,
                severity));
        if (offer.seed() != null) {
            entry = entry.with(SEED, (double) seed.getSelection());
        }
        PerturbationStack next;
        int index;
        if (owned != null) {
            index = owned.index();
            next = stack.set(index, entry);
        } else {
            next = stack.add(entry);
            index = next.entries().size() - 1;
        }
        palette.claim(next, new PaletteEntries.Owned(index, corruption));
        session.setStack(next);
        showStack();
    }

    /** None: the palette's entry leaves the stack, as one edit. */
    private void remove() {
        PerturbationStack stack = session.stack();
        PaletteEntries.Owned owned = palette.owned(stack);
        if (owned != null) {
            PerturbationStack next = stack.remove(owned.index());
            palette.claim(next, null);
            session.setStack(next);
        }
        showStack();
    }

    /** The slider, a step or a typed value: the severity of the palette's entry, live (a drag undoes as one edit). */
    private void setSeverity(double value) {
        severity = Math.max(0, Math.min(levels, value));
        PerturbationStack stack = session.stack();
        PaletteEntries.Owned owned = palette.owned(stack);
        Offer offer = owned == null ? null : offers.get(owned.corruption());
        if (offer == null || !offer.usable()) {
            showSeverity(); // the severity of the next click
            return;
        }
        StackEntry entry = stack.entries().get(owned.index());
        double set = valueFor(offer, severity);
        PerturbationStack next = stack.set(owned.index(), entry.with(owned.corruption().severity(), set));
        palette.claim(next, owned);
        session.setStack(next, new ExploreState.Change(owned.index(), entry.perturbation(), owned.corruption()
                .severity(), owned.corruption().label() + ": severity", set));
        showStack();
    }

    private void typedSeverity() {
        double typed;
        try {
            typed = Double.parseDouble(severityText.getText().trim());
        } catch (NumberFormatException e) {
            typed = Double.NaN;
        }
        if (!Double.isFinite(typed)) {
            showSeverity();
            return;
        }
        if (Math.abs(typed - severity) > 1e-9) {
            setSeverity(typed);
        } else {
            showSeverity();
        }
    }

    /** The seed of the palette's entry, when it is a seeded corruption (else the seed of the next click). */
    private void setSeed(int value) {
        PerturbationStack stack = session.stack();
        PaletteEntries.Owned owned = palette.owned(stack);
        Offer offer = owned == null ? null : offers.get(owned.corruption());
        if (offer == null || offer.seed() == null) {
            return;
        }
        StackEntry entry = stack.entries().get(owned.index());
        PerturbationStack next = stack.set(owned.index(), entry.with(SEED, (double) value));
        palette.claim(next, owned);
        session.setStack(next);
        showStack();
    }

    /** A severity as its parameter takes it: clamped to its range, whole for an integer parameter. */
    private static double valueFor(Offer offer, double value) {
        return offer.severity() instanceof IntegerParameter i ? i.normalize(value) : ((NumberParameter) offer
                .severity()).normalize(value);
    }

    /** The rows take the view's width (buttons wrap to it) and scroll vertically. */
    private void fitWidth() {
        int width = scroll.getClientArea().width;
        if (width <= 0) {
            return; // not laid out yet: the first resize fits it
        }
        arrangeSteps(width);
        scroll.setMinSize(new Point(0, body.computeSize(width, SWT.DEFAULT).y));
    }

    /**
     * The steps, None and the seed beside the slider when the view is wide enough for them and a slider of at least
     * {@link #SLIDER_WIDTH}, else on a line of their own below it (wrapping to the view's width).
     */
    private void arrangeSteps(int width) {
        GridLayout layout = (GridLayout) severityRow.getLayout();
        GridLayout outer = (GridLayout) body.getLayout();
        int label = severityLabel.computeSize(SWT.DEFAULT, SWT.DEFAULT).x;
        int besides = outer.marginWidth * 2 + label + outer.horizontalSpacing + SLIDER_WIDTH + 48 + layout
                .horizontalSpacing * 2 + stepsRow.computeSize(SWT.DEFAULT, SWT.DEFAULT).x + 8;
        boolean oneLine = width >= besides;
        // beside the slider, not beside the steps below it
        GridData labelData = new GridData(SWT.BEGINNING, oneLine ? SWT.CENTER : SWT.TOP, false, false);
        labelData.verticalIndent = oneLine ? 0 : Math.max(0, (slider.computeSize(SWT.DEFAULT, SWT.DEFAULT).y
                - severityLabel.computeSize(SWT.DEFAULT, SWT.DEFAULT).y) / 2);
        severityLabel.setLayoutData(labelData);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, oneLine ? 1 : 2, 1);
        if (!oneLine) {
            data.widthHint = 1; // wraps to the view's width
        }
        if (layout.numColumns != (oneLine ? 3 : 2)) {
            layout.numColumns = oneLine ? 3 : 2;
            stepsRow.setLayoutData(data);
            body.layout(true, true);
        } else if (stepsRow.getLayoutData() == null) {
            stepsRow.setLayoutData(data);
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A row of buttons that wraps to the next line, tight: the step buttons and each family's corruptions. */
    private static RowLayout wrappingRow() {
        RowLayout layout = new RowLayout(SWT.HORIZONTAL);
        layout.wrap = true;
        layout.marginLeft = 0;
        layout.marginTop = 0;
        layout.marginBottom = 0;
        layout.spacing = 2;
        layout.center = true;
        return layout;
    }
}
