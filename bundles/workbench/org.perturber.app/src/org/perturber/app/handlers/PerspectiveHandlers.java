package org.perturber.app.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.MElementContainer;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/** Window menu: switch between the Explore and Compare perspectives (they share one session), reset one. */
public final class PerspectiveHandlers {
    public static final String EXPLORE = "org.perturber.app.perspective.explore";
    public static final String COMPARE = "org.perturber.app.perspective.compare";
    /** The snippets that keep each perspective's layout as Application.e4xmi gives it: "<perspective id>.original". */
    static final String ORIGINAL = ".original";

    private PerspectiveHandlers() {
    }

    public static class Explore {
        @Execute
        public void execute(EPartService parts) {
            parts.switchPerspective(EXPLORE);
        }
    }

    public static class Compare {
        @Execute
        public void execute(EPartService parts) {
            parts.switchPerspective(COMPARE);
        }
    }

    /** Before the window is rendered: a copy of each perspective's layout, for Reset perspective. */
    public static void rememberLayouts(MApplication app, MWindow window) {
        EModelService models = app.getContext().get(EModelService.class);
        for (MPerspective p : models.findElements(window, null, MPerspective.class)) {
            if (models.findSnippet(app, p.getElementId() + ORIGINAL) != null) {
                continue;
            }
            MUIElement copy = models.cloneElement(p, null);
            copy.setElementId(p.getElementId() + ORIGINAL);
            app.getSnippets().add(copy);
        }
    }

    /**
     * Window > Reset perspective: the current perspective's views back where Application.e4xmi puts them, closed
     * ones open again, each sash and tab as at the start. The views themselves stay (their state is kept).
     */
    public static class Reset {
        @CanExecute
        public boolean canExecute() {
            return !Dialogs.modalOpen();
        }

        @Execute
        public void execute(MApplication app, MWindow window, EModelService models) {
            MPerspective live = models.getActivePerspective(window);
            if (live == null) {
                return;
            }
            MUIElement original = models.findSnippet(app, live.getElementId() + ORIGINAL);
            if (original instanceof MPerspective p) {
                restore(p, live, models);
                if (window.getWidget() instanceof org.eclipse.swt.widgets.Shell shell) {
                    shell.layout(true, true);
                }
            }
        }
    }

    /** Gives each element of the live perspective the place, size, visibility and selection the original has. */
    @SuppressWarnings("unchecked")
    private static void restore(MUIElement original, MPerspective live, EModelService models) {
        MUIElement element = original instanceof MPerspective ? live : models.find(original.getElementId(), live);
        if (element == null) {
            return;
        }
        if (original instanceof MElementContainer<?> container && element instanceof MElementContainer target) {
            List<? extends MUIElement> children = container.getChildren();
            for (int i = 0; i < children.size(); i++) {
                MUIElement child = models.find(children.get(i).getElementId(), live);
                if (child != null && child.getParent() != target) {
                    // moved to another stack since: back to where it was
                    child.getParent().getChildren().remove(child);
                    target.getChildren().add(Math.min(i, target.getChildren().size()), child);
                }
                restore(children.get(i), live, models);
            }
            MUIElement selected = container.getSelectedElement();
            MUIElement liveSelected = selected == null ? null : models.find(selected.getElementId(), live);
            if (liveSelected != null && liveSelected.getParent() == target) {
                target.setSelectedElement(liveSelected);
            }
        }
        element.setContainerData(original.getContainerData());
        element.setToBeRendered(original.isToBeRendered());
        element.setVisible(original.isVisible());
    }
}
