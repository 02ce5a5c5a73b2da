package org.perturber.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.perturber.explore.ExploreSession;

/** Edit > Undo (Ctrl+Z): takes back the last perturbation edit (a whole slider drag at once) or scene edit
 * (choosing the object, Reset camera). */
public class UndoHandler {
    @Execute
    public void execute(ExploreSession session) {
        session.undo();
    }
}
