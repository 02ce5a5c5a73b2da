package org.perturber.app.parts;

import java.io.IOException;
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
import org.perturber.explore.ExploreSession;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.service.Services;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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

    @PostConstruct
    public void create(Composite parent, ExploreSession explore) {
        session = explore;
        GridLayout layout = new GridLayout(2, false);
        layout.marginHeight = 2;
        layout.verticalSpacing = 2;
        parent.setLayout(layout);
        Button open = new Button(parent, SWT.PUSH);
        open.setText("Open model folder...");
        open.setToolTipText("Open a model folder: model.json with an MXNet, TorchScript or ONNX network (releng/export-model writes one from PyTorch; see models/README.md)");
        open.addListener(SWT.Selection, e -> openFolder());
        message = new Label(parent, SWT.WRAP); // beside the button: problems and progress
        GridData messageData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        messageData.widthHint = 100;
        message.setLayoutData(messageData);
        table = new Table(parent, SWT.CHECK | SWT.FULL_SELECTION | SWT.BORDER);
        table.setHeaderVisible(true);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tableData.minimumHeight = table.getItemHeight() * 2 + table.getHeaderHeight();
        table.setLayoutData(tableData);
        for (String title : new String[] { "Model", "Variant", "Architecture", "Input" }) {
            new TableColumn(table, SWT.NONE).setText(title);
        }
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                setActive(item, item.getChecked());
            }
        });
        for (Path dir : BuiltinModels.available()) {
            addRow(dir);
        }
        if (table.getItemCount() == 0) {
            message.setText("No built-in models in " + BuiltinModels.directory().toAbsolutePath()
                    + "; train them with releng/perturber train");
        }
        for (TableColumn c : table.getColumns()) {
            c.pack();
        }
        session.addListener(listener);
        sessionChanged();
    }

    public Table table() {
        return table;
    }

    private TableItem addRow(Path dir) {
        TableItem item = new TableItem(table, SWT.NONE);
        item.setData(dir.toAbsolutePath().normalize());
        String[] text = { dir.getFileName().toString(), "", "", "" };
        try {
            JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("model.json"))).getAsJsonObject();
            text[0] = json.has("name") ? json.get("name").getAsString() : text[0];
            text[1] = json.has("variant") ? json.get("variant").getAsString() : "";
            text[2] = json.has("architecture") ? json.get("architecture").getAsString() : "";
            JsonObject input = json.getAsJsonObject("input");
            text[3] = input == null ? "" : input.get("width").getAsInt() + "\u00d7" + input.get("height").getAsInt();
        } catch (IOException | RuntimeException e) {
            text[1] = "unreadable model.json";
        }
        item.setText(text);
        return item;
    }

    private Optional<LoadedModel> loaded(Path dir) {
        return session.models().stream().filter(m -> m.location().toAbsolutePath().normalize().equals(dir))
                .findFirst();
    }

    private void setActive(TableItem item, boolean active) {
        Path dir = (Path) item.getData();
        if (!active) {
            loaded(dir).ifPresent(m -> {
                session.removeModel(m);
                // the service is looked up in a Job: the UI thread never waits for one
                Job.create("Unloading model " + dir.getFileName(), (IProgressMonitor monitor) -> Services.await(
                        InferenceService.class, Duration.ofSeconds(30)).unload(m)).schedule();
            });
            return;
        }
        message.setText("Loading " + dir.getFileName() + "...");
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
                showProblem(dir.getFileName() + " did not load: " + cause.getMessage());
                return Status.OK_STATUS; // reported in the view; the workbench carries on
            }
        }).schedule();
    }

    private void showProblem(String text) {
        if (!table.isDisposed()) {
            table.getDisplay().asyncExec(() -> {
                if (!table.isDisposed()) {
                    message.setText(text);
                    message.getParent().layout();
                    sessionChanged();
                }
            });
        }
    }

    private void openFolder() {
        DirectoryDialog dialog = new DirectoryDialog(table.getShell());
        dialog.setText("Open a model folder");
        String chosen = dialog.open();
        if (chosen == null) {
            return;
        }
        Path dir = Path.of(chosen).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            message.setText(dir + " has no model.json: not a model folder (see models/README.md)");
            return;
        }
        TableItem item = null;
        for (TableItem existing : table.getItems()) {
            if (existing.getData().equals(dir)) {
                item = existing;
            }
        }
        if (item == null) {
            item = addRow(dir);
        }
        item.setChecked(true);
        setActive(item, true);
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
                message.setText("");
            }
            if (session.modelProblem() != null) {
                message.setText(session.modelProblem());
            }
        });
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(listener);
    }
}
