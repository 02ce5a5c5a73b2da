package org.perturber.app.handlers;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.perturber.app.ProblemLog;
import org.perturber.app.parts.PreferencesDialog;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.service.Services;
import org.osgi.framework.FrameworkUtil;

/** Window > Preferences..., Window > Show view..., Help > About. */
public final class WindowHandlers {
    private WindowHandlers() {
    }

    /**
     * Window > Preferences...: asks the engines which device they run on (in a Job: the service may still be
     * starting), then opens the dialog.
     */
    public static class Preferences {
        @CanExecute
        public boolean canExecute() {
            return !Dialogs.modalOpen();
        }

        @Execute
        public void execute(@Optional Shell shell, @Optional ProblemLog problems) {
            Shell parent = shell != null ? shell : Dialogs.activeShell();
            Display display = parent.getDisplay();
            Job job = Job.create("Asking the engines for their devices", (IProgressMonitor monitor) -> {
                String devices = engines();
                display.asyncExec(() -> {
                    if (!parent.isDisposed()) {
                        new PreferencesDialog(parent, devices, problems).open();
                    }
                });
                return Status.OK_STATUS;
            });
            job.setSystem(true);
            job.schedule();
        }
    }

    /** Any thread but the UI's: the device each engine runs on, in words. */
    static String engines() {
        try {
            return Services.await(InferenceService.class, Duration.ofSeconds(20)).device();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Help > About: the version, the engines and the renderer. */
    public static class About {
        @Execute
        public void execute(@Optional Shell shell) {
            Shell parent = shell != null ? shell : Dialogs.activeShell();
            Display display = parent.getDisplay();
            Job job = Job.create("Reading the version, engines and renderer", (IProgressMonitor monitor) -> {
                String renderer;
                try {
                    renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(20)).info().toString();
                } catch (RuntimeException e) {
                    renderer = "not available (" + e.getMessage() + ")";
                }
                String text = "Perturber " + FrameworkUtil.getBundle(WindowHandlers.class).getVersion()
                        + "\n\nA workbench to perturb a 3D scene and watch what image classifiers make of it."
                        + "\n\nEngines: " + engines() + "\nRenderer: " + renderer + "\nJava: " + System.getProperty(
                                "java.version") + " (" + System.getProperty("java.vendor") + ")";
                display.asyncExec(() -> {
                    if (!parent.isDisposed()) {
                        MessageDialog.openInformation(parent, "About Perturber", text);
                    }
                });
                return Status.OK_STATUS;
            });
            job.setSystem(true);
            job.schedule();
        }
    }

    /**
     * Window > Show view...: every view of the current perspective, closed ones too; the chosen one is brought
     * back and activated.
     */
    public static class ShowView {
        @CanExecute
        public boolean canExecute() {
            return !Dialogs.modalOpen();
        }

        @Execute
        public void execute(@Optional Shell shell, MWindow window, EModelService models, EPartService parts) {
            MPerspective perspective = models.getActivePerspective(window);
            List<MPart> views = models.findElements(perspective != null ? perspective : window, null, MPart.class);
            ShowViewDialog dialog = new ShowViewDialog(shell != null ? shell : Dialogs.activeShell(), views);
            if (dialog.open() == Dialog.OK && dialog.chosen != null) {
                show(dialog.chosen, parts);
            }
        }
    }

    /** Help > Guide: the Help view of the current perspective, opened again when closed. */
    public static class Guide {
        @Execute
        public void execute(MWindow window, EModelService models, EPartService parts) {
            showView(".help", window, models, parts);
        }
    }

    /** Help > Error Log: the Error Log view of the current perspective, opened again when closed. */
    public static class ErrorLog {
        @Execute
        public void execute(MWindow window, EModelService models, EPartService parts) {
            showView(".errorLog", window, models, parts);
        }
    }

    /** Shows the view of the current perspective whose id ends so (each perspective has its own copy). */
    public static void showView(String idEnd, MWindow window, EModelService models, EPartService parts) {
        MPerspective perspective = models.getActivePerspective(window);
        models.findElements(perspective != null ? perspective : window, null, MPart.class).stream().filter(
                p -> p.getElementId() != null && p.getElementId().endsWith(idEnd)).findFirst().ifPresent(p -> show(p,
                        parts));
    }

    /** Brings a closed or hidden view back and activates it. */
    public static void show(MPart part, EPartService parts) {
        part.setToBeRendered(true);
        part.setVisible(true);
        parts.showPart(part, EPartService.PartState.ACTIVATE);
    }

    /** The list of views Show view offers; a double-click or OK chooses one. */
    public static final class ShowViewDialog extends Dialog {
        public static final String TITLE = "Show view";
        private final List<MPart> views;
        private org.eclipse.swt.widgets.List list;
        private MPart chosen;

        ShowViewDialog(Shell parent, List<MPart> views) {
            super(parent);
            this.views = views;
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(TITLE);
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            list = new org.eclipse.swt.widgets.List(area, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL);
            for (MPart view : views) {
                boolean shown = view.isToBeRendered() && view.isVisible();
                list.add(view.getLocalizedLabel() + (shown ? "" : "  (closed)"));
            }
            GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
            data.heightHint = Math.min(views.size(), 14) * list.getItemHeight() + 8;
            data.widthHint = 280;
            list.setLayoutData(data);
            if (!views.isEmpty()) {
                list.select(0);
            }
            list.addListener(SWT.DefaultSelection, e -> okPressed());
            return area;
        }

        @Override
        protected void okPressed() {
            int index = list.getSelectionIndex();
            chosen = index < 0 ? null : views.get(index);
            super.okPressed();
        }

        /** For tests: the list of views. */
        public org.eclipse.swt.widgets.List list() {
            return list;
        }
    }
}
