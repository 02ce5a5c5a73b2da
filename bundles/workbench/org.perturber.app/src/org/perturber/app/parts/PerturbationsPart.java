package org.perturber.app.parts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.ColorDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.core.param.BooleanParameter;
import org.perturber.core.param.ClassParameter;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ColorParameter;
import org.perturber.core.param.FileParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.InvalidParameterException;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.AttackContext;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.scene.Rgb;

import jakarta.annotation.PostConstruct;

/**
 * The perturbation stack editor: add perturbations from the registry by category, reorder, enable or disable,
 * reset, remove; every parameter gets a control made from its descriptor (a slider with numeric entry for numbers,
 * a spinner for whole numbers, a list for choices or a model's classes, a check box, a colour button, a file
 * chooser). Each change replaces the session's stack, and the scene and prediction views follow. The entries take
 * the view's width (long labels wrap) and scroll vertically; the mouse wheel over a value control scrolls the stack
 * and never changes the value. An attack's entry says which class it works on for the session's models.
 */
public class PerturbationsPart {
    /** Slider resolution: positions per range. */
    private static final int STEPS = 1000;

    private ExploreSession session;
    private ContributionRegistry registry;
    private ScrolledComposite scroll;
    private Composite entries;
    /** The stack the controls show; another one in the session (undo, an opened session) rebuilds them. */
    private PerturbationStack shown;
    /** What the attack entries' target lines were written for: the true class and the models' classes. */
    private String targetsShown;
    private final java.util.function.Consumer<org.perturber.explore.SessionEvent> listener = e -> sessionChanged();

