package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.ProblemLog;
import org.perturber.app.parts.ModelsPart;

/**
 * A broken model folder in the Models view: its problem in words naming the file (no raw exception), on one line
 * beside the buttons and elided in its row (whole in the tool tip and the Error Log), the row removable, and the
 * table still there at small window sizes.
 */
class ModelErrorsTest extends WorkbenchTest {
    static final String MODELS = "org.perturber.app.part.models";

    /** A model folder whose model.json stops in the middle of "architecture" (as a truncated copy does). */
    static Path cutOffModel(Path dir) throws IOException {
        Path model = Files.createDirectories(dir.resolve("broken-model"));
        Files.writeString(model.resolve("model.json"), "{\n  \"id\": \"broken\",\n  \"architecture\": ");
        Files.writeString(model.resolve("labels.txt"), "mug\nteapot\n");
        return model;
    }

    static TableItem row(Table table, Path dir) {
        return Arrays.stream(table.getItems()).filter(i -> i.getData().equals(dir.toAbsolutePath().normalize()))
                .findFirst().orElse(null);
    }

    @Test
    void aBrokenModelJsonIsNamedInWordsOnOneLineAndItsRowCanBeRemoved(@TempDir Path dir) throws Exception {
        Path broken = cutOffModel(dir);
        ModelsPart models = wb.models();
        int before = wb.ui(() -> models.table().getItemCount());
        wb.ui(() -> models.open(broken)); // what Open model folder... does with the chosen folder

        wb.await("the broken row", () -> row(models.table(), broken) != null && !row(models.table(), broken)
                .getText(4).isEmpty());
        String message = wb.ui(() -> models.message());
        assertTrue(message.contains(broken.resolve("model.json").toString()), message);
        assertTrue(message.contains("ends early") && message.contains("'architecture'"), message);
        assertFalse(message.contains("Exception") || message.contains("$."), "no raw exception text: " + message);
        String cell = wb.ui(() -> row(models.table(), broken).getText(4));
        assertTrue(cell.length() <= 48 && cell.endsWith("\u2026"), "elided in its row: " + cell);
        assertFalse(wb.ui(() -> row(models.table(), broken).getChecked()), "a broken model is not active");
        // one line beside the buttons, never wrapped over the table
        Label label = wb.ui(() -> models.messageLabel());
        int lineHeight = wb.ui(() -> {
            GC gc = new GC(label);
            try {
                return gc.getFontMetrics().getHeight();
            } finally {
                gc.dispose();
            }
        });
        assertFalse(wb.ui(() -> label.getText().contains("\n")));
        assertTrue(wb.ui(() -> label.getSize().y) < 2 * lineHeight, "the message takes one line");
        // the whole problem is in the Error Log
        ProblemLog log = wb.application().getContext().get(ProblemLog.class);
        assertTrue(log.problems().stream().anyMatch(p -> p.message().contains("ends early") && p.source()
                .endsWith("model.json")), log.problems().toString());

        // select the failed row and press Remove
        wb.ui(() -> {
            models.table().setSelection(row(models.table(), broken));
            models.table().notifyListeners(SWT.Selection, new Event());
        });
        assertTrue(wb.ui(() -> models.removeButton().isEnabled()));
        wb.ui(() -> models.removeButton().notifyListeners(SWT.Selection, new Event()));
        assertEquals(before, wb.ui(() -> models.table().getItemCount()));
        assertTrue(wb.ui(() -> row(models.table(), broken) == null));
        assertFalse(wb.session().models().isEmpty(), "the other models stay");
    }

    @Test
    void theModelsTableStaysAtSmallWindowSizes(@TempDir Path dir) throws Exception {
        Path broken = cutOffModel(dir);
        ModelsPart models = wb.models();
        wb.ui(() -> models.open(broken)); // a long problem beside the buttons, as in the report
        wb.await("the broken row", () -> row(models.table(), broken) != null);
        Shell shell = wb.ui(() -> (Shell) wb.window().getWidget());
        org.eclipse.swt.graphics.Point size = wb.ui(() -> shell.getSize());
        try {
            for (int[] s : new int[][] { { 900, 600 }, { 1024, 700 } }) {
                wb.ui(() -> {
                    shell.setSize(s[0], s[1]);
                    shell.layout(true, true);
                });
                Table table = models.table();
                int height = wb.ui(() -> table.getSize().y);
                int rows = wb.ui(() -> table.getItemHeight() * 2 + table.getHeaderHeight());
                assertTrue(wb.ui(() -> table.isVisible()) && height >= rows, "at " + s[0] + "x" + s[1]
                        + " the table is " + height + " px high; two rows need " + rows);
            }
        } finally {
            wb.ui(() -> shell.setSize(size));
            wb.ui(() -> {
                models.table().setSelection(row(models.table(), broken));
                models.removeSelected();
            });
        }
    }
}
