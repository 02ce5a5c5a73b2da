package org.perturber.app.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.perturber.install.Feature;
import org.perturber.install.InstallException;
import org.perturber.install.PluginInstaller;
import org.perturber.install.RepositoryLocation;

/**
 * Help > Install plugins...: a p2 repository (a folder or a zip file, chosen in the file dialog or typed) is read in
 * a Job and its features listed; the checked ones are installed in a Job (progress here and in the status bar,
 * Cancel), then the user is offered to restart, which the installation needs. Nothing is fetched from the network.
 */
public class InstallPluginsDialog extends Dialog {
    public static final String TITLE = "Install plugins";
    static final int INSTALL_ID = IDialogConstants.CLIENT_ID + 1;
    /** Typing pauses this long before the repository is read. */
    private static final int READ_DELAY_MS = 300;

    private final Runnable restart;
    private Text location;
    private Table features;
    private Label message;
    private ProgressBar progress;
    private Button cancel;
    private RepositoryLocation listedFrom;
    /** The newest read: an older one that ends later is dropped. */
    private int readGeneration;
    private Job installJob;

    public InstallPluginsDialog(Shell parent, Runnable restart) {
        super(parent);
        this.restart = restart;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(3, false));
        Label intro = new Label(area, SWT.WRAP);
        intro.setText("A p2 repository with plugins for Perturber: a folder or a zip file (for example a lab's"
                + " update site). Nothing is fetched from the network.");
        GridData introData = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        introData.widthHint = 560;
        intro.setLayoutData(introData);

        location = new Text(area, SWT.BORDER | SWT.SINGLE);
        location.setMessage("/path/to/repository or /path/to/repository.zip");
        location.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        location.addModifyListener(e -> scheduleRead());
        Button folder = new Button(area, SWT.PUSH);
        folder.setText("Folder...");
        folder.addListener(SWT.Selection, e -> chooseFolder());
        Button zip = new Button(area, SWT.PUSH);
        zip.setText("Zip file...");
        zip.addListener(SWT.Selection, e -> chooseZip());

        features = new Table(area, SWT.BORDER | SWT.CHECK | SWT.FULL_SELECTION | SWT.V_SCROLL);
        features.setHeaderVisible(true);
        for (String column : new String[] {"Feature", "Version", "Name"}) {
            TableColumn c = new TableColumn(features, SWT.LEFT);
            c.setText(column);
            c.setWidth(column.equals("Name") ? 220 : 170);
        }
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        tableData.heightHint = 160;
        features.setLayoutData(tableData);
        features.addListener(SWT.Selection, e -> updateButtons());

