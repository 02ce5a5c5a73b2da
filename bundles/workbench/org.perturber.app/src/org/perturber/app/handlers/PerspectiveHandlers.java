package org.perturber.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/** Window menu: switch between the Explore and Compare perspectives (they share one session). */
public final class PerspectiveHandlers {
    public static final String EXPLORE = "org.perturber.app.perspective.explore";
    public static final String COMPARE = "org.perturber.app.perspective.compare";

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
}
