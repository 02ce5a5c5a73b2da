package org.perturber.app.parts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.perturber.core.param.BooleanParameter;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ClassParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;

import jakarta.annotation.PostConstruct;

/**
 * Help > Guide: a short guide to each view (what it shows, how to use it) and to each perturbation (its
 * description and its parameters with their ranges and units, as its contribution declares them). A tree of topics
 * on the left, the chosen topic on the right.
 */
public class HelpPart {
    public static final String VIEWS = "Views";
    public static final String PERTURBATIONS = "Perturbations";

    /** How to use each view, by part id (the views' tool tips say what they show). */
    private static final Map<String, String> USE = Map.ofEntries(
            Map.entry("models", "Check a model to load it and make it active; uncheck it to unload it. \"Open model "
                    + "folder...\" adds a folder holding a model.json (see models/README.md). A model that cannot be "
                    + "used says why in its row (point at it for the whole text) and in the Error Log; select it "
                    + "and press Remove (or use the row's context menu) to take it off the list."),
            Map.entry("perturbations", "\"Add perturbation\" adds an entry to the stack; its sliders and fields set "
                    + "its parameters (a typed value applies on Enter or when leaving the field), its check box "
                    + "turns it off. Entries apply by stage: scene perturbations, then image ones, then attacks. "
                    + "Edit > Undo (Ctrl+Z) takes an edit back."),
            Map.entry("scene", "Drag to orbit the camera, use the wheel to zoom. This is the scene every model "
                    + "sees, with the scene perturbations applied."),
            Map.entry("predictions", "The top classes of each active model for the perturbed scene, with the change "
                    + "from the unperturbed scene. The number of classes is set in Window > Preferences."),
            Map.entry("activations", "Choose a model and a layer: each channel is a heat map. Click a channel to "
                    + "pin it; the Robustness curve then plots its mean activation."),
            Map.entry("attribution", "Which pixels a class's score reacts to: gradient saliency and gradient x "
                    + "input, for the chosen model."),
            Map.entry("sweeps", "Run a sweep file (a grid of parameter values and views) as a job: its plot fills "
                    + "in as results arrive; Cancel stops it."),
            Map.entry("contributions", "Every contribution of every plugin and whether it loads; a failed one says "
                    + "why and names its bundle. Reload reads them again."),
            Map.entry("curve", "Drag a perturbation's slider: each model's true-class probability is plotted "
                    + "against the parameter's value."),
            Map.entry("flipPoints", "Press \"Find flip\" on a parameter in the Perturbations view (or \"Find flip\" "
                    + "above the stack for all its parameters, those of perturbations not yet in it, or all together): "
                    + "for each active model, the smallest change each way that changes its top class, with the class "
                    + "it changes to and the model's input there. With several models the one that breaks first is "
                    + "marked in each row. Apply sets the value in the stack (Edit > Undo takes it back); Stop ends a "
                    + "search."),
            Map.entry("corruptions", "Click a corruption to put it into the stack at the severity below (the slider "
                    + "goes from 0, the clean image, to 5 in steps of 0.01; the buttons 1 to 5 set a whole severity; "
                    + "the seed is for the corruptions that draw random numbers). The palette manages one entry: "
                    + "another click replaces it (entries added by hand stay), the slider changes its severity, None "
                    + "takes it out, and Edit > Undo takes each click back. A button that is off cannot be used: its "
                    + "tool tip says why."),
            Map.entry("compare", "The active models side by side on the same perturbed scene: where they disagree, "
                    + "how their activations change, and whether an attack made against one fools the others."),
            Map.entry("errorLog", "Every problem the workbench reported, newest first: select one for its details "
                    + "(double-click does too), Copy puts the selected ones on the clipboard, Clear empties the "
                    + "log."),
            Map.entry("help", "This guide: choose a topic on the left."));

    private Tree topics;
    private StyledText page;
    private TreeItem perturbations;

