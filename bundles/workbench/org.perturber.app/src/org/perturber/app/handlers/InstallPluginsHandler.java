package org.perturber.app.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.swt.widgets.Shell;

/** Help > Install plugins...: installs features of a p2 repository (a folder or a zip) into this Perturber. */
public class InstallPluginsHandler {
    @CanExecute
    public boolean canExecute() {
        return !Dialogs.modalOpen();
    }

    @Execute
    public void execute(@Optional Shell shell, IWorkbench workbench) {
        Shell parent = shell != null ? shell : Dialogs.activeShell();
        new InstallPluginsDialog(parent, workbench::restart).open();
    }
}
