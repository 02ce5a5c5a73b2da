package org.perturber.app.parts;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/** A part whose view is still to come: it says what will appear here (the part's tooltip in the model). */
public class PlaceholderPart {
    @PostConstruct
    public void create(Composite parent, MPart part) {
        parent.setLayout(new GridLayout(1, false));
        Label label = new Label(parent, SWT.WRAP);
        label.setText(part.getTooltip() == null ? part.getLabel() : part.getTooltip());
        label.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        label.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
    }
}
