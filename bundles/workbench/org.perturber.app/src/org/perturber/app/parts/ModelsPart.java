package org.perturber.app.parts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.perturber.app.BuiltinModels;
import org.perturber.app.ProblemLog;
import org.perturber.explore.ExploreSession;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.service.Services;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The models the views use: the built-in ones from models/ and any model folder opened from disk, each with a
 * check box that makes it active (loading it in a Job) or inactive (unloading it). The built-in defaults are
 * active from the start.
 */
public class ModelsPart {
    private ExploreSession session;
    private final java.util.function.Consumer<org.perturber.explore.SessionEvent> listener = e -> sessionChanged();
    private Table table;
    private Label message;
    private Button remove;
    /** Why a row's model cannot be used (its model.json is broken, its load failed), by folder. */
    private final java.util.Map<Path, String> problems = new java.util.HashMap<>();
    private ProblemLog problemLog;
    private boolean listed;

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, @org.eclipse.e4.core.di.annotations.Optional
            ProblemLog log) {
        session = explore;
        problemLog = log;
        GridLayout layout = new GridLayout(3, false);
        layout.marginHeight = 2;
        layout.verticalSpacing = 2;
        parent.setLayout(layout);
        Button open = new Button(parent, SWT.PUSH);
        open.setText("Open model folder...");
        open.setToolTipText("Open a model folder: model.json with an MXNet, TorchScript or ONNX network (releng/export-model writes one from PyTorch; see models/README.md)");
        open.addListener(SWT.Selection, e -> openFolder());
        remove = new Button(parent, SWT.PUSH);
        remove.setText("Remove");
        remove.setToolTipText("Remove the selected model from the list (unloading it when active)");
        remove.addListener(SWT.Selection, e -> removeSelected());
        // one line beside the buttons, elided: a long problem must not wrap over the table (full text in its tool
        // tip and in the Error Log)
        message = new Label(parent, SWT.NONE);
        GridData messageData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        messageData.widthHint = 100;
        message.setLayoutData(messageData);
        table = new Table(parent, SWT.CHECK | SWT.FULL_SELECTION | SWT.MULTI | SWT.BORDER);
        table.setHeaderVisible(true);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        // at least three rows, however small the window: the list must not disappear
        tableData.minimumHeight = table.getItemHeight() * 3 + table.getHeaderHeight();
        table.setLayoutData(tableData);
        org.eclipse.swt.widgets.Menu menu = new org.eclipse.swt.widgets.Menu(table);
        org.eclipse.swt.widgets.MenuItem removeItem = new org.eclipse.swt.widgets.MenuItem(menu, SWT.PUSH);
        removeItem.setText("Remove");
        removeItem.addListener(SWT.Selection, e -> removeSelected());
        table.setMenu(menu);
        table.addListener(SWT.Selection, e -> remove.setEnabled(table.getSelectionCount() > 0));
        table.addListener(SWT.MouseHover, e -> {
            TableItem hovered = table.getItem(new org.eclipse.swt.graphics.Point(e.x, e.y));
            table.setToolTipText(hovered == null ? null : problems.get(hovered.getData()));
        });
        for (String title : new String[] { "Model", "Variant", "Architecture", "Input", "Problem" }) {
            new TableColumn(table, SWT.NONE).setText(title);
        }
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                setActive(item, item.getChecked());
            }
        });
        remove.setEnabled(false);
        session.addListener(listener);
        setMessage("Reading the model folders...");
        // model.json files are read in a Job, never on the UI thread (a folder on a slow disk must not freeze it)
        Job.create("Reading the built-in model folders", (IProgressMonitor monitor) -> {
            java.util.List<Row> rows = BuiltinModels.available().stream().map(ModelsPart::read).toList();
            Ui.async(table, () -> {
                setMessage("");
                for (Row row : rows) {
                    addRow(row);
                }
                if (rows.isEmpty()) {
                    setMessage("No built-in models in " + BuiltinModels.directory().toAbsolutePath()
                            + "; train them with releng/perturber train");
                }
                for (TableColumn c : table.getColumns()) {
                    c.pack();
                }
                table.getColumn(PROBLEM).setWidth(Math.max(table.getColumn(PROBLEM).getWidth(), 160));
                listed = true;
                sessionChanged();
            });
            return Status.OK_STATUS;
        }).schedule();
    }

    /** Whether the built-in model folders are read and listed (they are read in a Job after the view opens). */
    public boolean listed() {
        return listed;
    }

    public Table table() {
        return table;
    }

    /** The problem column; its text is elided, the whole problem is the row's tool tip. */
    private static final int PROBLEM = 4;
    private static final int PROBLEM_CHARS = 48;

    /** A folder's row as read from its model.json: the texts of its columns, or why it cannot be used. */
    private record Row(Path dir, String[] text, String problem) {
    }

    /** Any thread but the UI's: reads a folder's model.json (the checks every backend makes). */
    private static Row read(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            ModelDescriptor d = ModelFolder.read(folder).descriptor();
            return new Row(folder, new String[] { d.name(), d.variant(), d.architecture(), d.inputWidth() + "\u00d7"
                    + d.inputHeight(), "" }, null);
        } catch (ModelLoadException | RuntimeException e) {
            // a broken model.json is named with what is wrong with it
            String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
            return new Row(folder, new String[] { name, "", "", "", "" }, e.getMessage());
        }
    }

    /** UI thread: the row of a folder read, or the existing one updated. */
    private TableItem addRow(Row row) {
        TableItem item = null;
        for (TableItem existing : table.getItems()) {
            if (existing.getData().equals(row.dir())) {
                item = existing;
            }
        }
        if (item == null) {
            item = new TableItem(table, SWT.NONE);
            item.setData(row.dir());
        }
        item.setText(row.text());
        if (row.problem() != null) {
            setProblem(item, row.problem());
        } else {
            problems.remove(row.dir());
            item.setForeground(null);
        }
        return item;
    }

    /** UI thread: marks a row as unusable, saying why (elided in the row, whole in its tool tip and the Error Log). */
    private void setProblem(TableItem item, String problem) {
        Path dir = (Path) item.getData();
        problems.put(dir, problem);
        item.setText(PROBLEM, Ui.elide(problem, PROBLEM_CHARS));
        item.setForeground(table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        setMessage(problem);
        if (problemLog != null) {
            problemLog.report(dir.resolve(ModelFolder.DESCRIPTOR).toString(), problem, "");
        }
    }

    private void setMessage(String text) {
        message.setText(Ui.elide(text, 120));
        message.setToolTipText(text.isEmpty() ? null : text);
    }

    /** Removes the selected rows (a failed one too), unloading their models when active. */
    public void removeSelected() {
        for (TableItem item : table.getSelection()) {
            Path dir = (Path) item.getData();
            if (item.getChecked()) {
                setActive(item, false);
            }
            problems.remove(dir);
            item.dispose();
        }
        remove.setEnabled(false);
        setMessage("");
    }

    /** The text of the message beside the buttons and its tool tip (for tests). */
    public String message() {
        return message.getToolTipText() == null ? message.getText() : message.getToolTipText();
    }

    public Label messageLabel() {
        return message;
    }

    public Button removeButton() {
        return remove;
    }

    private Optional<LoadedModel> loaded(Path dir) {
        return session.models().stream().filter(m -> m.location().toAbsolutePath().normalize().equals(dir))
                .findFirst();
    }

    private void setActive(TableItem item, boolean active) {
        Path dir = (Path) item.getData();
        if (active && problems.containsKey(dir)) {
            // fixed since? read it again, in a Job
            item.setChecked(false);
            Job.create("Reading model folder " + dir.getFileName(), (IProgressMonitor monitor) -> {
                Row row = read(dir);
                Ui.async(table, () -> {
                    TableItem again = addRow(row);
                    if (row.problem() == null) {
                        again.setChecked(true);
                        setActive(again, true);
                    }
                });
                return Status.OK_STATUS;
            }).schedule();
            return;
        }
        if (!active) {
            loaded(dir).ifPresent(m -> {
                session.removeModel(m);
                // the service is looked up in a Job: the UI thread never waits for one
                Job.create("Unloading model " + dir.getFileName(), (IProgressMonitor monitor) -> Services.await(
                        InferenceService.class, Duration.ofSeconds(30)).unload(m)).schedule();
            });
            return;
        }
        setMessage("Loading " + dir.getFileName() + "...");
        Job.create("Loading model " + dir.getFileName(), (IProgressMonitor monitor) -> {
            try {
                InferenceService inference = Services.await(InferenceService.class, Duration.ofSeconds(30));
                session.addModel(inference.load(dir).get());
                return Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                showProblem(dir, cause.getMessage() != null && cause.getMessage().contains(dir.toString()) ? cause
                        .getMessage() : dir.getFileName() + " did not load: " + cause.getMessage());
                return Status.OK_STATUS; // reported in the view and the Error Log; the workbench carries on
            }
        }).schedule();
    }

    private void showProblem(Path dir, String text) {
        Ui.async(table, () -> {
            for (TableItem item : table.getItems()) {
                if (item.getData().equals(dir)) {
                    setProblem(item, text);
                }
            }
            sessionChanged();
        });
    }

    private void openFolder() {
        DirectoryDialog dialog = new DirectoryDialog(table.getShell());
        dialog.setText("Open a model folder");
        String chosen = dialog.open();
        if (chosen != null) {
            open(Path.of(chosen));
        }
    }

    /**
     * UI thread: lists a model folder (the one chosen in Open model folder...) and makes it active. Its model.json
     * is read in a Job; the row and the load follow on the UI thread.
     */
    public Job open(Path chosen) {
        Path dir = chosen.toAbsolutePath().normalize();
        setMessage("Reading " + dir.getFileName() + "...");
        Job job = Job.create("Opening model folder " + dir.getFileName(), (IProgressMonitor monitor) -> {
            if (!Files.exists(dir.resolve(ModelFolder.DESCRIPTOR), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Ui.async(table, () -> setMessage(dir + " has no model.json: not a model folder (see "
                        + "models/README.md)"));
                return Status.OK_STATUS;
            } // one that is not a regular file (a FIFO, a link out of the folder) is refused by ModelFolder.read
            Row row = read(dir);
            Ui.async(table, () -> {
                TableItem item = addRow(row);
                if (row.problem() == null) {
                    setMessage("");
                    item.setChecked(true);
                    setActive(item, true);
                }
            });
            return Status.OK_STATUS;
        });
        job.setRule(org.perturber.app.SessionOpener.READING);
        job.schedule();
        return job;
    }

    /** Any thread: check boxes follow the active models. */
    private void sessionChanged() {
        if (table.isDisposed()) {
            return;
        }
        table.getDisplay().asyncExec(() -> {
            if (table.isDisposed()) {
                return;
            }
            for (TableItem item : table.getItems()) {
                item.setChecked(loaded((Path) item.getData()).isPresent());
            }
            if (!session.models().isEmpty() && message.getText().startsWith("Loading")) {
                setMessage("");
            }
            if (session.modelProblem() != null) {
                setMessage(session.modelProblem());
            }
        });
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(listener);
    }
}
