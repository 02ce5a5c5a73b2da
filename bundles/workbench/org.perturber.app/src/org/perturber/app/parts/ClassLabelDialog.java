package org.perturber.app.parts;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.fieldassist.AutoCompleteField;
import org.eclipse.jface.fieldassist.ComboContentAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * Asks which class label the models should see an imported mesh as: an editable list of the active models' labels,
 * completed while typing; any other label may be typed (the models then have no right answer for it).
 */
public class ClassLabelDialog extends Dialog {
    public static final String TITLE = "Class label";
    private final Path file;
    private final List<String> labels;
    private final String initial;
    private Combo combo;
    private Label note;
    private String label;

    public ClassLabelDialog(Shell parent, Path file, List<String> labels, String initial) {
        super(parent);
        this.file = file;
        this.labels = labels;
        this.initial = initial;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        Label question = new Label(area, SWT.WRAP);
        question.setText("Which class should the models see " + file.getFileName() + " as?");
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 380;
        question.setLayoutData(wide);
        combo = new Combo(area, SWT.DROP_DOWN);
        combo.setItems(labels.toArray(String[]::new));
        combo.setText(initial);
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new AutoCompleteField(combo, new ComboContentAdapter(), labels.toArray(String[]::new));
        note = new Label(area, SWT.WRAP);
        GridData noteData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        noteData.widthHint = 380;
        note.setLayoutData(noteData);
        combo.addListener(SWT.Modify, e -> update());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        update();
    }

    /** Says whether the models know the label; OK needs one. */
    private void update() {
        String text = combo.getText().trim();
        if (note != null) {
            note.setText(text.isEmpty() ? "Type a class label." : labels.contains(text)
                    ? "The active models know this class."
                    : "None of the active models has this class: their predictions cannot be right.");
        }
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(!text.isEmpty());
        }
    }

    public Combo combo() {
        return combo;
    }

    @Override
    protected void okPressed() {
        label = combo.getText().trim();
        super.okPressed();
    }

    /** The label chosen (after OK). */
    public String label() {
        return label;
    }
}