        message = new Label(area, SWT.WRAP);
        GridData messageData = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        messageData.widthHint = 560;
        message.setLayoutData(messageData);
        progress = new ProgressBar(area, SWT.HORIZONTAL | SWT.INDETERMINATE);
        progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        progress.setVisible(false);
        cancel = new Button(area, SWT.PUSH);
        cancel.setText("Cancel installation");
        cancel.setVisible(false);
        cancel.addListener(SWT.Selection, e -> {
            if (installJob != null) {
                installJob.cancel();
                message.setText("Cancelling...");
            }
        });
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, INSTALL_ID, "Install", true).setEnabled(false);
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, false);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == INSTALL_ID) {
            install();
        } else if (buttonId == IDialogConstants.CLOSE_ID) {
            if (installJob == null) {
                close();
            }
        } else {
            super.buttonPressed(buttonId);
        }
    }

    @Override
    public boolean close() {
        // an installation in progress must end (or be cancelled) first: the profile would be left half changed
        return installJob == null && super.close();
    }

    private void chooseFolder() {
        DirectoryDialog dialog = new DirectoryDialog(getShell(), SWT.OPEN);
        dialog.setText("A p2 repository folder");
        String chosen = dialog.open();
        if (chosen != null) {
            location.setText(chosen);
        }
    }

    private void chooseZip() {
        FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
        dialog.setText("A zipped p2 repository");
        dialog.setFilterExtensions(new String[] {"*.zip", "*"});
        String chosen = dialog.open();
        if (chosen != null) {
            location.setText(chosen);
        }
    }

    /** The text field, as the user left it. */
    public Text location() {
        return location;
    }

    /** The features listed (checked ones are installed). */
    public Table features() {
        return features;
    }

    /** The last problem or result, one line each. */
    public Label message() {
        return message;
    }

    /** Whether a read or an installation runs (for tests that wait for it). */
    public boolean busy() {
        return reading || installJob != null;
    }

    private boolean reading;

    private void scheduleRead() {
        int generation = ++readGeneration;
        String text = location.getText();
        listedFrom = null;
        features.removeAll();
        updateButtons();
        if (text.isBlank()) {
            message.setText("");
            return;
        }
        reading = true;
        message.setText("Reading " + text.strip() + "...");
        Display display = getShell().getDisplay();
        display.timerExec(READ_DELAY_MS, () -> {
            if (generation != readGeneration || location.isDisposed()) {
                return;
            }
            Job job = Job.create("Reading the repository " + text.strip(), (IProgressMonitor monitor) -> {
                List<Feature> found = List.of();
                RepositoryLocation repository = null;
                String problem = null;
                try {
                    repository = RepositoryLocation.of(text);
                    found = PluginInstaller.featuresIn(repository, monitor);
                    if (found.isEmpty()) {
                        problem = "nothing to install: " + repository + " holds no feature";
                    }
                } catch (InstallException e) {
                    problem = String.join("\n", e.problems());
                }
                RepositoryLocation read = repository;
                List<Feature> result = found;
                String shown = problem;
                display.asyncExec(() -> showRead(generation, read, result, shown));
                return Status.OK_STATUS;
            });
            job.setSystem(true);
            job.schedule();
        });
    }

    private void showRead(int generation, RepositoryLocation repository, List<Feature> found, String problem) {
        if (generation != readGeneration || features.isDisposed()) {
            return;
        }
        reading = false;
        listedFrom = repository;
        features.removeAll();
        for (Feature feature : found) {
            TableItem item = new TableItem(features, SWT.NONE);
            item.setText(new String[] {feature.id(), feature.version(), feature.name()});
            item.setChecked(true);
        }
        message.setText(problem != null ? problem : found.size() + (found.size() == 1 ? " feature" : " features")
                + " in " + repository + "; the checked ones are installed");
        message.getParent().layout(true);
        updateButtons();
    }

    private void updateButtons() {
        Button install = getButton(INSTALL_ID);
        if (install != null && !install.isDisposed()) {
            install.setEnabled(installJob == null && listedFrom != null && !checked().isEmpty());
        }
        Button close = getButton(IDialogConstants.CLOSE_ID);
        if (close != null && !close.isDisposed()) {
            close.setEnabled(installJob == null);
        }
    }

    private List<String> checked() {
        List<String> ids = new ArrayList<>();
        for (TableItem item : features.getItems()) {
            if (item.getChecked()) {
                ids.add(item.getText(0));
            }
        }
        return ids;
    }

    private void install() {
        List<String> ids = checked();
        RepositoryLocation repository = listedFrom;
        if (repository == null || ids.isEmpty() || installJob != null) {
            return;
        }
        Display display = getShell().getDisplay();
        List<Feature> installed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        installJob = Job.create("Installing plugins from " + repository, (IProgressMonitor monitor) -> {
            try {
                installed.addAll(PluginInstaller.forRunningProduct().install(repository, ids, monitor));
            } catch (InstallException e) {
                problems.addAll(e.problems());
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            }
            return Status.OK_STATUS;
        });
        installJob.setUser(true);
        installJob.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                IStatus result = event.getResult();
                display.asyncExec(() -> installed(result, installed, problems));
            }
        });
        location.setEnabled(false);
        features.setEnabled(false);
        progress.setVisible(true);
        cancel.setVisible(true);
        message.setText("Installing " + String.join(", ", ids) + " from " + repository + "...");
        updateButtons();
        installJob.schedule();
    }

    private void installed(IStatus result, List<Feature> installed, List<String> problems) {
        installJob = null;
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        location.setEnabled(true);
        features.setEnabled(true);
        progress.setVisible(false);
        cancel.setVisible(false);
        updateButtons();
        if (result.getSeverity() == IStatus.CANCEL) {
            message.setText("Installation cancelled: nothing was installed");
            return;
        }
        if (!problems.isEmpty()) {
            message.setText(String.join("\n", problems));
            message.getParent().layout(true);
            getShell().layout(true, true);
            return;
        }
        String names = String.join(", ", installed.stream().map(f -> f.id() + " " + f.version()).toList());
        message.setText("Installed " + names + ". Restart Perturber to use "
                + (installed.size() == 1 ? "it." : "them."));
        BooleanSupplier ask = () -> MessageDialog.openQuestion(getShell(), "Restart Perturber", "Installed " + names
                + ".\n\nPerturber must restart to use " + (installed.size() == 1 ? "it" : "them")
                + ". Restart now?");
        if (ask.getAsBoolean()) {
            close();
            restart.run();
        }
    }
}