    @PostConstruct
    public void create(Composite parent, MApplication app, EModelService models) {
        parent.setLayout(new FillLayout());
        SashForm split = new SashForm(parent, SWT.HORIZONTAL);
        topics = new Tree(split, SWT.BORDER | SWT.SINGLE);
        page = new StyledText(split, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        page.setMargins(8, 6, 8, 6);
        split.setWeights(30, 70);

        TreeItem views = new TreeItem(topics, SWT.NONE);
        views.setText(VIEWS);
        views.setData("The views of the Explore and Compare perspectives (Window > Explore / Compare perspective)."
                + " Window > Show view brings a closed view back; Window > Reset perspective puts every view back"
                + " where it was at the start.");
        Map<String, String> seen = new TreeMap<>();
        for (MPart part : models.findElements(app.getChildren().get(0), null, MPart.class)) {
            String key = key(part.getElementId());
            if (seen.containsKey(part.getLabel())) {
                continue; // the same view in both perspectives
            }
            seen.put(part.getLabel(), part.getLabel() + "\n\n" + (part.getTooltip() == null ? "" : part.getTooltip()
                    + ".") + (USE.containsKey(key) ? "\n\n" + USE.get(key) : ""));
        }
        seen.forEach((label, text) -> {
            TreeItem item = new TreeItem(views, SWT.NONE);
            item.setText(label);
            item.setData(text);
        });
        perturbations = new TreeItem(topics, SWT.NONE);
        perturbations.setText(PERTURBATIONS);
        perturbations.setData("Loading the perturbations...");
        views.setExpanded(true);
        topics.addListener(SWT.Selection, e -> show((TreeItem) e.item));
        topics.setSelection(views);
        show(views);
        loadPerturbations();
    }

    /** "org.perturber.app.part.compare.scene" is "scene". */
    private static String key(String partId) {
        return partId == null ? "" : partId.substring(partId.lastIndexOf('.') + 1);
    }

    private void show(TreeItem item) {
        String text = item.getData() instanceof String s ? s : "";
        page.setText(text);
        int title = text.indexOf('\n');
        if (title > 0) {
            page.setStyleRange(new StyleRange(0, title, null, null, SWT.BOLD));
        }
    }

    /** The perturbations' guide, from their contributions (created in a Job: a plugin's class may be slow to load). */
    private void loadPerturbations() {
        Job job = Job.create("Reading the perturbations for the guide", (IProgressMonitor monitor) -> {
            List<Contribution<Perturbation>> all;
            try {
                all = Services.await(ContributionRegistry.class, Duration.ofSeconds(30)).perturbations();
            } catch (IllegalStateException e) {
                Ui.async(topics, () -> perturbations.setData("The perturbations could not be read: " + e
                        .getMessage()));
                return Status.OK_STATUS;
            }
            Map<String, Map<String, String>> byCategory = new TreeMap<>();
            for (Contribution<Perturbation> c : all) {
                byCategory.computeIfAbsent(c.category().isEmpty() ? "other" : c.category(), k -> new TreeMap<>())
                        .put(c.name(), guide(c));
            }
            Ui.async(topics, () -> {
                perturbations.setData("The perturbations the installed plugins contribute, by category, with "
                        + "their parameters' ranges and units. Add them to the stack with \"Add perturbation\" in "
                        + "the Perturbations view.");
                byCategory.forEach((category, entries) -> {
                    TreeItem group = new TreeItem(perturbations, SWT.NONE);
                    group.setText(category);
                    group.setData(category + "\n\n" + String.join(", ", entries.keySet()));
                    entries.forEach((name, text) -> {
                        TreeItem item = new TreeItem(group, SWT.NONE);
                        item.setText(name);
                        item.setData(text);
                    });
                });
                perturbations.setExpanded(true);
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** One perturbation's page: its name, description, stage and parameters (range, unit, default). */
    static String guide(Contribution<Perturbation> c) {
        StringBuilder text = new StringBuilder(c.name()).append("\n\n");
        text.append(c.description().isBlank() ? "(no description)" : c.description().strip()).append("\n\n");
        text.append("Category: ").append(c.category().isEmpty() ? "other" : c.category()).append("   Plugin: ")
                .append(c.bundle()).append('\n');
        java.util.Optional<Perturbation> p = c.instance();
        if (p.isEmpty()) {
            return text.append("\nIt does not load: ").append(c.failure().orElse("")).toString();
        }
        text.append("Stage: ").append(p.get().stage().name().toLowerCase(java.util.Locale.ROOT)).append("\n\n");
        text.append("Parameters:\n");
        for (ParameterDescriptor d : p.get().parameters()) {
            text.append("  \u2022 ").append(d.label()).append(": ").append(describe(d)).append('\n');
        }
        return text.toString();
    }

    /** A parameter's range and unit, in words. */
    static String describe(ParameterDescriptor d) {
        return switch (d) {
        case NumberParameter n -> range(n.min(), n.max(), n.unit()) + ", default " + number(n.defaultValue())
                + unit(n.unit(), " (no unit)");
        case IntegerParameter i -> range(i.min(), i.max(), i.unit()) + ", default " + i.defaultValue() + unit(i
                .unit(), " (no unit)");
        case ChoiceParameter c -> "one of " + String.join(", ", c.choices().stream().map(ChoiceParameter.Choice::label)
                .toList()) + "; default " + c.defaultValue();
        case BooleanParameter b -> "on or off; default " + (b.defaultValue() ? "on" : "off");
        case ClassParameter c -> "a class of the attacked model, chosen by name; default " + (c.defaultValue()
                .isEmpty() ? "none (untargeted)" : c.defaultValue());
        default -> "default " + d.defaultValue();
        };
    }

    private static String range(double min, double max, String unit) {
        return "from " + number(min) + " to " + number(max) + unit(unit, "");
    }

    private static String unit(String unit, String none) {
        return unit == null || unit.isEmpty() ? none : " " + unit;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    public Tree topics() {
        return topics;
    }

    public StyledText page() {
        return page;
    }
}
