package org.perturber.app.parts;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.perturber.core.service.Services;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;

import jakarta.annotation.PostConstruct;

/**
 * Lists every contribution to Perturber's extension points with its bundle and status. Each contribution is
 * created once (in a background job) so that a lab sees at a glance whether its plugin loads, and why not.
 */
public class ContributionsPart {
    private TableViewer viewer;
    private Label summary;

    @PostConstruct
    public void create(Composite parent) {
        parent.setLayout(new GridLayout(2, false));
        summary = new Label(parent, SWT.NONE);
        summary.setText("Loading contributions...");
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button reload = new Button(parent, SWT.PUSH);
        reload.setText("Reload");
        reload.setToolTipText("Read the extension points again and create every contribution");
        reload.addListener(SWT.Selection, e -> load());

        viewer = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        Color failed = parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED);
        column("Kind", 105, c -> switch (c.kind()) {
        case PERTURBATION -> "perturbation";
        case MODEL_BACKEND -> "model backend";
        case VISUALIZATION -> "visualization";
        }, failed);
        column("Id", 345, Contribution::id, failed);
        column("Name", 165, Contribution::name, failed);
        column("Category", 85, Contribution::category, failed);
        column("Bundle", 240, Contribution::bundle, failed);
        column("Status", 70, c -> c.status().name().toLowerCase().replace('_', ' '), failed);
        column("Reason", 420, c -> c.failure().orElse(""), failed);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        load();
    }

    private void column(String title, int width, Function<Contribution<?>, String> text, Color failed) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Contribution<?>) element);
            }

            @Override
            public Color getForeground(Object element) {
                return ((Contribution<?>) element).status() == ContributionStatus.FAILED ? failed : null;
            }

            @Override
            public String getToolTipText(Object element) {
                return ((Contribution<?>) element).description();
            }
        });
    }

    private void load() {
        Job job = Job.create("Loading contributions", (IProgressMonitor monitor) -> {
            ContributionRegistry registry;
            try {
                registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(20));
            } catch (IllegalStateException e) {
                show(List.of(), e.getMessage());
                return Status.error(e.getMessage(), e);
            }
            List<Contribution<?>> all = registry.all();
            monitor.beginTask("Creating contributions", all.size());
            for (Contribution<?> c : all) {
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                c.instance(); // failures are captured in the contribution, never thrown
                monitor.worked(1);
            }
            long failures = all.stream().filter(c -> c.status() == ContributionStatus.FAILED).count();
            show(all, all.size() + (all.size() == 1 ? " contribution, " : " contributions, ") + failures + " failed");
            return Status.OK_STATUS;
        });
        job.setSystem(false);
        job.schedule();
    }

    private void show(List<Contribution<?>> contributions, String text) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        viewer.getControl().getDisplay().asyncExec(() -> {
            if (!viewer.getControl().isDisposed()) {
                viewer.setInput(contributions);
                summary.setText(text);
                summary.getParent().layout();
            }
        });
    }

    /** For tests and tools: the summary line once loading has finished. */
    public String summary() {
        return summary.getText();
    }

    public Table table() {
        return viewer.getTable();
    }

}
