package org.perturber.app.parts;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Combo;
import org.perturber.app.ProblemLog;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.core.registry.Contribution;
import org.perturber.core.viz.Visualization;

/**
 * A view's choice among the visualizations of a category, in a combo: ours first (the default), a lab's after
 * them; the choice is remembered in the preferences ({@link Contributed#preferenceKey}) for the next start.
 */
final class VisualizationChoice {
    private VisualizationChoice() {
    }

    /** UI thread: lists the choices (name; bundle and description in the tool tip) and selects the remembered one. */
    static void fill(Combo combo, List<Contribution<Visualization>> choices, String category) {
        fill(combo, choices, category, Contribution::name);
    }

    /** UI thread: as {@link #fill(Combo, List, String)}, each choice listed as {@code label} says. */
    static void fill(Combo combo, List<Contribution<Visualization>> choices, String category,
            java.util.function.Function<Contribution<Visualization>, String> label) {
        combo.removeAll();
        choices.forEach(c -> combo.add(label.apply(c)));
        String remembered = WorkbenchPreferences.node().get(Contributed.preferenceKey(category), "");
        int index = 0;
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).id().equals(remembered)) {
                index = i;
            }
        }
        combo.select(choices.isEmpty() ? -1 : index);
        tip(combo, choices);
    }

    /** UI thread: the chosen visualization, or null when there is none. */
    static Contribution<Visualization> selected(Combo combo, List<Contribution<Visualization>> choices) {
        int i = combo.getSelectionIndex();
        return i < 0 || i >= choices.size() ? null : choices.get(i);
    }

    /** UI thread: the user chose; the choice is remembered (written in a Job: the UI thread does no I/O). */
    static void chosen(Combo combo, List<Contribution<Visualization>> choices, String category, ProblemLog log) {
        Contribution<Visualization> c = selected(combo, choices);
        tip(combo, choices);
        if (c == null) {
            return;
        }
        WorkbenchPreferences.node().put(Contributed.preferenceKey(category), c.id());
        Job save = Job.create("Saving the preferences", (IProgressMonitor monitor) -> {
            WorkbenchPreferences.save(log);
            return Status.OK_STATUS;
        });
        save.setSystem(true);
        save.schedule();
    }

    private static void tip(Combo combo, List<Contribution<Visualization>> choices) {
        Contribution<Visualization> c = selected(combo, choices);
        combo.setToolTipText(c == null ? null : c.name() + " (" + c.id() + ", bundle " + c.bundle() + ")" + (c
                .description().isBlank() ? "" : "\n" + c.description()));
    }
}
