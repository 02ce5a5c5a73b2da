package org.perturber.app.parts;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.perturber.app.ProblemLog;
import org.perturber.app.ProblemLog.Problem;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The Error Log: every problem the workbench reported ({@link ProblemLog}), newest first, with when, where from and
 * a one-line message; the selected problem's details (its stack trace, its whole message) below, also on a
 * double-click; Copy puts the selected problems on the clipboard, Clear empties the log.
 */
public class ErrorLogPart {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private ProblemLog log;
    private final Runnable listener = this::logChanged;
    private Table table;
    private Text details;
    private Label count;
    private List<Problem> shown = List.of();

    @PostConstruct
    public void create(Composite parent, ProblemLog problems) {
        log = problems;
        parent.setLayout(new GridLayout(3, false));
        count = new Label(parent, SWT.NONE);
        count.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button copy = new Button(parent, SWT.PUSH);
        copy.setText("Copy");
        copy.setToolTipText("Copy the selected problems (all when none is selected) with their details");
        copy.addListener(SWT.Selection, e -> copy());
        Button clear = new Button(parent, SWT.PUSH);
        clear.setText("Clear");
        clear.setToolTipText("Remove every problem from the log");
        clear.addListener(SWT.Selection, e -> log.clear());

        SashForm split = new SashForm(parent, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        table = new Table(split, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("Time", 70);
        column("Source", 200);
        column("Message", 600);
        details = new Text(split, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        details.setMessage("Select a problem to see its details");
        split.setWeights(65, 35);
        table.addListener(SWT.Selection, e -> showDetails());
        table.addListener(SWT.DefaultSelection, e -> showDetails()); // double-click or Enter
        log.addListener(listener);
        refresh();
    }

    private void column(String title, int width) {
        TableColumn c = new TableColumn(table, SWT.NONE);
        c.setText(title);
        c.setWidth(width);
    }

    private void logChanged() {
        Ui.async(table, this::refresh);
    }

    /** UI thread: shows the log, newest first, keeping the selected problem selected. */
    private void refresh() {
        Problem selected = selected().isEmpty() ? null : selected().get(0);
        shown = new java.util.ArrayList<>(log.problems());
        java.util.Collections.reverse(shown);
        table.removeAll();
        for (Problem p : shown) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { TIME.format(p.time()), p.source(), p.summary() });
            item.setData(p);
            if (p.equals(selected)) {
                table.setSelection(item);
            }
        }
        count.setText(shown.isEmpty() ? "No problems reported" : shown.size() + (shown.size() == 1 ? " problem"
                : " problems") + ": select one for its details");
        count.getParent().layout(new org.eclipse.swt.widgets.Control[] { count });
        showDetails();
    }

    private List<Problem> selected() {
        return java.util.Arrays.stream(table.getSelection()).map(i -> (Problem) i.getData()).toList();
    }

    private void showDetails() {
        List<Problem> chosen = selected();
        details.setText(chosen.isEmpty() ? "" : describe(chosen.get(0)));
    }

    /** A problem as text: its time, source and whole message, then its details. */
    static String describe(Problem p) {
        return TIME.format(p.time()) + "  " + p.source() + "\n" + p.message() + (p.details().isEmpty() ? ""
                : "\n\n" + p.details());
    }

    /** Copies the selected problems (every one when none is selected) to the clipboard. */
    public void copy() {
        List<Problem> chosen = selected().isEmpty() ? shown : selected();
        if (chosen.isEmpty()) {
            return;
        }
        String text = String.join("\n\n", chosen.stream().map(ErrorLogPart::describe).toList());
        Clipboard clipboard = new Clipboard(table.getDisplay());
        try {
            clipboard.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }

    public Table table() {
        return table;
    }

    public Text details() {
        return details;
    }

    @PreDestroy
    public void dispose() {
        log.removeListener(listener);
    }
}
