package org.perturber.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.swt.widgets.Shell;
import org.perturber.app.parts.MeshImport;
import org.perturber.explore.ExploreSession;

/** File > Import mesh...: an OBJ, glTF or GLB file becomes the scene's object (what a drop on the Scene view does). */
public class ImportMeshHandler {
    @Execute
    public void execute(Shell shell, ExploreSession session) {
        MeshImport.chooseFile(shell, session);
    }
}
