package org.perturber.app.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.explore.ExploreSession;
import org.perturber.objects.BuiltinCatalog;

/**
 * The Scene view's object gallery: one button per built-in object with its picture and name (the current one
 * pressed), the recently imported meshes and "Import mesh...". Opened by the view's "Object" button; choosing
 * closes it.
 */
public final class ObjectChooser {
    private final Composite panel;
    private final ExploreSession session;
    private final Runnable close;
    private final Map<String, Button> buttons = new HashMap<>();
    private final List<Image> images = new ArrayList<>();
    private final Composite recentRow;
    private final Consumer<String> thumbnailReady;

    ObjectChooser(Composite parent, ExploreSession session, Runnable close) {
        this.session = session;
        this.close = close;
        panel = new Composite(parent, SWT.BORDER);
        GridLayout grid = new GridLayout(6, true);
        grid.marginWidth = 6;
        grid.marginHeight = 4;
        grid.verticalSpacing = 2;
        panel.setLayout(grid);
        Image placeholder = placeholder(parent);
        for (String id : BuiltinCatalog.ids()) {
            Composite cell = new Composite(panel, SWT.NONE);
            GridLayout cellLayout = new GridLayout(1, false);
            cellLayout.marginWidth = 0;
            cellLayout.marginHeight = 0;
            cellLayout.verticalSpacing = 0;
            cell.setLayout(cellLayout);
            cell.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, true, false));
            Button b = new Button(cell, SWT.TOGGLE | SWT.FLAT);
            b.setImage(placeholder);
            b.setToolTipText("Make the " + BuiltinCatalog.label(id).toLowerCase(java.util.Locale.ROOT)
                    + " the scene's object (class label '" + id + "')");
            b.setData(id);
            b.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, false, false));
            b.addListener(SWT.Selection, e -> {
                MeshImport.chooseBuiltin(session, id);
                sceneChanged(session.scene()); // a click on the pressed button leaves it pressed
                close.run();
            });
            Label name = new Label(cell, SWT.CENTER);
            name.setText(BuiltinCatalog.label(id));
            name.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, false, false));
            buttons.put(id, b);
        }
        recentRow = new Composite(panel, SWT.NONE);
        recentRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));
        thumbnailReady = id -> Ui.async(panel, () -> showThumbnail(id));
        panel.addListener(SWT.Dispose, e -> {
            ObjectThumbnails.forget(thumbnailReady);
            images.forEach(Image::dispose);
        });
    }

    private Image placeholder(Composite parent) {
        Image image = new Image(parent.getDisplay(), ObjectThumbnails.SIZE, ObjectThumbnails.SIZE);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(image);
        gc.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
        gc.fillRectangle(0, 0, ObjectThumbnails.SIZE, ObjectThumbnails.SIZE);
        gc.dispose();
        images.add(image);
        return image;
    }

    /** UI thread: shows the gallery's current state and starts the thumbnails it lacks. */
    void opened() {
        for (String id : BuiltinCatalog.ids()) {
            showThumbnail(id);
        }
        ObjectThumbnails.request(thumbnailReady);
        showRecent();
        sceneChanged(session.scene());
    }

    private void showThumbnail(String id) {
        ImageData data = ObjectThumbnails.get(id);
        Button b = buttons.get(id);
        if (data == null || b.isDisposed() || b.getData("thumbnail") != null) {
            return;
        }
        Image image = new Image(panel.getDisplay(), data);
        images.add(image);
        b.setImage(image);
        b.setData("thumbnail", image);
    }

    /** UI thread: the current object's button is pressed. */
    void sceneChanged(Scene scene) {
        String current = scene == null || scene.objects().isEmpty() || scene.subject().mesh()
                .kind() != MeshRef.Kind.BUILTIN ? null : scene.subject().mesh().id();
        buttons.forEach((id, b) -> b.setSelection(id.equals(current)));
    }

    private void showRecent() {
        for (Control c : recentRow.getChildren()) {
            c.dispose();
        }
        List<Path> recent = MeshImport.recent();
        GridLayout row = new GridLayout(2 + recent.size(), false);
        row.marginWidth = 0;
        recentRow.setLayout(row);
        Button importButton = new Button(recentRow, SWT.PUSH);
        importButton.setText("Import mesh...");
        importButton.setToolTipText("Bring in an OBJ, glTF or GLB file (or drop one on the Scene view)");
        importButton.addListener(SWT.Selection, e -> {
            close.run();
            MeshImport.chooseFile(panel.getShell(), session);
        });
        Label title = new Label(recentRow, SWT.NONE);
        title.setText(recent.isEmpty() ? "" : "Recent:");
        for (Path p : recent) {
            Button b = new Button(recentRow, SWT.PUSH | SWT.FLAT);
            b.setText(p.getFileName().toString());
            b.setToolTipText("Import " + p + " again");
            b.setData(p);
            b.addListener(SWT.Selection, e -> {
                close.run();
                MeshImport.importFile(panel.getShell(), p, session);
            });
        }
        recentRow.layout(true);
    }

    public Composite control() {
        return panel;
    }

    /** The built-in object buttons, in catalog order (each button's data is its id). */
    public List<Button> objectButtons() {
        return BuiltinCatalog.ids().stream().map(buttons::get).toList();
    }

    /** The recent mesh buttons (each button's data is its path). */
    public List<Button> recentButtons() {
        return java.util.Arrays.stream(recentRow.getChildren()).filter(c -> c instanceof Button b && b
                .getData() instanceof Path).map(Button.class::cast).toList();
    }
}
