package org.perturber.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.perturber.explore.ExploreSession;

/** Edit > Redo (Ctrl+Y, Ctrl+Shift+Z). */
public class RedoHandler {
    @Execute
    public void execute(ExploreSession session) {
        session.redo();
    }
}