    @jakarta.inject.Inject
    @org.eclipse.e4.core.di.annotations.Optional
    private org.eclipse.e4.ui.workbench.modeling.EPartService parts;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ContributionRegistry contributions) {
        session = explore;
        registry = contributions;
        parent.setLayout(new GridLayout(3, false));
        Button add = new Button(parent, SWT.PUSH);
        add.setText("Add perturbation \u25be");
        // no tool tip: it stayed up over the menu this button opens (its items say what they add)
        Menu menu = addMenu(add);
        add.setMenu(menu); // also on a right click; tests find the menu on its button
        add.addListener(SWT.Selection, e -> {
            Point p = add.toDisplay(0, add.getSize().y);
            menu.setLocation(p);
            menu.setVisible(true);
        });
        Button flip = new Button(parent, SWT.PUSH);
        flip.setText("Find flip \u25be");
        Menu flipMenu = flipMenu(flip);
        flip.setMenu(flipMenu);
        flip.addListener(SWT.Selection, e -> {
            Point p = flip.toDisplay(0, flip.getSize().y);
            flipMenu.setLocation(p);
            flipMenu.setVisible(true);
        });
        Button clear = new Button(parent, SWT.PUSH);
        clear.setText("Clear");
        clear.addListener(SWT.Selection, e -> setStack(PerturbationStack.EMPTY));
        // vertical only: the entries fit the view's width (labels wrap, sliders shrink) so that nothing is cut off
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        entries = new Composite(scroll, SWT.NONE);
        entries.setLayout(new GridLayout(1, false));
        scroll.getVerticalBar().setIncrement(16);
        scroll.setContent(entries);
        scroll.addListener(SWT.Resize, e -> fitWidth());
        rebuild();
        session.addListener(listener);
    }

    private void sessionChanged() {
        if (!entries.isDisposed()) {
            entries.getDisplay().asyncExec(() -> {
                if (!entries.isDisposed() && (!session.stack().equals(shown) || hasAttack(shown) && !targets()
                        .equals(targetsShown))) {
                    rebuild();
                }
            });
        }
    }

    @jakarta.annotation.PreDestroy
    public void dispose() {
        session.removeListener(listener);
    }

    private Menu addMenu(Control owner) {
        Menu menu = new Menu(owner);
        Map<String, List<Contribution<Perturbation>>> byCategory = new TreeMap<>();
        for (Contribution<Perturbation> c : registry.perturbations()) {
            byCategory.computeIfAbsent(c.category().isBlank() ? "other" : c.category(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Contribution<Perturbation>>> e : byCategory.entrySet()) {
            MenuItem cascade = new MenuItem(menu, SWT.CASCADE);
            cascade.setText(e.getKey().substring(0, 1).toUpperCase(Locale.ROOT) + e.getKey().substring(1));
            Menu sub = new Menu(cascade);
            cascade.setMenu(sub);
            for (Contribution<Perturbation> c : e.getValue()) {
                MenuItem item = new MenuItem(sub, SWT.PUSH);
                item.setText(c.name() + (c.instance().isEmpty() ? " (failed to load)" : ""));
                item.setEnabled(c.instance().isPresent());
                item.addListener(SWT.Selection, x -> add(c.id()));
            }
        }
        return menu;
    }

    /** The whole stack's flip searches: every parameter, also those of perturbations not in it, jointly. */
    private Menu flipMenu(Control owner) {
        Menu menu = new Menu(owner);
        MenuItem stack = new MenuItem(menu, SWT.PUSH);
        stack.setText(FLIP_STACK);
        stack.addListener(SWT.Selection, e -> findFlips(false, false));
        MenuItem unstacked = new MenuItem(menu, SWT.PUSH);
        unstacked.setText(FLIP_UNSTACKED);
        unstacked.addListener(SWT.Selection, e -> findFlips(true, false));
        MenuItem joint = new MenuItem(menu, SWT.PUSH);
        joint.setText(FLIP_JOINT);
        joint.addListener(SWT.Selection, e -> findFlips(false, true));
        return menu;
    }

    /** The items of the "Find flip" menu above the stack. */
    public static final String FLIP_STACK = "Every parameter of the stack";
    public static final String FLIP_UNSTACKED = "Every parameter, also of perturbations not in the stack (at their "
            + "defaults)";
    public static final String FLIP_JOINT = "The stack's parameters jointly (smallest change of all together)";
    /** The data of a row's "Find flip" button: its parameter's id (tests find the button by it). */
    public static final String FLIP_PARAMETER = "org.perturber.app.flipParameter";

    /** The whole stack's flip search (and the registered perturbations' not in it, or jointly) in Flip points. */
    private void findFlips(boolean unstacked, boolean joint) {
        PerturbationStack stack = session.stack();
        List<org.perturber.flipsearch.FlipParameter> parameters = org.perturber.flipsearch.FlipParameter.of(stack,
                registry, unstacked);
        String title = joint ? "the stack's parameters jointly" : unstacked ? "every perturbation's parameters"
                : "the stack's parameters";
        search(new FlipPointsPart.Request(title, parameters, joint));
    }

    /** One row's flip search: the parameter of entry {@code index}, each way, in Flip points. */
    private void findFlip(int index, ParameterDescriptor d) {
        StackEntry entry = session.stack().entries().get(index);
        Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
        org.perturber.flipsearch.FlipParameter p = c == null ? null : org.perturber.flipsearch.FlipParameter.of(c,
                d, index, entry.values().get(d.id()));
        search(new FlipPointsPart.Request(c == null ? entry.perturbation() : c.name() + ": " + d.label(), p == null
                ? List.of() : List.of(p), false));
    }

    /** Opens Flip points (bringing it back when closed) and starts the search there. */
    private void search(FlipPointsPart.Request request) {
        if (parts == null) {
            return;
        }
        var part = parts.findPart(FlipPointsPart.ID);
        if (part == null) {
            return;
        }
        part.setToBeRendered(true);
        part.setVisible(true);
        parts.showPart(part, org.eclipse.e4.ui.workbench.modeling.EPartService.PartState.ACTIVATE);
        if (part.getObject() instanceof FlipPointsPart view) {
            view.search(request);
        }
    }

    /** Appends a perturbation at its defaults (tests call this as the menu does). */
    public void add(String perturbationId) {
        setStack(session.stack().add(StackEntry.of(perturbationId)));
    }

    /** Sets one parameter of entry {@code index}, as its control does. */
    public void set(int index, String parameter, Object value) {
        PerturbationStack stack = session.stack();
        StackEntry entry = stack.entries().get(index);
        PerturbationStack changed = stack.set(index, entry.with(parameter, value));
        shown = changed; // the controls already show it
        if (value instanceof Number n) {
            String name = registry.perturbation(entry.perturbation()).map(Contribution::name).orElse(entry
                    .perturbation());
            session.setStack(changed, new ExploreState.Change(index, entry.perturbation(), parameter, name + ": "
                    + parameter, n.doubleValue()));
        } else {
            session.setStack(changed);
        }
    }

    private void setStack(PerturbationStack stack) {
        session.setStack(stack);
        rebuild();
    }

    /** Entries shown (tests read it). */
    public int entryCount() {
        return shown == null ? 0 : shown.entries().size();
    }

    /** The entries take the view's width (labels wrap to it, sliders shrink) and scroll vertically. */
    private void fitWidth() {
        int width = scroll.getClientArea().width;
        if (width <= 0) {
            return; // not laid out yet: the first resize fits it
        }
        scroll.setMinSize(new Point(0, entries.computeSize(width, SWT.DEFAULT).y));
    }

    /** Builds one group of controls per entry. */
    private void rebuild() {
        for (Control c : entries.getChildren()) {
            c.dispose();
        }
        PerturbationStack stack = session.stack();
        shown = stack;
        targetsShown = targets();
        if (stack.entries().isEmpty()) {
            Label hint = new Label(entries, SWT.WRAP);
            hint.setText("No perturbations yet. Add one: scene perturbations apply before rendering, image ones to "
                    + "the pixels, attacks against each model.");
            hint.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        }
        for (int i = 0; i < stack.entries().size(); i++) {
            entry(i, stack.entries().get(i));
        }
        entries.layout(true, true);
        fitWidth();
    }

    private void entry(int index, StackEntry entry) {
        Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
        Group group = new Group(entries, SWT.NONE);
        GridData groupData = new GridData(SWT.FILL, SWT.TOP, true, false);
        groupData.widthHint = 1; // the view's width decides, never the longest label
        group.setLayoutData(groupData);
        group.setLayout(new GridLayout(4, false));
        group.setText(c == null ? entry.perturbation() : c.name());
        Composite header = new Composite(group, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        header.setLayout(new GridLayout(5, false));
        Button enabled = new Button(header, SWT.CHECK);
        enabled.setText("on");
        enabled.setSelection(entry.enabled());
        enabled.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false));
        enabled.addListener(SWT.Selection, e -> setStack(session.stack().set(index, entry.withEnabled(enabled
                .getSelection()))));
        button(header, "\u2191", "Move up", () -> {
            if (index > 0) {
                setStack(session.stack().move(index, index - 1));
            }
        });
        button(header, "\u2193", "Move down", () -> {
            if (index < session.stack().entries().size() - 1) {
                setStack(session.stack().move(index, index + 1));
            }
        });
        button(header, "\u21ba", "Reset to the defaults (no effect)", () -> setStack(session.stack().set(index,
                new StackEntry(entry.perturbation(), Map.of(), entry.enabled()))));
        button(header, "\u2715", "Remove", () -> setStack(session.stack().remove(index)));
        if (c == null || c.instance().isEmpty()) {
            Label problem = new Label(group, SWT.WRAP);
            problem.setText(c == null ? "not installed" : "failed to load: " + c.failure().orElse(""));
            return;
        }
        List<ParameterDescriptor> parameters = c.instance().get().parameters();
        ParameterValues values;
        try {
            values = ParameterValues.defaults(parameters).withAll(entry.values());
        } catch (RuntimeException e) {
            values = ParameterValues.defaults(parameters);
        }
        for (ParameterDescriptor d : parameters) {
            control(group, index, d, values.get(d.id()));
        }
        if (c.instance().get().stage() == Stage.MODEL_AWARE) {
            for (ParameterDescriptor d : parameters) {
                if (d instanceof ClassParameter cl) {
                    Label says = wrapping(group, targetText(cl, values.get(d.id()).toString()));
                    says.setData(TARGET_LINE, Boolean.TRUE);
                }
            }
        }
    }

    /** Marks the line of an attack's entry that says which class it works on (tests find it). */
    public static final String TARGET_LINE = "org.perturber.app.attackTarget";

    /** A label over the group's whole width that wraps, so that a long text never widens the column. */
    private static Label wrapping(Composite group, String text) {
        Label label = new Label(group, SWT.WRAP);
        label.setText(text);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1);
        data.widthHint = 1; // the column's width decides; the text wraps to it
        label.setLayoutData(data);
        return label;
    }

    /** The models the stack's attacks are made against: the attack source when one is chosen, else every model. */
    private List<LoadedModel> attacked() {
        String source = session.state().attackSource();
        List<LoadedModel> models = session.models();
        List<LoadedModel> chosen = models.stream().filter(m -> m.key().equals(source)).toList();
        return chosen.isEmpty() ? models : chosen;
    }

    /** What the target lines depend on besides the stack: the scene's true class and the attacked models. */
    private String targets() {
        return AttackContext.of(session.scene()).trueClass() + "|" + attacked().stream().map(LoadedModel::key)
                .toList();
    }

    private boolean hasAttack(PerturbationStack stack) {
        return stack != null && stack.entries().stream().anyMatch(e -> registry.perturbation(e.perturbation())
                .flatMap(Contribution::instance).map(p -> p.stage() == Stage.MODEL_AWARE).orElse(false));
    }

    /**
     * Which class an attack works on, in words, by the attacks' rule: the chosen target; untargeted, the scene's true
     * class where a model knows it, else that model's top-1 on the clean scene.
     */
    private String targetText(ClassParameter parameter, String stored) {
        List<LoadedModel> models = attacked();
        String target = className(parameter, stored);
        AttackContext context = AttackContext.of(session.scene());
        String truth = context.trueClass();
        if (!target.isEmpty()) {
            List<String> lacking = models.stream().filter(m -> !m.descriptor().labels().contains(target)).map(m -> m
                    .descriptor().name()).toList();
            return "Targeted: toward '" + target + "'" + (lacking.isEmpty() ? "" : " (not a class of "
                    + String.join(", ", lacking) + ": skipped there)");
        }
        if (truth == null) {
            return "Untargeted: away from each model's top-1 class on the clean scene (the scene has no object)";
        }
        // the attacks' own test (AttackContext.trueClassIndex), so that the line says what they do
        List<String> knowing = models.stream().filter(m -> context.trueClassIndex(m.descriptor().labels()) >= 0)
                .map(m -> m.descriptor().name()).toList();
        List<String> other = models.stream().filter(m -> context.trueClassIndex(m.descriptor().labels()) < 0)
                .map(m -> m.descriptor().name()).toList();
        if (other.isEmpty()) {
            return "Untargeted: away from '" + truth + "' (true class)";
        }
        String fallback = "away from the clean top-1 (the true class '" + truth + "' is not among "
                + (knowing.isEmpty() && models.size() > 1 ? "the models'" : "this model's") + " labels)";
        if (knowing.isEmpty()) {
            return "Untargeted: " + fallback;
        }
        return "Untargeted: away from '" + truth + "' (true class); for " + String.join(", ", other) + " "
                + fallback.replace("this model's", "their");
    }

    /**
     * The mouse wheel over a value control scrolls the stack instead: GTK lets the wheel step a combo, slider or
     * spinner, which changed values (and made undoable edits) while a user only scrolled past them.
     */
    private void wheelScrollsTheStack(Control control) {
        org.eclipse.swt.widgets.Listener scrolls = e -> {
            e.doit = false;
            if (e.type == SWT.MouseVerticalWheel && scroll.getVerticalBar() != null) {
                Point origin = scroll.getOrigin();
                scroll.setOrigin(origin.x, Math.max(0, origin.y - e.count * scroll.getVerticalBar().getIncrement()));
            }
        };
        control.addListener(SWT.MouseVerticalWheel, scrolls);
        control.addListener(SWT.MouseHorizontalWheel, scrolls);
    }

    private static void button(Composite parent, String text, String tip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.addListener(SWT.Selection, e -> action.run());
    }

    /**
     * A row's "Find flip": the smallest change of the parameter, each way, that changes each active model's top
     * class (in the Flip points view). Off while its entry is off: the parameter then changes nothing.
     */
    private void flipButton(Composite group, int index, ParameterDescriptor d) {
        Button flip = new Button(group, SWT.PUSH);
        flip.setText("Find flip");
        flip.setData(FLIP_PARAMETER, d.id());
        StackEntry entry = session.stack().entries().get(index);
        Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
        // a random seed has no "smallest" change: the search refuses it, so the button says why instead
        boolean searchable = c == null || org.perturber.flipsearch.FlipParameter.of(c, d, index, entry.values().get(d
                .id())) != null;
        flip.setEnabled(entry.enabled() && searchable);
        flip.setToolTipText(searchable ? "The smallest change of " + d.label() + ", each way, that changes each "
                + "active model's top class (shown in the Flip points view)" : d.label()
                        + " is a random seed: another seed is another draw, not a larger change");
        flip.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        flip.addListener(SWT.Selection, e -> findFlip(index, d));
    }

    /** One row: label, control (and for numbers a numeric entry). */
    private void control(Composite group, int index, ParameterDescriptor d, Object value) {
        Label label = new Label(group, SWT.WRAP);
        label.setText(d instanceof NumberParameter n && n.unit().equals("deg") ? d.label() + " (\u00b0)" : d
                .label());
        GridData labelData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        labelData.widthHint = Math.min(90, label.computeSize(SWT.DEFAULT, SWT.DEFAULT).x); // longer ones wrap
        label.setLayoutData(labelData);
        switch (d) {
        case NumberParameter n -> {
            // the name on a row of its own: at the default window size a name, slider, entry and button side by
            // side did not fit the editor's column, and the slider was the part that vanished
            GridData nameData = new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1);
            nameData.widthHint = 1; // wraps to the view's width
            label.setLayoutData(nameData);
            flipButton(group, index, d);
            Scale scale = new Scale(group, SWT.HORIZONTAL);
            wheelScrollsTheStack(scale);
            scale.setMinimum(0);
            scale.setMaximum(STEPS);
            scale.setPageIncrement(STEPS / 20);
            GridData scaleData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
            scaleData.widthHint = 60; // grows with the view, never pushes the numeric entry out of sight
            scale.setLayoutData(scaleData);
            Text text = new Text(group, SWT.BORDER | SWT.RIGHT);
            text.setLayoutData(new GridData(48, SWT.DEFAULT));
            double v = ((Number) value).doubleValue();
            scale.setSelection(position(n, v));
            text.setText(format(v));
            text.setToolTipText(n.label() + " in [" + format(n.min()) + ", " + format(n.max()) + "]" + (n.unit()
                    .equals("deg") ? " degrees" + (n.periodic() ? ", wrapping around" : "") : n.unit().isEmpty() ? ""
                            : " " + n.unit()));
            scale.addListener(SWT.Selection, e -> {
                double x = n.min() + (n.max() - n.min()) * scale.getSelection() / STEPS;
                text.setText(format(x));
                set(index, n.id(), x);
            });
            Button sweep = new Button(group, SWT.PUSH);
            sweep.setText("Sweep");
            sweep.setToolTipText("Sweep this parameter over its range with the current scene, stack and models "
                    + "(runs in the Sweeps view)");
            sweep.addListener(SWT.Selection, e -> sweep(index, n));
            // Enter and leaving the entry (Tab, a click elsewhere) both apply what was typed; anything that is not
            // a finite number puts the current value back
            org.eclipse.swt.widgets.Listener apply = e -> {
                double current = n.min() + (n.max() - n.min()) * scale.getSelection() / STEPS;
                double typed;
                try {
                    typed = Double.parseDouble(text.getText().trim());
                } catch (NumberFormatException ex) {
                    typed = Double.NaN;
                }
                if (!Double.isFinite(typed)) {
                    text.setText(format(current));
                    return;
                }
                double x = n.normalize(typed); // clamped; an angle over a full turn wraps around (454 is 94)
                text.setText(format(x));
                Object was = session.stack().entries().get(index).values().get(n.id());
                if (!(was instanceof Number w && w.doubleValue() == x) && !(was == null && x == current)) {
                    scale.setSelection(position(n, x));
                    set(index, n.id(), x);
                }
            };
            text.addListener(SWT.DefaultSelection, apply);
            text.addListener(SWT.FocusOut, apply);
        }
        case IntegerParameter n -> {
            Spinner spinner = new Spinner(group, SWT.BORDER);
            wheelScrollsTheStack(spinner);
            spinner.setValues(((Number) value).intValue(), n.min(), n.max(), 0, 1, Math.max(1, (n.max() - n.min())
                    / 10));
            spinner.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false, 2, 1));
            spinner.addListener(SWT.Selection, e -> set(index, n.id(), (double) spinner.getSelection()));
            flipButton(group, index, d);
        }
        case ChoiceParameter ch -> {
            Combo combo = new Combo(group, SWT.READ_ONLY);
            wheelScrollsTheStack(combo);
            ch.choices().forEach(x -> combo.add(x.label()));
            combo.select(Math.max(0, ch.choices().stream().map(ChoiceParameter.Choice::value).toList().indexOf(
                    value)));
            combo.setLayoutData(narrow(3));
            combo.addListener(SWT.Selection, e -> set(index, ch.id(), ch.choices().get(combo.getSelectionIndex())
                    .value()));
        }
        case ClassParameter cl -> {
            // the attacked models' classes by name; a stored index (an old session) or a class none of them has is
            // listed as it is, so that nothing is lost
            Combo combo = new Combo(group, SWT.READ_ONLY);
            wheelScrollsTheStack(combo);
            Set<String> distinct = new LinkedHashSet<>();
            distinct.add("");
            attacked().forEach(m -> distinct.addAll(m.descriptor().labels()));
            String current = className(cl, value == null ? "" : value.toString());
            distinct.add(current);
            List<String> names = List.copyOf(distinct);
            names.forEach(x -> combo.add(x.isEmpty() ? UNTARGETED : x));
            combo.select(names.indexOf(current));
            combo.setVisibleItemCount(Math.min(20, names.size()));
            combo.setLayoutData(narrow(3));
            combo.addListener(SWT.Selection, e -> {
                set(index, cl.id(), names.get(combo.getSelectionIndex()));
                combo.getDisplay().asyncExec(() -> { // anew, with the line that says what the attack targets
                    if (!entries.isDisposed()) {
                        rebuild();
                    }
                });
            });
        }
        case BooleanParameter b -> {
            Button check = new Button(group, SWT.CHECK);
            check.setSelection(Boolean.TRUE.equals(value));
            check.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false, 3, 1));
            check.addListener(SWT.Selection, e -> set(index, b.id(), check.getSelection()));
        }
        case ColorParameter col -> {
            Button swatch = new Button(group, SWT.PUSH);
            Rgb rgb = (Rgb) value;
            swatch.setText(rgb.toHex());
            swatch.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, true, false, 3, 1));
            swatch.addListener(SWT.Selection, e -> {
                ColorDialog dialog = new ColorDialog(swatch.getShell());
                dialog.setRGB(new RGB((int) Math.round(Math.min(1, rgb.r()) * 255), (int) Math.round(Math.min(1,
                        rgb.g()) * 255), (int) Math.round(Math.min(1, rgb.b()) * 255)));
                RGB chosen = dialog.open();
                if (chosen != null) {
                    setStack(session.stack().set(index, session.stack().entries().get(index).with(col.id(), String
                            .format(Locale.ROOT, "#%02x%02x%02x", chosen.red, chosen.green, chosen.blue))));
                }
            });
            Color shown = new Color(swatch.getDisplay(), (int) Math.round(Math.min(1, rgb.r()) * 255), (int) Math
                    .round(Math.min(1, rgb.g()) * 255), (int) Math.round(Math.min(1, rgb.b()) * 255));
            swatch.setForeground(shown);
            swatch.addListener(SWT.Dispose, e -> shown.dispose());
        }
        case FileParameter f -> {
            Button browse = new Button(group, SWT.PUSH);
            // the file's name, not its whole path (that widened the column); no tool tip: it covered the dialog
            browse.setText(value == null || value.toString().isEmpty() ? "Choose file..." : java.nio.file.Path.of(
                    value.toString()).getFileName().toString());
            browse.setLayoutData(narrow(3));
            browse.addListener(SWT.Selection, e -> {
                String chosen = new FileDialog(browse.getShell(), SWT.OPEN).open();
                if (chosen != null) {
                    setStack(session.stack().set(index, session.stack().entries().get(index).with(f.id(), chosen)));
                }
            });
        }
        }
    }

    /**
     * "Sweep this parameter": sweeps it over its whole range (11 levels) around the current scene, stack and active
     * models, from 4 views, in the Sweeps view.
     */
    private void sweep(int index, NumberParameter n) {
        var scene = session.scene();
        if (scene == null || parts == null) {
            return;
        }
        StackEntry entry = session.stack().entries().get(index);
        var part = parts.showPart("org.perturber.app.part.sweeps", org.eclipse.e4.ui.workbench.modeling.EPartService
                .PartState.ACTIVATE);
        if (part != null && part.getObject() instanceof SweepPart sweeps) {
            sweeps.startSession(scene, session.stack(), session.models(), new org.perturber.sweep.SessionSweeps.Vary(
                    entry.perturbation(), n.id(), n.min(), n.max(), 11));
        }
    }

    /** A class as the user knows it: an old session's index is shown as the attacked model's label. */
    private String className(ClassParameter parameter, String stored) {
        List<LoadedModel> models = attacked();
        if (models.isEmpty()) {
            return stored;
        }
        List<String> labels = models.get(0).descriptor().labels();
        try {
            int index = parameter.resolve(stored, labels); // the attacks' own reading of a stored value
            return index < 0 ? "" : labels.get(index);
        } catch (InvalidParameterException e) {
            return stored; // no class of this model: listed as it is written, so that nothing is lost
        }
    }

    /** The entry for "no target" in a class list. */
    public static final String UNTARGETED = "(none: untargeted)";

    /** Fills its columns but asks for no more width than the view has (a long item does not widen the column). */
    private static GridData narrow(int columns) {
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, columns, 1);
        data.widthHint = 60;
        return data;
    }

    private static int position(NumberParameter n, double v) {
        return n.max() == n.min() ? 0 : (int) Math.round((v - n.min()) / (n.max() - n.min()) * STEPS);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }
}
